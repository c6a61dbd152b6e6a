package io.irflow.investigate;

import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Pure syntax checks and normalisers for network identifiers; no regexes, no I/O, no DNS. The public methods serve
 * other packages (inbound alert validation, never_quarantine matching) so that every part of irflow reads an
 * address the same way.
 */
public final class NetSyntax {

    /** Longest IPv6 literal we look at (with an embedded IPv4 tail), zone excluded. */
    private static final int MAX_IPV6 = 45;

    private NetSyntax() {
    }

    /** Whether {@code s} is an IPv4 dotted quad or an IPv6 literal (no zone id); literal syntax only, never DNS. */
    public static boolean isIpLiteral(String s) {
        return s != null && (parseIpv4(s) != null || (s.indexOf(':') >= 0 && parseIpv6(s) != null));
    }

    /** A MAC in colon, hyphen or Cisco dotted form as {@code aa:bb:cc:dd:ee:ff}, or null. */
    public static String mac(String s) {
        return s == null ? null : normaliseMac(s.strip());
    }

    /** An RFC 1123 host name (ASCII letter/digit/hyphen labels), lower-cased without a trailing dot, or null. */
    public static String hostname(String s) {
        return s == null || !isAscii(s) ? null : asciiHostname(s);
    }

    /** Whether an IP literal lies in a CIDR range ({@code 10.10.0.0/24}, {@code 2001:db8::/32}); never DNS. */
    public static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        // Only address literals reach InetAddress, which would otherwise resolve names over DNS.
        if (parts.length != 2 || !isIpLiteral(ip) || !isIpLiteral(parts[0])) {
            return false;
        }
        try {
            byte[] a = InetAddress.getByName(ip).getAddress();
            byte[] n = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (a.length != n.length || bits < 0 || bits > a.length * 8) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(a.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(bits).not();
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** Returns true for a strict dotted quad (0-255, no leading zeros except "0"). */
    static boolean isIpv4(String s) {
        return parseIpv4(s) != null;
    }

    /** Parses a strict dotted quad into four octets, or returns null. */
    static int[] parseIpv4(String s) {
        if (s.isEmpty() || s.length() > 15) {
            return null;
        }
        int[] out = new int[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (part > 3) {
                    return null;
                }
                int len = i - start;
                if (len < 1 || len > 3 || (len > 1 && s.charAt(start) == '0')) {
                    return null;
                }
                int v = 0;
                for (int j = start; j < i; j++) {
                    char c = s.charAt(j);
                    if (c < '0' || c > '9') {
                        return null;
                    }
                    v = v * 10 + (c - '0');
                }
                if (v > 255) {
                    return null;
                }
                out[part++] = v;
                start = i + 1;
            }
        }
        return part == 4 ? out : null;
    }

    /**
     * Parses an IPv6 literal (RFC 4291 text forms, optional dotted IPv4 tail, zone id already
     * removed) into eight 16-bit groups, or returns null.
     */
    static int[] parseIpv6(String s) {
        if (s.length() < 2 || s.length() > MAX_IPV6) {
            return null;
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String left = dbl >= 0 ? s.substring(0, dbl) : s;
        String right = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] l = groups(left, dbl < 0);
        int[] r = groups(right, true);
        if (l == null || r == null) {
            return null;
        }
        int total = l.length + r.length;
        if ((dbl < 0 && total != 8) || (dbl >= 0 && total > 7)) {
            return null;
        }
        int[] out = new int[8];
        System.arraycopy(l, 0, out, 0, l.length);
        System.arraycopy(r, 0, out, 8 - r.length, r.length);
        return out;
    }

    /** Splits colon-separated hex groups; the last may be a dotted IPv4 when allowed. */
    private static int[] groups(String s, boolean ipv4TailAllowed) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] tail = null;
        int n = parts.length;
        if (parts[n - 1].indexOf('.') >= 0) {
            tail = ipv4TailAllowed ? parseIpv4(parts[n - 1]) : null;
            if (tail == null) {
                return null;
            }
            n--;
        }
        int[] out = new int[n + (tail == null ? 0 : 2)];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4 || !isHex(p)) {
                return null;
            }
            out[i] = Integer.parseInt(p, 16);
        }
        if (tail != null) {
            out[n] = tail[0] << 8 | tail[1];
            out[n + 1] = tail[2] << 8 | tail[3];
        }
        return out;
    }

    /** True for a plausible IPv6 zone id: 1-32 ASCII letters, digits, "_", "-" or ".". */
    static boolean isZoneId(String z) {
        if (z.isEmpty() || z.length() > 32) {
            return false;
        }
        for (int i = 0; i < z.length(); i++) {
            char c = z.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '_' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** Formats eight groups in RFC 5952 canonical form (lower-case, longest zero run compressed). */
    static String formatIpv6(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Normalises a MAC in colon, hyphen or Cisco dotted form to aa:bb:cc:dd:ee:ff, or null. */
    static String normaliseMac(String s) {
        String hex;
        if (s.length() == 17) {
            char sep = s.charAt(2);
            if (sep != ':' && sep != '-') {
                return null;
            }
            StringBuilder sb = new StringBuilder(12);
            for (int i = 0; i < 17; i++) {
                char c = s.charAt(i);
                if (i % 3 == 2) {
                    if (c != sep) {
                        return null;
                    }
                } else {
                    sb.append(c);
                }
            }
            hex = sb.toString();
        } else if (s.length() == 14 && s.charAt(4) == '.' && s.charAt(9) == '.') {
            hex = s.substring(0, 4) + s.substring(5, 9) + s.substring(10);
        } else {
            return null;
        }
        if (!isHex(hex)) {
            return null;
        }
        String lower = hex.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(lower, i, i + 2);
        }
        return out.toString();
    }

    /**
     * Converts a host name to lower-case ASCII (punycode for unicode labels, trailing dot
     * removed) and checks LDH label syntax; returns null when it is not a valid DNS name.
     */
    static String asciiHostname(String s) {
        String h = s;
        if (!isAscii(h)) {
            try {
                h = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.length() > 253) {
            return null;
        }
        h = h.toLowerCase(Locale.ROOT);
        int start = 0;
        for (int i = 0; i <= h.length(); i++) {
            if (i == h.length() || h.charAt(i) == '.') {
                if (!isLabel(h, start, i)) {
                    return null;
                }
                start = i + 1;
            }
        }
        return h;
    }

    /** True when h[from, to) is a 1-63 char letter/digit/hyphen label not edged by a hyphen. */
    private static boolean isLabel(String h, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 63 || h.charAt(from) == '-' || h.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True when the lower-case ASCII label is a plausible TLD: 2-63 letters, or punycode. */
    static boolean isTld(String label) {
        if (label.startsWith("xn--")) {
            return label.length() > 4;
        }
        if (label.length() < 2 || label.length() > 63) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /** True when every char is 0-9, a-f or A-F (and the string is non-empty). */
    static boolean isHex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /** True when every char is 7-bit ASCII. */
    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }
}

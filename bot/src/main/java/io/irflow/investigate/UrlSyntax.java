package io.irflow.investigate;

import java.util.Locale;

/**
 * Pure URL syntax check and normaliser for http, https and ftp URLs; no regexes, no I/O.
 */
final class UrlSyntax {

    private UrlSyntax() {
    }

    /**
     * Returns the URL with scheme and host lower-cased (IDN host to punycode, IPv6 host in
     * RFC 5952 form) and everything else verbatim, or null when scheme, host or port is invalid.
     */
    static String normalise(String s) {
        int sep = s.indexOf("://");
        String scheme = s.substring(0, Math.max(sep, 0)).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ftp")) {
            return null;
        }
        String rest = s.substring(sep + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        int at = authority.lastIndexOf('@');
        String userInfo = authority.substring(0, at + 1);
        String hostPort = authority.substring(at + 1);
        if (!safe(userInfo) || !safe(tail)) {
            return null;
        }
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            int[] g = close < 0 ? null : NetSyntax.parseIpv6(hostPort.substring(1, close));
            if (g == null) {
                return null;
            }
            host = "[" + NetSyntax.formatIpv6(g) + "]";
            port = hostPort.substring(close + 1);
        } else {
            int colon = hostPort.indexOf(':');
            String rawHost = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon);
            host = host(rawHost);
            if (host == null) {
                return null;
            }
        }
        if (!port.isEmpty() && !validPort(port)) {
            return null;
        }
        return scheme + "://" + userInfo + host + port + tail;
    }

    /** Lower-case ASCII host for an IPv4 literal or DNS name whose last label is not numeric, else null. */
    private static String host(String raw) {
        if (NetSyntax.isIpv4(raw)) {
            return raw;
        }
        String h = NetSyntax.asciiHostname(raw);
        if (h == null || raw.endsWith(".")) {
            return null;
        }
        String last = h.substring(h.lastIndexOf('.') + 1);
        for (int i = 0; i < last.length(); i++) {
            char c = last.charAt(i);
            if (c < '0' || c > '9') {
                return h;
            }
        }
        return null;
    }

    /** True for ":" followed by 1-5 digits in 1..65535. */
    private static boolean validPort(String port) {
        if (port.charAt(0) != ':' || port.length() < 2 || port.length() > 6) {
            return false;
        }
        int v = 0;
        for (int i = 1; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        return v >= 1 && v <= 65535;
    }

    /** False when the part holds control characters, spaces or HTML-ish delimiters. */
    private static boolean safe(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}

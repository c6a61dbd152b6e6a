package io.irflow.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code http.no_proxy} list: which hosts irflow reaches directly instead of through the proxy.
 * Entries are host names ({@code ise.example.com}), domains ({@code .example.com} and {@code example.com} both
 * match the domain and every subdomain; {@code *.example.com} too), IPv4/IPv6 addresses, CIDR ranges
 * ({@code 10.0.0.0/8}, matched against IP-literal hosts only: names are never resolved to decide) and {@code *}
 * (everything direct). A port in an entry ({@code host:8443}, {@code [::1]:8443}) is ignored: the entry matches
 * the host on every port.
 */
public final class NoProxy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final boolean everything;
    private final List<String> domains = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();
    private final List<String> entries;

    /** Parses the entries; blank ones are skipped. */
    public NoProxy(List<String> entries) {
        this.entries = List.copyOf(entries);
        boolean all = false;
        for (String raw : entries) {
            String e = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*")) {
                all = true;
            } else if (e.contains("/")) {
                ranges.add(Range.parse(e));
            } else {
                String host = withoutPort(e);
                InetAddress ip = ipLiteral(host);
                if (ip != null) {
                    ranges.add(new Range(ip, ip.getAddress().length * 8));
                } else {
                    domains.add(host.replaceFirst("^\\*?\\.", "").replaceAll("\\.$", ""));
                }
            }
        }
        this.everything = all;
    }

    /** True when the host (a name or IP literal, IPv6 with or without brackets) is reached directly. */
    public boolean matches(String host) {
        if (everything) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        h = h.replaceAll("\\.$", "");
        InetAddress ip = ipLiteral(h);
        if (ip != null) {
            return ranges.stream().anyMatch(r -> r.contains(ip));
        }
        for (String d : domains) {
            if (h.equals(d) || h.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    /** The entries as configured. */
    public List<String> entries() {
        return entries;
    }

    /** Strips a port: {@code host:8443} and {@code [v6]:8443}; a bare IPv6 address has several colons and no port. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close < 0 ? entry.substring(1) : entry.substring(1, close);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }

    /** The address of an IP literal, or null for a name (never resolved through DNS). */
    static InetAddress ipLiteral(String host) {
        if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range: a network address and how many leading bits must match. */
    private record Range(InetAddress network, int prefix) {
        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            String addr = cidr.substring(0, slash).replace("[", "").replace("]", "");
            InetAddress ip = ipLiteral(addr);
            int bits;
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (ip == null || bits < 0 || bits > ip.getAddress().length * 8) {
                throw new IllegalArgumentException("http.no_proxy: '" + cidr + "' is not a CIDR range like 10.0.0.0/8");
            }
            return new Range(ip, bits);
        }

        boolean contains(InetAddress ip) {
            byte[] a = network.getAddress();
            byte[] b = ip.getAddress();
            if (a.length != b.length) {
                return false;
            }
            int width = a.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(width - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
        }
    }
}

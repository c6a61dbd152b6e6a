package io.irflow.alerts;

import io.irflow.capabilities.Alert;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Auto-quarantine rules ({@code alerts.auto_quarantine}, {@code alerts.never_quarantine}): which alerts quarantine a
 * host without asking, and which hosts never are (servers, domain controllers) — by exact host name, glob pattern
 * ({@code SRV-*}) or IP range in CIDR form ({@code 10.10.0.0/24}).
 */
public final class QuarantinePolicy {
    private final boolean enabled;
    private final Set<String> titles;
    private final List<String> exceptions;

    /**
     * @param enabled    auto-quarantine on or off
     * @param titles     alert titles (event type names, lower-case) that trigger it
     * @param exceptions never_quarantine entries
     */
    public QuarantinePolicy(boolean enabled, Set<String> titles, List<String> exceptions) {
        this.enabled = enabled;
        this.titles = titles.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        this.exceptions = List.copyOf(exceptions);
    }

    /** Auto-quarantine is off. */
    public static QuarantinePolicy off() {
        return new QuarantinePolicy(false, Set.of(), List.of());
    }

    /** Whether this alert should quarantine its host now. */
    public boolean appliesTo(Alert a) {
        return enabled && a.host() != null && a.host().mac() != null && a.title() != null
                && titles.contains(a.title().toLowerCase(Locale.ROOT)) && !excluded(a.host());
    }

    /** Whether the host matches a never_quarantine entry. */
    public boolean excluded(Alert.AlertHost host) {
        for (String e : exceptions) {
            if (e.contains("/") && host.ip() != null && inCidr(host.ip(), e)) {
                return true;
            }
            if (host.hostname() != null && glob(e).matcher(host.hostname().toLowerCase(Locale.ROOT)).matches()) {
                return true;
            }
            if (host.ip() != null && e.equals(host.ip())) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toLowerCase(Locale.ROOT).toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        // A short host name also matches its FQDN (SRV-DC-01 matches srv-dc-01.corp.example.com).
        return Pattern.compile(re + "(\\..*)?");
    }

    /** Only address literals reach InetAddress, which would otherwise resolve names over DNS. */
    private static boolean literal(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2 || !literal(ip) || !literal(parts[0])) {
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
}

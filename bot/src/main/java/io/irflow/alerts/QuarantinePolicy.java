package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.investigate.NetSyntax;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Auto-quarantine rules ({@code alerts.auto_quarantine}, {@code alerts.auto_quarantine_inbound},
 * {@code alerts.never_quarantine}): which alerts may quarantine a host without asking, and which hosts never are
 * (servers, domain controllers) — by exact host name, glob pattern ({@code SRV-*}), IP address, IP range in CIDR form
 * ({@code 10.10.0.0/24}), MAC in any common form ({@code 00:50:56:9a:4b:1c}, {@code 00-50-56-9A-4B-1C},
 * {@code 0050.569a.4b1c}) or MAC prefix ({@code 00:50:56:*}). The list is checked against the host's identity as the
 * products know it ({@link HostIdentity}); a host whose identity the list needs but the products could not give is
 * not quarantined automatically.
 */
public final class QuarantinePolicy {
    private static final Pattern MAC_PREFIX = Pattern.compile("([0-9a-f]{2}[:-]){1,5}\\*");

    private final boolean enabled;
    private final boolean inbound;
    private final Set<String> titles;
    private final List<Entry> names = new ArrayList<>();
    private final List<Entry> addresses = new ArrayList<>();
    private final List<Entry> macs = new ArrayList<>();

    /** A never_quarantine entry: the form it is matched in, and as the config wrote it (for notes and logs). */
    private record Entry(String match, String written) {
    }

    /** Why an alert's host is, or is not, quarantined automatically. */
    public sealed interface Decision {
    }

    /** Quarantine this MAC. */
    public record Quarantine(String mac) implements Decision {
    }

    /** A never_quarantine entry matches the host. */
    public record Excluded(String entry) implements Decision {
    }

    /** The host's identity is not known well enough to check the list. */
    public record Unresolved(String reason) implements Decision {
    }

    /**
     * @param enabled    auto-quarantine on or off
     * @param inbound    whether alerts sent to {@code POST /alerts} may trigger it too
     * @param titles     alert titles (event type names, any case) that trigger it
     * @param exceptions never_quarantine entries
     */
    public QuarantinePolicy(boolean enabled, boolean inbound, Set<String> titles, List<String> exceptions) {
        this.enabled = enabled;
        this.inbound = inbound;
        this.titles = titles.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        for (String raw : exceptions) {
            String e = raw.strip().toLowerCase(Locale.ROOT);
            String mac = NetSyntax.mac(e);
            if (mac != null) {
                macs.add(new Entry(mac, raw.strip()));
            } else if (MAC_PREFIX.matcher(e).matches()) {
                macs.add(new Entry(e.replace('-', ':'), raw.strip()));
            } else if (e.contains("/") || NetSyntax.isIpLiteral(e)) {
                addresses.add(new Entry(e, raw.strip()));
            } else {
                names.add(new Entry(e, raw.strip()));
            }
        }
    }

    /** Auto-quarantine is off. */
    public static QuarantinePolicy off() {
        return new QuarantinePolicy(false, false, Set.of(), List.of());
    }

    /** Whether inbound alerts may auto-quarantine (for check-config and logs). */
    public boolean inboundMayQuarantine() {
        return enabled && inbound;
    }

    /**
     * Whether this alert should be considered for auto-quarantine: the feature is on (for inbound alerts, also
     * {@code auto_quarantine_inbound}), its title is a trigger and it names a host. The host is checked afterwards.
     */
    public boolean candidate(Alert a, boolean inboundAlert) {
        return enabled && (!inboundAlert || inbound) && a.host() != null && a.title() != null
                && titles.contains(a.title().toLowerCase(Locale.ROOT))
                && (a.host().mac() != null || a.host().ip() != null || a.host().hostname() != null);
    }

    /** Decides for a resolved host: excluded wins, then an incomplete identity, then quarantine. */
    public Decision decide(HostIdentity id) {
        Optional<String> match = excludedBy(id);
        if (match.isPresent()) {
            return new Excluded(match.get());
        }
        if (!id.problems().isEmpty()) {
            return new Unresolved(String.join("; ", id.problems()));
        }
        if (id.targetMac() == null) {
            return new Unresolved("no product names a MAC for it");
        }
        if (!names.isEmpty() && id.knownHostnames().isEmpty()) {
            return new Unresolved("no product knows its host name, which never_quarantine needs");
        }
        if (!addresses.isEmpty() && id.knownIps().isEmpty()) {
            return new Unresolved("no product knows its IP address, which never_quarantine needs");
        }
        return new Quarantine(id.targetMac());
    }

    /** The first never_quarantine entry that matches any of the host's names, addresses or MACs. */
    public Optional<String> excludedBy(HostIdentity id) {
        for (Entry e : macs) {
            String m = e.match();
            for (String mac : id.allMacs()) {
                if (m.endsWith("*") ? mac.startsWith(m.substring(0, m.length() - 1)) : m.equals(mac)) {
                    return Optional.of(e.written());
                }
            }
        }
        for (Entry e : addresses) {
            for (String ip : id.allIps()) {
                if (e.match().contains("/") ? inCidr(ip, e.match()) : sameAddress(e.match(), ip)) {
                    return Optional.of(e.written());
                }
            }
        }
        for (Entry e : names) {
            Pattern p = glob(e.match());
            for (String h : id.allHostnames()) {
                if (p.matcher(h.toLowerCase(Locale.ROOT)).matches()) {
                    return Optional.of(e.written());
                }
            }
        }
        return Optional.empty();
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        // A short host name also matches its FQDN (SRV-DC-01 matches srv-dc-01.corp.example.com).
        return Pattern.compile(re + "(\\..*)?");
    }

    private static boolean sameAddress(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        try {
            return NetSyntax.isIpLiteral(a) && NetSyntax.isIpLiteral(b)
                    && InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean inCidr(String ip, String cidr) {
        return NetSyntax.inCidr(ip, cidr);
    }
}

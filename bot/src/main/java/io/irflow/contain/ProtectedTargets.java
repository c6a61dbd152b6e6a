package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.hosts.HostIdentifier;
import io.irflow.hosts.KnownHost;
import io.irflow.investigate.NetSyntax;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code security.protected}: hosts whose quarantine or isolation needs a second responder's approval even without
 * {@code security.require_approval} (the payroll server, the domain controllers), and whose confirmation card warns.
 * Entries are host names or glob patterns ({@code SRV-*}, a short name also matching its FQDN), IP addresses, CIDR
 * ranges ({@code 10.10.0.0/24}) and MACs. A target is matched by every identifier irflow knows for its host (the host
 * store, filled by every investigation: names, IPs, MACs, AMP connector), never by what a card says.
 */
public final class ProtectedTargets {
    /** Nothing is protected. */
    public static final ProtectedTargets NONE = new ProtectedTargets(List.of(), identifier -> Optional.empty());

    private final List<Entry> names = new ArrayList<>();
    private final List<Entry> addresses = new ArrayList<>();
    private final List<Entry> macs = new ArrayList<>();
    private final Function<String, Optional<KnownHost>> hosts;

    private record Entry(String match, String written, Pattern glob) {
    }

    /**
     * @param entries the configured entries
     * @param hosts   what irflow knows about each host, by any of its identifiers (the host store's {@code find})
     */
    public ProtectedTargets(List<String> entries, Function<String, Optional<KnownHost>> hosts) {
        this.hosts = hosts;
        for (String raw : entries) {
            String e = raw.strip().toLowerCase(Locale.ROOT);
            String mac = NetSyntax.mac(e);
            if (e.isEmpty()) {
                continue;
            }
            if (mac != null) {
                macs.add(new Entry(mac, raw.strip(), null));
            } else if (e.contains("/") || NetSyntax.isIpLiteral(e)) {
                addresses.add(new Entry(e, raw.strip(), null));
            } else {
                names.add(new Entry(e, raw.strip(), glob(e)));
            }
        }
    }

    /** Whether any entry is configured. */
    public boolean any() {
        return !(names.isEmpty() && addresses.isEmpty() && macs.isEmpty());
    }

    /**
     * The entry (as written in the config) that protects the host a quarantine or isolation acts on; empty for other
     * actions, for undos, and for hosts no entry matches.
     *
     * @param label how the action names the host, e.g. "WKS-FIN-042 (00:50:56:a1:b2:42)": its host name is matched too
     */
    public Optional<String> match(ContainmentKind kind, boolean undo, String target, String label) {
        if (undo || !any() || (kind != ContainmentKind.QUARANTINE && kind != ContainmentKind.ISOLATE)) {
            return Optional.empty();
        }
        Set<String> ids = new LinkedHashSet<>();
        ids.add(target.strip().toLowerCase(Locale.ROOT));
        String name = label == null ? "" : label.replaceAll("\\s*\\(.*\\)\\s*$", "").strip();
        if (!name.isEmpty()) {
            ids.add(name.toLowerCase(Locale.ROOT));
        }
        Optional<KnownHost> host = hosts.apply(target);
        host.ifPresent(h -> h.identifiers().stream().map(HostIdentifier::value)
                .forEach(v -> ids.add(v.toLowerCase(Locale.ROOT))));
        return matching(ids);
    }

    private Optional<String> matching(Set<String> ids) {
        for (String id : ids) {
            String mac = NetSyntax.mac(id);
            for (Entry e : macs) {
                if (e.match().equals(mac)) {
                    return Optional.of(e.written());
                }
            }
            if (NetSyntax.isIpLiteral(id)) {
                for (Entry e : addresses) {
                    if (e.match().contains("/") ? NetSyntax.inCidr(id, e.match()) : e.match().equals(id)) {
                        return Optional.of(e.written());
                    }
                }
            } else if (mac == null) {
                for (Entry e : names) {
                    if (e.glob().matcher(id).matches()) {
                        return Optional.of(e.written());
                    }
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
        // A short host name also matches its FQDN (PAYROLL01 matches payroll01.corp.example.com).
        return Pattern.compile(re + "(\\..*)?");
    }
}

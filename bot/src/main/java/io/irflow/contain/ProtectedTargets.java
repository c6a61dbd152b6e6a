package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.hosts.HostIdentifier;
import io.irflow.hosts.KnownHost;
import io.irflow.investigate.NetSyntax;

import java.util.ArrayList;
import java.util.Collection;
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
 * ranges ({@code 10.10.0.0/24}), MACs and AMP for Endpoints groups ({@code amp_group:Servers}, by name or guid, any
 * case). A target is matched by every identifier irflow knows for its host (the host store, filled by every
 * investigation: names, IPs, MACs, AMP connector) and by the groups AMP put the host's connectors in (as investigations
 * fetched them), never by what a card says.
 */
public final class ProtectedTargets {
    /** Nothing is protected. */
    public static final ProtectedTargets NONE = new ProtectedTargets(List.of(), identifier -> Optional.empty());
    /** How an entry names an AMP for Endpoints group. */
    public static final String AMP_GROUP = "amp_group:";

    private final List<Entry> names = new ArrayList<>();
    private final List<Entry> addresses = new ArrayList<>();
    private final List<Entry> macs = new ArrayList<>();
    private final List<Entry> ampGroups = new ArrayList<>();
    private final Function<String, Optional<KnownHost>> hosts;
    private final Function<Collection<String>, Set<String>> groupsOf;

    private record Entry(String match, String written, Pattern glob) {
    }

    /**
     * @param entries the configured entries
     * @param hosts   what irflow knows about each host, by any of its identifiers (the host store's {@code find})
     */
    public ProtectedTargets(List<String> entries, Function<String, Optional<KnownHost>> hosts) {
        this(entries, hosts, connectors -> Set.of());
    }

    /**
     * @param groupsOf the AMP groups (guids and names, lower case) of the computers with these connector guids
     *                 ({@code hosts.HostGroupStore.of})
     */
    public ProtectedTargets(List<String> entries, Function<String, Optional<KnownHost>> hosts,
                            Function<Collection<String>, Set<String>> groupsOf) {
        this.hosts = hosts;
        this.groupsOf = groupsOf;
        for (String raw : entries) {
            String e = raw.strip().toLowerCase(Locale.ROOT);
            String mac = NetSyntax.mac(e);
            if (e.isEmpty()) {
                continue;
            }
            if (e.startsWith(AMP_GROUP)) {
                String group = e.substring(AMP_GROUP.length()).strip();
                if (!group.isEmpty()) {
                    ampGroups.add(new Entry(group, raw.strip(), null));
                }
            } else if (mac != null) {
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
        return !(names.isEmpty() && addresses.isEmpty() && macs.isEmpty() && ampGroups.isEmpty());
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
        Optional<String> found = matching(ids);
        return found.isPresent() ? found : inGroup(ids);
    }

    /** The {@code amp_group:} entry naming a group the AMP connector among these identifiers is in. */
    private Optional<String> inGroup(Set<String> connectors) {
        if (ampGroups.isEmpty() || connectors.isEmpty()) {
            return Optional.empty();
        }
        Set<String> groups = groupsOf.apply(connectors);
        return ampGroups.stream().filter(e -> groups.contains(e.match())).map(Entry::written).findFirst();
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

package io.irflow.alerts;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.investigate.NetSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Resolves a host's identity through the products that describe hosts (ISE's session by MAC or IPv4, AMP's computers
 * by host name or IP), with the lookups those adapters already make for investigations: MAC → address (ISE),
 * address → MAC (ISE) and host name (AMP), host name → MACs and addresses (AMP). Every value is asked at most once and
 * a resolution makes at most {@link #MAX_LOOKUPS} lookups. A host a product describes is taken only when it carries the
 * value asked about (AMP's "closest hits" for a host name are not the host).
 */
public final class IdentityResolver {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityResolver.class);
    static final int MAX_LOOKUPS = 6;

    private final List<Enrichment> sources;

    /** @param sources the products that describe hosts (fresh lookups, not the investigation cache) */
    public IdentityResolver(List<Enrichment> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Nobody to ask: only a polled product's own report can be known. */
    public static IdentityResolver none() {
        return new IdentityResolver(List.of());
    }

    /**
     * Looks the host up.
     *
     * @param host        what the alert says
     * @param fromProduct true when the alert comes from a polled product (its host fields are that product's own
     *                    knowledge); false for inbound alerts, whose claims are checked but never trusted
     */
    public HostIdentity resolve(Alert.AlertHost host, boolean fromProduct) {
        Sets s = new Sets();
        Deque<Observable> todo = new ArrayDeque<>();
        String claimedMac = NetSyntax.mac(host.mac());
        if (claimedMac != null) {
            s.allMacs.add(claimedMac);
            todo.add(new Observable(ObservableType.MAC, claimedMac));
        }
        if (host.ip() != null) {
            s.allIps.add(host.ip());
            address(host.ip(), todo);
        }
        String name = host.hostname() == null ? null : NetSyntax.hostname(host.hostname());
        if (name != null) {
            s.allHostnames.add(name);
            if (claimedMac == null) {
                todo.add(new Observable(ObservableType.HOSTNAME, name));
            }
        }
        if (fromProduct) {
            s.knownHostnames.addAll(s.allHostnames);
            s.knownIps.addAll(s.allIps);
            s.knownMacs.addAll(s.allMacs);
        }
        Set<Observable> asked = new HashSet<>();
        int lookups = 0;
        while (!todo.isEmpty()) {
            Observable o = todo.poll();
            if (!asked.add(o)) {
                continue;
            }
            for (Enrichment source : sources) {
                if (!source.supports(o.type())) {
                    continue;
                }
                if (++lookups > MAX_LOOKUPS) {
                    s.problems.add("more than " + MAX_LOOKUPS + " lookups needed");
                    return s.identity(claimedMac);
                }
                ask(source, o, s, todo);
            }
        }
        return s.identity(claimedMac);
    }

    /**
     * The hosts the products report as carrying exactly this address, as they report them: one lookup per product,
     * nothing followed further (a host's other addresses may be shared, NAT ones, and lead to other hosts). Empty when
     * none does, the address is not one, or the lookups failed.
     */
    public List<HostDetails> hostsOf(String ip) {
        if (ip == null || !NetSyntax.isIpLiteral(ip)) {
            return List.of();
        }
        Observable o = new Observable(ip.indexOf(':') >= 0 ? ObservableType.IPV6 : ObservableType.IPV4,
                ip.toLowerCase(Locale.ROOT));
        List<HostDetails> hosts = new ArrayList<>();
        for (Enrichment source : sources) {
            if (!source.supports(o.type())) {
                continue;
            }
            try {
                source.enrich(o).hosts().stream().filter(h -> describes(h, o)).forEach(hosts::add);
            } catch (AdapterException | RuntimeException e) {
                LOG.warn("identity lookup of {} in {} failed: {}", o, source.source(), e.getMessage());
            }
        }
        return List.copyOf(hosts);
    }

    private void ask(Enrichment source, Observable o, Sets s, Deque<Observable> todo) {
        Finding f;
        try {
            f = source.enrich(o);
        } catch (AdapterException | RuntimeException e) {
            LOG.warn("identity lookup of {} in {} failed: {}", o, source.source(), e.getMessage());
            s.problems.add(source.source() + " could not look up " + o.value());
            return;
        }
        for (HostDetails h : f.hosts()) {
            if (!describes(h, o)) {
                continue;
            }
            if (h.hostname() != null && NetSyntax.hostname(h.hostname()) != null) {
                String n = NetSyntax.hostname(h.hostname());
                s.knownHostnames.add(n);
                s.allHostnames.add(n);
            }
            for (String ip : h.ips()) {
                if (NetSyntax.isIpLiteral(ip) && s.knownIps.add(ip)) {
                    s.allIps.add(ip);
                    address(ip, todo);
                }
            }
            for (String m : h.macs()) {
                String mac = NetSyntax.mac(m);
                if (mac != null && s.knownMacs.add(mac)) {
                    s.allMacs.add(mac);
                    todo.add(new Observable(ObservableType.MAC, mac));
                }
            }
        }
    }

    /** Whether a product's host is the one asked about (it carries the asked value). */
    private static boolean describes(HostDetails h, Observable o) {
        return switch (o.type()) {
            case MAC -> h.macs().stream().map(NetSyntax::mac).anyMatch(o.value()::equals);
            case IPV4, IPV6 -> h.ips().contains(o.value());
            case HOSTNAME -> {
                String n = h.hostname() == null ? null : NetSyntax.hostname(h.hostname());
                // AMP names hosts by FQDN; an alert may give the short name.
                yield n != null && (n.equals(o.value()) || n.startsWith(o.value() + ".") || o.value().startsWith(n + "."));
            }
            default -> false;
        };
    }

    private static void address(String ip, Deque<Observable> todo) {
        if (!NetSyntax.isIpLiteral(ip)) {
            return;
        }
        todo.add(new Observable(ip.indexOf(':') >= 0 ? ObservableType.IPV6 : ObservableType.IPV4,
                ip.toLowerCase(Locale.ROOT)));
    }

    /** The sets being filled. */
    private static final class Sets {
        final Set<String> allHostnames = new LinkedHashSet<>();
        final Set<String> allIps = new LinkedHashSet<>();
        final Set<String> allMacs = new LinkedHashSet<>();
        final Set<String> knownHostnames = new LinkedHashSet<>();
        final Set<String> knownIps = new LinkedHashSet<>();
        final Set<String> knownMacs = new LinkedHashSet<>();
        final List<String> problems = new ArrayList<>();

        HostIdentity identity(String claimedMac) {
            String target = claimedMac;
            if (target == null) {
                if (knownMacs.size() == 1) {
                    target = knownMacs.iterator().next();
                } else if (knownMacs.size() > 1) {
                    problems.add("the products name " + knownMacs.size() + " MACs for it");
                }
            }
            return new HostIdentity(allHostnames, allIps, allMacs, knownHostnames, knownIps, target, problems);
        }
    }
}

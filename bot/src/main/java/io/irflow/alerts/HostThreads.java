package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.hosts.HostIdentifier;
import io.irflow.hosts.HostLookup;
import io.irflow.hosts.KnownHost;
import io.irflow.investigate.NetSyntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which host thread an alert joins, whatever product sent it: one infection gets one card per host, and every
 * source's events go to its thread. A host's thread is keyed by its lower-case short name when a product reported
 * one, else by its connector, MAC or address; an event naming only an address (a Cognitive event) finds the host's
 * name in the host store ({@link HostLookup}: what AMP or ISE reported earlier, in alerts or investigations) or by
 * asking them ({@link IdentityResolver}), and the card names the host. An event that reports the name and an address
 * joins a thread opened earlier under that address, so the order the products report in does not split a host's
 * thread. What the products reported (the polled event's own host fields, or what ISE and AMP answered about its
 * address) is recorded in the host store with the event ({@link AlertSeenStore.Placed#learned}), so investigations
 * and containment know the host by it too.
 *
 * <p>Only identifiers a product reported join threads or are recorded. A polled event's host fields are its product's
 * report. An inbound event ({@code POST /alerts}) joins a host's thread only when ISE or AMP confirm every identifier
 * it claims (and it claims no MAC or connector, which they cannot be asked to confirm); otherwise it keeps a group of
 * its own, so a forged alert can neither sit under a real host's card nor draw a real host's later events under its
 * own card and buttons.
 */
final class HostThreads {
    /** Identity lookups (ISE/AMP) per batch at most; the rest rely on what is recorded. */
    static final int MAX_RESOLVES = 5;
    /** The group key prefix of every host thread. */
    static final String PREFIX = "host|";
    /** The group key prefix of a host thread keyed by the host's name (its top card names the host). */
    static final String NAMED = PREFIX + "name:";

    private final HostLookup hosts;
    private final IdentityResolver resolver;

    HostThreads(HostLookup hosts, IdentityResolver resolver) {
        this.hosts = hosts;
        this.resolver = resolver;
    }

    /**
     * What is trusted about one alert's host: identifiers a product reported, the name if one is known, and the
     * products' reports to record with the alert.
     */
    private record Ids(String name, Set<String> ips, String mac, String guid, List<AlertSeenStore.Learned> learned) {
        /** The identifier values, most specific first. */
        List<String> values() {
            List<String> out = new ArrayList<>();
            if (guid != null) {
                out.add(guid);
            }
            if (mac != null) {
                out.add(mac);
            }
            out.addAll(ips);
            return out;
        }

        List<String> aliases() {
            List<String> out = new ArrayList<>();
            if (guid != null) {
                out.add("guid:" + guid);
            }
            if (mac != null) {
                out.add("mac:" + mac);
            }
            ips.forEach(ip -> out.add("ip:" + ip));
            return out;
        }

        Ids named(String n, List<AlertSeenStore.Learned> more) {
            List<AlertSeenStore.Learned> all = new ArrayList<>(learned);
            all.addAll(more);
            return new Ids(n, ips, mac, guid, all);
        }
    }

    /**
     * Places a batch's alerts. A product lookup that fails leaves the alert grouped by what it carries; at most
     * {@link #MAX_RESOLVES} lookups per batch, one per host.
     */
    List<AlertSeenStore.Placed> place(List<Alert> alerts, boolean inbound) {
        Map<Alert.AlertHost, Ids> trusted = new HashMap<>();
        int[] budget = {MAX_RESOLVES};
        for (Alert a : alerts) {
            if (a.host() != null && !trusted.containsKey(a.host())) {
                trusted.put(a.host(), trusted(a.host(), inbound, budget));
            }
        }
        Set<Alert.AlertHost> looked = new HashSet<>();
        Set<Alert.AlertHost> asked = new HashSet<>();
        List<AlertSeenStore.Placed> out = new ArrayList<>();
        for (Alert a : alerts) {
            Ids t = a.host() == null ? null : trusted.get(a.host());
            if (t == null) {
                out.add(AlertSeenStore.Placed.alone(a));
                continue;
            }
            if (t.name() == null && looked.add(a.host())) {
                t = t.named(recordedName(t), List.of());
            }
            if (t.name() == null && !inbound && budget[0] > 0 && asked.add(a.host())) {
                budget[0]--;
                t = fromProducts(t);
            }
            // The batch's other events on this host reuse what was found (a storm asks the products once).
            trusted.put(a.host(), t);
            out.add(placed(a, t));
        }
        return out;
    }

    private static AlertSeenStore.Placed placed(Alert a, Ids t) {
        List<String> keys = new ArrayList<>();
        if (t.name() != null) {
            keys.add(NAMED + shortName(t.name()));
        }
        t.aliases().forEach(alias -> keys.add(PREFIX + alias));
        if (keys.isEmpty()) {
            return AlertSeenStore.Placed.alone(a);
        }
        Alert.AlertHost h = a.host();
        Alert shown = h.hostname() != null || t.name() == null ? a : new Alert(a.source(), a.id(), a.at(), a.title(),
                a.threat(), a.severity(), new Alert.AlertHost(t.name(), h.ip(), h.mac(), h.connectorGuid()), a.sha256(),
                a.fileName(), a.disposition(), a.link());
        return new AlertSeenStore.Placed(shown, keys, t.learned());
    }

    /** The identifiers of a host that a product reported, or null when an inbound alert's claims are not all confirmed. */
    private Ids trusted(Alert.AlertHost h, boolean inbound, int[] budget) {
        String name = NetSyntax.hostname(h.hostname()) == null || NetSyntax.isIpLiteral(h.hostname()) ? null
                : h.hostname().strip();
        String ip = h.ip() != null && NetSyntax.isIpLiteral(h.ip()) ? h.ip().toLowerCase(Locale.ROOT) : null;
        String mac = NetSyntax.mac(h.mac());
        String guid = h.connectorGuid() == null || h.connectorGuid().isBlank() ? null
                : h.connectorGuid().toLowerCase(Locale.ROOT);
        if (!inbound) {
            // The product's own report; recorded only with a strong identifier (a name, MAC or connector).
            HostDetails report = new HostDetails(name, ip == null ? List.of() : List.of(ip),
                    mac == null ? List.of() : List.of(mac), null, null,
                    guid == null ? null : HostId.ampConnector(guid), null, null);
            return new Ids(name, ip == null ? Set.of() : Set.of(ip), mac, guid,
                    List.of(new AlertSeenStore.Learned(HostIdentifier.of(report), name)));
        }
        if (mac != null || guid != null || (name == null && ip == null) || budget[0] <= 0) {
            return null;
        }
        budget[0]--;
        HostIdentity id = safeResolve(h);
        if (id == null || (ip != null && !id.knownIps().contains(ip))) {
            return null;
        }
        String known = single(id.knownHostnames());
        if (name != null && (known == null || !shortName(known).equals(shortName(name)))) {
            return null;
        }
        // Only the confirmed claim is an identifier of this host: the resolution's other addresses may be shared (NAT)
        // or belong to hosts the products merely linked, and must not be recorded or joined through this alert.
        List<AlertSeenStore.Learned> learned = known == null || ip == null ? List.of()
                : List.of(new AlertSeenStore.Learned(List.of(new HostIdentifier(HostIdentifier.Kind.HOSTNAME, known),
                new HostIdentifier(HostIdentifier.Kind.IP, ip)), null));
        return new Ids(name != null ? name : known, ip == null ? Set.of() : Set.of(ip), null, null, learned);
    }

    /** The host name the host store holds for the first of the host's identifiers that names a host, or null. */
    private String recordedName(Ids t) {
        for (String v : t.values()) {
            Optional<KnownHost> k = hosts.find(v);
            if (k.isPresent() && k.get().hostName() != null) {
                return k.get().hostName();
            }
        }
        return null;
    }

    /**
     * What AMP or ISE report for the host's one address: the one host name they give (none when they name several
     * hosts, or the lookup failed) and, unless they disagree, their reports, to record as an investigation would.
     */
    private Ids fromProducts(Ids t) {
        if (t.ips().size() != 1) {
            return t;
        }
        List<HostDetails> found;
        try {
            found = resolver.hostsOf(t.ips().iterator().next());
        } catch (RuntimeException e) {
            return t;
        }
        Set<String> names = new LinkedHashSet<>();
        found.stream().filter(h -> h.hostname() != null && NetSyntax.hostname(h.hostname()) != null)
                .forEach(h -> names.add(h.hostname().strip()));
        String name = single(names);
        if (name == null && !names.isEmpty()) {
            return t;
        }
        return t.named(name, found.stream().map(h -> new AlertSeenStore.Learned(HostIdentifier.of(h),
                h.hostname() == null ? null : h.hostname().strip())).toList());
    }

    /** An inbound alert's claims, checked with the full resolution (every address and MAC the products link). */
    private HostIdentity safeResolve(Alert.AlertHost h) {
        try {
            return resolver.resolve(h, false);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The one host a set of names denotes (FQDN and short name count as one), or null. */
    private static String single(Set<String> names) {
        Set<String> shorts = new LinkedHashSet<>();
        names.forEach(n -> shorts.add(shortName(n)));
        return shorts.size() == 1 ? names.iterator().next() : null;
    }

    /** A host name's first label, lower-case: the thread identity of every name a product gives the host. */
    static String shortName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}

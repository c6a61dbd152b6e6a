package io.irflow.hosts;

import java.util.Collection;
import java.util.Optional;

/** Which host an identifier names, and every identifier of a host; {@link HostStore} keeps it in the database. */
public interface HostLookup {
    /** The host that one identifier (any kind, any case) names, if irflow has seen it. */
    Optional<KnownHost> find(String identifier);

    /** A host by its store id. */
    Optional<KnownHost> host(long id);

    /**
     * Records what one product record says about one host: the identifiers join the host that any of the strong ones
     * already names (hosts that turn out to be one are merged); weak ones move to this host. Without a strong
     * identifier nothing is recorded (an IP alone does not make a host).
     *
     * @return the host as now known, or empty when nothing was recorded
     */
    Optional<KnownHost> record(Collection<HostIdentifier> identifiers);
    /**
     * Every identifier (normalised) of the host {@code value} names, the value included; with {@code strongOnly}, the
     * host counts only when the value is one of its strong identifiers (a host name, MAC or product host id).
     */
    default java.util.Set<String> identifiersOf(String value, boolean strongOnly) {
        String k = HostIdentifier.normalise(value);
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        out.add(k);
        find(k).filter(h -> !strongOnly || h.identifiers().stream().anyMatch(i -> i.kind().strong() && i.value().equals(k)))
                .ifPresent(h -> out.addAll(h.allValues()));
        return out;
    }

    /**
     * The keys plus every identifier of each host one of them names <em>strongly</em> (an IP or a short name may since
     * have moved to another host, so it widens nothing), normalised. This is how an incident finds a host's steps and
     * alerts whichever identifier each was recorded under.
     */
    default java.util.Set<String> sameHostAs(Collection<String> keys) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        keys.stream().filter(k -> k != null && !k.isBlank()).forEach(k -> out.addAll(identifiersOf(k, true)));
        return out;
    }
}

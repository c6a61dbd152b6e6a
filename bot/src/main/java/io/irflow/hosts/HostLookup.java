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
}

package io.irflow.hosts;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One host as irflow knows it: its id in the host store and every identifier the products gave for it.
 *
 * @param id           the store's id for the host
 * @param identifiers  its identifiers, strong ones first
 * @param reportedName its host name as a product last spelled it ("WKS-FIN-042"), or null when none was given
 */
public record KnownHost(long id, List<HostIdentifier> identifiers, String reportedName) {
    public KnownHost {
        identifiers = List.copyOf(identifiers);
    }

    /** The values of one kind of identifier, e.g. the host's MACs. */
    public List<String> values(HostIdentifier.Kind kind) {
        return identifiers.stream().filter(i -> i.kind() == kind).map(HostIdentifier::value).toList();
    }

    /** Every identifier's value (normalised), whatever its kind. */
    public Set<String> allValues() {
        return identifiers.stream().map(HostIdentifier::value).collect(Collectors.toUnmodifiableSet());
    }

    /** How people know the host: its name as a product spelled it, else its first host name, else its first identifier. */
    public String name() {
        return hostName() != null ? hostName() : identifiers.isEmpty() ? "host " + id : identifiers.get(0).value();
    }

    /** The host's name as a product spelled it, else its first host name; null when no product named it. */
    public String hostName() {
        List<String> names = values(HostIdentifier.Kind.HOSTNAME);
        return names.isEmpty() ? null : reportedName != null ? reportedName : names.get(0);
    }
}

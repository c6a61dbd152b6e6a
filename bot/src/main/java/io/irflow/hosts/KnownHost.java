package io.irflow.hosts;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One host as irflow knows it: its id in the host store and every identifier the products gave for it.
 *
 * @param id          the store's id for the host
 * @param identifiers its identifiers, strong ones first
 */
public record KnownHost(long id, List<HostIdentifier> identifiers) {
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

    /** How people know the host: its first host name, else its first identifier. */
    public String name() {
        List<String> names = values(HostIdentifier.Kind.HOSTNAME);
        return !names.isEmpty() ? names.get(0) : identifiers.isEmpty() ? "host " + id : identifiers.get(0).value();
    }
}

package io.irflow.capabilities;

import java.util.Objects;

/**
 * A product's own id for a host, with what kind of id it is, so a containment picks the ids it can act on by type
 * rather than by which source reported them.
 *
 * @param kind  what the id names
 * @param value the id as the product spells it
 */
public record HostId(Kind kind, String value) {

    /** What a host id names. */
    public enum Kind {
        /** An AMP for Endpoints connector guid: what AMP isolation acts on. */
        AMP_CONNECTOR,
        /** A Threat Response sighting target id (an AMP guid or a Defender machine id as a module relayed it). */
        SIGHTING_TARGET
    }

    public HostId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** An AMP connector guid. */
    public static HostId ampConnector(String guid) {
        return new HostId(Kind.AMP_CONNECTOR, guid);
    }

    /** Whether this is an id of the given kind with a non-blank value. */
    public boolean is(Kind k) {
        return kind == k && !value.isBlank();
    }
}

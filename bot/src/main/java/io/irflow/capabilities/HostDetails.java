package io.irflow.capabilities;

import java.time.Instant;
import java.util.List;

/**
 * What a product knows about one host. Every field may be null: products know different things.
 *
 * @param hostname      host name as the product reports it
 * @param ips           internal and external addresses
 * @param macs          MAC addresses, lower-case colon form
 * @param user          logged-in or session user
 * @param os            operating system
 * @param id            the product's own id for the host, with its kind (an AMP connector guid), or null
 * @param containment   isolation / quarantine state as the product words it, e.g. "isolated", "ANC: Quarantine"
 * @param lastSeen      when the product last heard from it
 * @param groups        the product's groups the host is in (AMP for Endpoints: its group, by guid and name)
 */
public record HostDetails(String hostname, List<String> ips, List<String> macs, String user, String os,
                          HostId id, String containment, Instant lastSeen, List<Group> groups) {
    public HostDetails {
        ips = ips == null ? List.of() : List.copyOf(ips);
        macs = macs == null ? List.of() : List.copyOf(macs);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A host in no group the product told of. */
    public HostDetails(String hostname, List<String> ips, List<String> macs, String user, String os, HostId id,
                       String containment, Instant lastSeen) {
        this(hostname, ips, macs, user, os, id, containment, lastSeen, List.of());
    }

    /**
     * A product group a host is in.
     *
     * @param guid the product's id for the group, or null
     * @param name its name, or null
     */
    public record Group(String guid, String name) {
    }
}

package io.irflow.store;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Who takes outbox work and for how long: an instance's name (written to {@code claimed_by}) and the lease its claims
 * carry. A claim that outlives its lease is taken to belong to a dead instance and may be taken over, so the lease is
 * far longer than one try of the work it covers (a few HTTP calls, each bounded by its timeout).
 *
 * @param id    this instance, unique among those sharing the database
 * @param lease how long a claim holds
 */
public record Claimant(String id, Duration lease) {
    /** The default lease: minutes, against seconds for one try. */
    public static final Duration LEASE = Duration.ofMinutes(5);

    /** This process: its host and pid plus a random part (a pid comes back after a restart). */
    public static Claimant thisProcess() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        String random = UUID.randomUUID().toString().substring(0, 8);
        String id = name.length() > 50 ? name.substring(0, 50) : name;
        return new Claimant(id + "/" + random, LEASE);
    }
}

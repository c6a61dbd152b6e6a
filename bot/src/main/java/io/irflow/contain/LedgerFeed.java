package io.irflow.contain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Containment changes made by the other instances sharing the database, for this instance's lookup cache: every
 * {@link #poll} reads the audit entries of the last {@link #LOOKBACK} that changed a containment and has the
 * {@link Ledger} drop cached answers about their hosts, once per entry. Without it, after a quarantine on instance A,
 * instance B's cards would show the products' cached pre-quarantine answers until they expire (its ledger line was
 * right already: that is read from the database). Entries are read by time, not by "id above the last one": ids are
 * handed out at insert but become visible at commit, so a lower id can appear after a higher one. This instance's own
 * entries are heard too; dropping the same answers twice costs nothing.
 */
public final class LedgerFeed implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerFeed.class);
    /** How far back each poll reads: far longer than any commit takes, so no entry is missed. */
    static final Duration LOOKBACK = Duration.ofMinutes(2);

    private final AuditStore audit;
    private final Ledger ledger;
    private final Clock clock;
    /** Entries already heard, by id, with when they were made (forgotten once older than the look-back). */
    private final Map<Long, Instant> heard = new HashMap<>();

    public LedgerFeed(AuditStore audit, Ledger ledger, Clock clock) {
        this.audit = audit;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** One poll; failures are logged, never thrown (it runs on a schedule). */
    @Override
    public synchronized void run() {
        Instant now = clock.instant();
        try {
            for (AuditStore.Numbered n : audit.changesSince(now.minus(LOOKBACK))) {
                if (heard.putIfAbsent(n.id(), n.entry().at()) == null) {
                    ledger.forgetCached(n.entry());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read containment changes from the audit log: {}", e.getMessage());
        }
        heard.values().removeIf(at -> at.isBefore(now.minus(LOOKBACK).minus(LOOKBACK)));
    }
}

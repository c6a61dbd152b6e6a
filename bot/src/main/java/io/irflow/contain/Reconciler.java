package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Settles containment actions left EXECUTING: a product call whose result irflow never recorded, because the process
 * died between the call and the database write (kill -9, power loss) or the database failed then. It asks the product
 * ({@link Containment#isContained}) and records what it says: in effect, then the ledger and the audit get it (so
 * {@code /contained} lists it and its undo works); not in effect, then the action failed; the product cannot say,
 * then the action stays EXECUTING and is asked about again later.
 * <p>
 * It never calls apply or undo, so it cannot apply anything twice. It only takes actions that started longer ago than
 * any product call lasts (a live call on another instance is left alone), and takes each with a compare-and-set, so
 * two instances reconciling at once settle every action once.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Map<ContainmentKind, Containment> products;
    private final PendingActionStore pending;
    private final ContainedTargetStore contained;
    private final AuditStore audit;
    private final Clock clock;

    /**
     * What one pass did.
     *
     * @param applied    actions the product reports in effect (an undo: undone), now recorded as done
     * @param notApplied actions the product reports not in effect, now recorded as failed
     * @param unknown    actions the product could not answer for; still EXECUTING
     */
    public record Result(int applied, int notApplied, int unknown) {
    }

    private enum Verdict { APPLIED, NOT_APPLIED, UNKNOWN }

    Reconciler(Map<ContainmentKind, Containment> products, PendingActionStore pending, ContainedTargetStore contained,
               AuditStore audit, Clock clock) {
        this.products = Map.copyOf(products);
        this.pending = pending;
        this.contained = contained;
        this.audit = audit;
        this.clock = clock;
    }

    /** Settles every action EXECUTING for longer than {@code olderThan}; never throws (a failed pass is logged). */
    public Result run(Duration olderThan) {
        int applied = 0;
        int notApplied = 0;
        int unknown = 0;
        try {
            Instant now = clock.instant();
            Instant cutoff = now.minus(olderThan);
            for (PendingActionStore.Executing e : pending.executingSince(cutoff)) {
                if (!pending.claimExecuting(e.action().ref(), cutoff, now)) {
                    continue; // another reconciler took it, or its execution just ended
                }
                switch (settle(e)) {
                    case APPLIED -> applied++;
                    case NOT_APPLIED -> notApplied++;
                    case UNKNOWN -> unknown++;
                }
            }
        } catch (RuntimeException ex) {
            LOG.warn("reconciling containment actions failed; next pass retries: {}", ex.getMessage());
        }
        if (applied + notApplied + unknown > 0) {
            LOG.info("reconciled containment actions left executing: {} in effect, {} not applied, {} still unknown",
                    applied, notApplied, unknown);
        }
        return new Result(applied, notApplied, unknown);
    }

    private Verdict settle(PendingActionStore.Executing e) {
        PendingAction a = e.action();
        if (a.dryRun()) {
            // A dry run never calls the product, so there is nothing to ask: it ended without effect.
            audit.append(new AuditStore.Entry(clock.instant(), a.confirmedBy() != null ? a.confirmedBy()
                    : a.requestedBy(), a.roomId(), AuditStore.Event.DRY_RUN, a.kind(), a.product(), a.target(),
                    "reconciled: a dry run, so " + a.product() + " was never called", null, null, a.ref()));
            pending.finish(a.ref(), PendingAction.State.DONE, clock.instant());
            return Verdict.NOT_APPLIED;
        }
        Optional<Boolean> held = ask(a);
        if (held.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        String by = a.confirmedBy() != null ? a.confirmedBy() : a.requestedBy();
        boolean tookEffect = a.undo() != held.get();
        // As in ContainmentService.settle: ledger and audit first, the end state last, so a crash here is retried.
        if (tookEffect && a.undo()) {
            contained.remove(a.kind(), a.target());
        } else if (tookEffect) {
            contained.add(new ContainedTargetStore.Row(a.kind(), a.target(), a.targetLabel(), a.product(), e.since(), by,
                    a.roomId()));
        }
        String state = a.undo() ? (tookEffect ? "no longer in effect" : "still in effect")
                : (tookEffect ? "in effect" : "not in effect");
        AuditStore.Event event = !tookEffect ? AuditStore.Event.FAILED
                : a.undo() ? AuditStore.Event.UNDONE : AuditStore.Event.EXECUTED;
        audit.append(new AuditStore.Entry(clock.instant(), by, a.roomId(), event, a.kind(), a.product(), a.target(),
                "reconciled: " + a.product() + " reports it " + state + " (irflow had not recorded the result)", null,
                null, a.ref()));
        pending.finish(a.ref(), tookEffect ? PendingAction.State.DONE : PendingAction.State.FAILED, clock.instant());
        LOG.info("reconciled {} of {} via {}: {}", a.verb(), a.target(), a.product(), state);
        return tookEffect ? Verdict.APPLIED : Verdict.NOT_APPLIED;
    }

    /** The product's answer; empty when it cannot say, cannot be reached, or is no longer the one configured. */
    private Optional<Boolean> ask(PendingAction a) {
        Containment product = products.get(a.kind());
        if (product == null || !product.product().equals(a.product())) {
            LOG.warn("cannot reconcile {} of {}: {} is no longer configured for it; it stays executing", a.verb(),
                    a.target(), a.product());
            return Optional.empty();
        }
        try {
            Optional<Boolean> held = product.isContained(a.target());
            if (held.isEmpty()) {
                LOG.warn("cannot reconcile {} of {}: {} cannot say; asking again later", a.verb(), a.target(),
                        a.product());
            }
            return held;
        } catch (AdapterException | RuntimeException ex) {
            LOG.warn("cannot reconcile {} of {}: {} did not answer ({}); asking again later", a.verb(), a.target(),
                    a.product(), ex.getMessage());
            return Optional.empty();
        }
    }
}

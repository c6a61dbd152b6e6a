package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.webex.RestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Containment that is safe to press in a room full of people: every action is offered with an opaque, single-use,
 * expiring reference that works only in the room its card was posted in; only responders may request, confirm or
 * approve; the server executes what it stored, never what a card says; everything is audited; an action already in
 * effect is not repeated; two simultaneous confirms execute once (a compare-and-set on the stored state), and two
 * actions on one target call the product one at a time, across instances (a claim in the database). The action
 * is stored as EXECUTING before the product is called, and marked done only after the ledger and the audit have the
 * result, so one whose result was never recorded is found and settled by {@link #reconcile}.
 * <p>
 * A dry run ({@code security.dry_run}, or an action requested with {@code --dry-run}) takes every one of these steps
 * but never calls the product: the result says what the product would have been asked to do, the audit records it as
 * a dry run, and nothing is recorded as contained.
 */
public final class ContainmentService {
    private static final Logger LOG = LoggerFactory.getLogger(ContainmentService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<ContainmentKind, Containment> products;
    private final PendingActionStore pending;
    private final ContainedTargetStore contained;
    private final AuditStore audit;
    private final Responders responders;
    private final boolean requireApproval;
    private final Duration ttl;
    private final Clock clock;
    private final Reconciler reconciler;
    private final ContainmentMetrics metrics;
    private final boolean dryRun;
    private final ProtectedTargets protection;
    private final ButtonHistory history;
    private static final long CLAIM_POLL_MILLIS = 50;
    /** How long an action waits for another action on its target to finish (longer than any product call). */
    private volatile Duration claimWait = Duration.ofSeconds(20);

    public ContainmentService(Map<ContainmentKind, Containment> products, PendingActionStore pending, ContainedTargetStore contained,
                              AuditStore audit, Responders responders, boolean requireApproval, Duration ttl, Clock clock) {
        this(products, pending, contained, audit, responders, requireApproval, ttl, clock, ContainmentMetrics.NONE);
    }

    /** @param metrics told how every action that reached execution ended */
    public ContainmentService(Map<ContainmentKind, Containment> products, PendingActionStore pending,
                              ContainedTargetStore contained, AuditStore audit, Responders responders,
                              boolean requireApproval, Duration ttl, Clock clock, ContainmentMetrics metrics) {
        this(products, pending, contained, audit, responders, requireApproval, ttl, clock, metrics, false);
    }

    /** @param dryRun {@code security.dry_run}: every action is a dry run, and no product is ever called */
    public ContainmentService(Map<ContainmentKind, Containment> products, PendingActionStore pending,
                              ContainedTargetStore contained, AuditStore audit, Responders responders,
                              boolean requireApproval, Duration ttl, Clock clock, ContainmentMetrics metrics,
                              boolean dryRun) {
        this(products, pending, contained, audit, responders, requireApproval, ttl, clock, metrics, dryRun,
                ProtectedTargets.NONE);
    }

    /**
     * @param dryRun     {@code security.dry_run}: every action is a dry run, and no product is ever called
     * @param protection {@code security.protected}: hosts whose quarantine or isolation a second responder approves
     */
    public ContainmentService(Map<ContainmentKind, Containment> products, PendingActionStore pending,
                              ContainedTargetStore contained, AuditStore audit, Responders responders,
                              boolean requireApproval, Duration ttl, Clock clock, ContainmentMetrics metrics,
                              boolean dryRun, ProtectedTargets protection) {
        this.protection = protection;
        this.dryRun = dryRun;
        this.metrics = metrics;
        this.products = Map.copyOf(products);
        this.pending = pending;
        this.contained = contained;
        this.audit = audit;
        this.responders = responders;
        this.requireApproval = requireApproval;
        this.ttl = ttl;
        this.clock = clock;
        this.reconciler = new Reconciler(this.products, pending, contained, audit, clock);
        this.history = new ButtonHistory(audit, contained);
    }

    /** Tests: how long an action waits for the claim on its target (see {@link #execute}). */
    void claimWait(Duration wait) {
        this.claimWait = wait;
    }

    /** Whether an action can be offered with this config. */
    public boolean available(ContainmentKind kind) {
        return products.containsKey(kind);
    }

    /** The product that executes an action, if configured. */
    public Optional<String> productFor(ContainmentKind kind) {
        return Optional.ofNullable(products.get(kind)).map(Containment::product);
    }

    /**
     * Stores an action a card button will carry (drawn on investigation, alert and result cards).
     *
     * @return the stored offer, whose {@code ref} goes into the button's data
     */
    public PendingAction offer(ContainmentKind kind, boolean undo, String target, String label, String roomId,
                               String offeredTo) {
        return offer(kind, undo, target, label, roomId, offeredTo, false);
    }

    /** As {@link #offer(ContainmentKind, boolean, String, String, String, String)}, a dry run when asked for. */
    public PendingAction offer(ContainmentKind kind, boolean undo, String target, String label, String roomId,
                               String offeredTo, boolean dryRun) {
        return store(kind, undo, target, label, roomId, offeredTo, PendingAction.State.OFFERED, dryRun);
    }

    /** Whether every action is a dry run ({@code security.dry_run}). */
    public boolean dryRun() {
        return dryRun;
    }

    /** As the offer above, the containment to hold {@code hold} once it runs (see {@link Expiries}). */
    public PendingAction offer(ContainmentKind kind, boolean undo, String target, String label, String roomId,
                               String offeredTo, java.time.Duration hold) {
        return offer(kind, undo, target, label, roomId, offeredTo, false, hold);
    }

    /** An offer that is a dry run when asked for and holds {@code hold} (null: until undone) once it runs. */
    public PendingAction offer(ContainmentKind kind, boolean undo, String target, String label, String roomId,
                               String offeredTo, boolean dryRun, java.time.Duration hold) {
        PendingAction a = offer(kind, undo, target, label, roomId, offeredTo, dryRun);
        if (hold != null && !undo) {
            pending.hold(a.ref(), hold);
        }
        return a;
    }

    /** A typed command: stores the action and asks for confirmation. */
    public Outcome request(ContainmentKind kind, boolean undo, String target, String label, Actor actor) {
        return request(kind, undo, target, label, actor, false);
    }

    /** A typed command, a dry run when asked for ({@code --dry-run}) or configured. */
    public Outcome request(ContainmentKind kind, boolean undo, String target, String label, Actor actor,
                           boolean dryRun) {
        if (!available(kind)) {
            return Outcome.of(Outcome.Type.NOT_CONFIGURED, null, "No product is configured to " + kind.verb() + ".");
        }
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(null, actor, kind, target);
        }
        PendingAction a = store(kind, undo, target, label, actor.roomId(), actor.email(), PendingAction.State.PENDING,
                dryRun);
        record(a, actor, AuditStore.Event.REQUESTED, "confirmation asked", null);
        return Outcome.of(Outcome.Type.CONFIRM, a, protectedNote(guarded(a)));
    }

    /**
     * A typed command with {@code --for}: as {@link #request(ContainmentKind, boolean, String, String, Actor)}, the
     * containment to be undone by irflow {@code hold} after it takes effect (see {@link Expiries}).
     */
    public Outcome request(ContainmentKind kind, boolean undo, String target, String label, Actor actor,
                           java.time.Duration hold) {
        return request(kind, undo, target, label, actor, false, hold);
    }

    /** A typed command, a dry run when asked for, held {@code hold} (null: until undone) once it takes effect. */
    public Outcome request(ContainmentKind kind, boolean undo, String target, String label, Actor actor,
                           boolean dryRun, java.time.Duration hold) {
        Outcome o = request(kind, undo, target, label, actor, dryRun);
        if (o.type() == Outcome.Type.CONFIRM && hold != null) {
            pending.hold(o.action().ref(), hold);
        }
        return o;
    }

    /** How long a waiting action's containment is to hold once it runs; empty: until undone. */
    public Optional<java.time.Duration> hold(String ref) {
        return pending.holdOf(ref);
    }

    /** A press on an offered button: moves it to "pending confirmation". */
    public Outcome press(String ref, Actor actor) {
        Optional<PendingAction> found = pending.find(ref);
        if (found.isEmpty()) {
            return invalid(ref, actor, "unknown reference");
        }
        PendingAction a = found.get();
        if (!sameRoom(a.roomId(), actor.roomId())) {
            return wrongRoom(a, actor);
        }
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(a, actor, a.kind(), a.target());
        }
        Optional<Outcome> overtaken = overtaken(a, actor);
        if (overtaken.isPresent()) {
            return overtaken.get();
        }
        if (!pending.claimOffer(ref, actor.email(), clock.instant())) {
            return used(a, actor);
        }
        record(a, actor, AuditStore.Event.REQUESTED, "confirmation asked", null);
        return Outcome.of(Outcome.Type.CONFIRM, pending.find(ref).orElse(a), protectedNote(guarded(a)));
    }

    /** Confirm (or, with approval on, approve) a pending action: executes it exactly once. */
    public Outcome confirm(String ref, Actor actor) {
        return confirm(ref, actor, null);
    }

    /**
     * As {@link #confirm(String, Actor)}, with the expiry the confirmation card's picker shows: empty for none,
     * null to leave what was asked ({@code --for}, or the first confirmation when a second responder approves).
     */
    public Outcome confirm(String ref, Actor actor, Optional<java.time.Duration> hold) {
        Optional<PendingAction> found = pending.find(ref);
        if (found.isEmpty()) {
            return invalid(ref, actor, "unknown reference");
        }
        PendingAction a = found.get();
        if (!sameRoom(a.roomId(), actor.roomId())) {
            return wrongRoom(a, actor);
        }
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(a, actor, a.kind(), a.target());
        }
        Instant now = clock.instant();
        Optional<Outcome> overtaken = overtaken(a, actor);
        if (overtaken.isPresent()) {
            return overtaken.get();
        }
        if (hold != null && a.state() == PendingAction.State.PENDING && !a.undo()) {
            pending.hold(ref, hold.orElse(null));
        }
        // A protected host (security.protected) needs the second responder whatever require_approval says; an action
        // already waiting for approval is approved, however it came to wait.
        Optional<String> guard = a.state() == PendingAction.State.PENDING ? guarded(a) : Optional.empty();
        boolean approval = requireApproval || guard.isPresent() || a.state() == PendingAction.State.AWAITING_APPROVAL;
        if (approval && a.state() == PendingAction.State.PENDING) {
            if (!pending.transition(ref, PendingAction.State.PENDING, PendingAction.State.AWAITING_APPROVAL, actor.email(), now)) {
                return used(a, actor);
            }
            record(a, actor, AuditStore.Event.AWAITING_APPROVAL, "waiting for a second responder"
                    + guard.map(e -> "; protected host (security.protected entry " + e + ")").orElse(""), null);
            return Outcome.of(Outcome.Type.AWAITING_APPROVAL, pending.find(ref).orElse(a), protectedNote(guard));
        }
        if (approval && a.state() == PendingAction.State.AWAITING_APPROVAL
                && (actor.email().equalsIgnoreCase(a.confirmedBy()) || actor.email().equalsIgnoreCase(a.requestedBy()))) {
            record(a, actor, AuditStore.Event.REFUSED, "the requester cannot approve their own action", null);
            return Outcome.of(Outcome.Type.NOT_RESPONDER, a, "A second responder has to approve this; you confirmed it already.");
        }
        PendingAction.State from = approval ? PendingAction.State.AWAITING_APPROVAL : PendingAction.State.PENDING;
        if (!pending.transition(ref, from, PendingAction.State.EXECUTING, actor.email(), now)) {
            return used(a, actor);
        }
        record(a, actor, approval ? AuditStore.Event.APPROVED : AuditStore.Event.CONFIRMED, "", null);
        return execute(a, actor);
    }

    /**
     * Executes at once, without confirmation, as {@code actor} (the alert poller's auto-quarantine, "irflow-auto").
     * Still audited, still not repeated when irflow already holds it, and it comes with an undo offer.
     */
    public Outcome executeNow(ContainmentKind kind, String target, String label, Actor actor) {
        if (!available(kind)) {
            return Outcome.of(Outcome.Type.NOT_CONFIGURED, null, "No product is configured to " + kind.verb() + ".");
        }
        if (protection.match(kind, false, target, label).isPresent()) {
            return requestApproval(kind, target, label, actor); // a protected host is never contained unasked
        }
        PendingAction a = store(kind, false, target, label, actor.roomId(), actor.email(),
                PendingAction.State.EXECUTING, false);
        record(a, actor, AuditStore.Event.REQUESTED, "automatic", null);
        return execute(a, actor);
    }

    /** Whether a second responder must approve every containment ({@code security.require_approval}). */
    public boolean approvalRequired() {
        return requireApproval;
    }

    /**
     * An automatic action under {@code security.require_approval}: stored as confirmed by {@code actor} and waiting
     * for a responder's approval (the Approve button of {@code ContainmentCards.awaitingApproval}); nothing runs here.
     * A target irflow already holds contained is not asked for again.
     */
    public Outcome requestApproval(ContainmentKind kind, String target, String label, Actor actor) {
        if (!available(kind)) {
            return Outcome.of(Outcome.Type.NOT_CONFIGURED, null, "No product is configured to " + kind.verb() + ".");
        }
        Optional<ContainedTargetStore.Row> held = contained.find(kind, target);
        if (held.isPresent()) {
            return Outcome.of(Outcome.Type.ALREADY, null, "irflow already did this on " + held.get().since() + " ("
                    + held.get().containedBy() + ").");
        }
        Instant now = clock.instant();
        PendingAction a = new PendingAction(newRef(), kind, false, productFor(kind).orElseThrow(), target, label,
                actor.roomId(), actor.email(), now, now.plus(ttl), PendingAction.State.AWAITING_APPROVAL, actor.email(),
                dryRun);
        pending.insert(a);
        Optional<String> guard = guarded(a);
        record(a, actor, AuditStore.Event.AWAITING_APPROVAL, "automatic; waiting for a responder's approval"
                + guard.map(e -> "; protected host (security.protected entry " + e + ")").orElse(""), null);
        return Outcome.of(Outcome.Type.AWAITING_APPROVAL, a, protectedNote(guard));
    }

    /** Cancels an offered or pending action. */
    public Outcome cancel(String ref, Actor actor) {
        Optional<PendingAction> found = pending.find(ref);
        if (found.isEmpty()) {
            return invalid(ref, actor, "unknown reference");
        }
        PendingAction a = found.get();
        if (!sameRoom(a.roomId(), actor.roomId())) {
            return wrongRoom(a, actor);
        }
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(a, actor, a.kind(), a.target());
        }
        Instant now = clock.instant();
        for (PendingAction.State from : new PendingAction.State[]{PendingAction.State.PENDING,
                PendingAction.State.AWAITING_APPROVAL, PendingAction.State.OFFERED}) {
            if (pending.transition(ref, from, PendingAction.State.CANCELLED, actor.email(), now)) {
                record(a, actor, AuditStore.Event.CANCELLED, "", null);
                return Outcome.of(Outcome.Type.CANCELLED, a, "");
            }
        }
        return used(a, actor);
    }

    /**
     * Settles actions left EXECUTING for longer than {@code olderThan} (their result never recorded) by asking the
     * products; see {@link Reconciler}. Run at start-up and periodically; never throws.
     */
    public Reconciler.Result reconcile(Duration olderThan) {
        return reconciler.run(olderThan);
    }

    /** What irflow currently holds contained. */
    public java.util.List<ContainedTargetStore.Row> contained() {
        return contained.all();
    }

    /** The drifts found on what irflow holds (released or stopped outside irflow), oldest first. */
    public java.util.List<ContainedTargetStore.Drift> drifts() {
        return contained.drifts();
    }

    /** The last audit entries, newest first. */
    public java.util.List<AuditStore.Entry> audit(int n) {
        return audit.last(n);
    }

    /** One page of the audit log, newest first: {@code n} entries after the {@code skip} newest. */
    public java.util.List<AuditStore.Entry> audit(int skip, int n) {
        return audit.last(skip, n);
    }

    /** How many audit entries there are. */
    public int auditCount() {
        return audit.count();
    }

    /**
     * Undoes a containment whose expiry passed, as irflow ({@link Expiries#ACTOR}, "expired" in the audit): the same
     * path as a responder's confirmed undo (stored, executed once, ledger and audit, reconciled after a crash), so the
     * ledger, {@code /contained}, the cards and incident timelines agree.
     */
    public Outcome revertExpired(ContainedTargetStore.Row row) {
        Actor irflow = new Actor(null, Expiries.ACTOR, row.roomId());
        if (!available(row.kind())) {
            return Outcome.of(Outcome.Type.NOT_CONFIGURED, null, "No product is configured to "
                    + row.kind().undoVerb() + " any more.");
        }
        PendingAction a = store(row.kind(), true, row.target(), row.targetLabel(), row.roomId(), Expiries.ACTOR,
                PendingAction.State.EXECUTING, false);
        record(a, irflow, AuditStore.Event.REQUESTED, Expiries.REASON, null);
        return execute(a, irflow, Expiries.REASON + ": ");
    }

    private Outcome execute(PendingAction a, Actor actor) {
        return execute(a, actor, "");
    }

    /** @param reason put before the product's words in the audit ("expired: "), or "" */
    private Outcome execute(PendingAction a, Actor actor, String reason) {
        if (a.dryRun() || dryRun) {
            Outcome outcome = executeOnce(a, actor, reason); // calls no product, so claims nothing
            metrics.acted(a.kind(), a.undo(), outcome.type());
            return outcome;
        }
        // One product call per target at a time, across instances: the action claims its target in the database
        // (PendingActionStore.claimTarget) before deciding, so an apply or undo of the same target confirmed at the
        // same moment, here or on another instance, waits for this one and then finds what it did.
        if (!awaitClaim(a)) {
            return busy(a, actor);
        }
        try {
            Optional<AuditStore.Entry> undone = history.undoneSince(a);
            if (undone.isPresent()) {
                pending.finish(a.ref(), PendingAction.State.CANCELLED, clock.instant());
                record(a, actor, AuditStore.Event.REFUSED, "already undone by " + undone.get().actor(), null);
                PendingAction now = pending.find(a.ref()).orElse(a);
                return new Outcome(Outcome.Type.INVALID_REFERENCE, now, "That button can no longer be used (already "
                        + "undone). Nothing was done.", null, null, history.of(now, clock.instant()));
            }
            Outcome outcome = executeOnce(a, actor, reason);
            metrics.acted(a.kind(), a.undo(), outcome.type());
            return outcome;
        } finally {
            release(a);
        }
    }

    /** Waits up to {@link #claimWait} (longer than a product call lasts) for the target's claim. */
    private boolean awaitClaim(PendingAction a) {
        long deadline = System.nanoTime() + claimWait.toNanos();
        while (!pending.claimTarget(a, clock.instant())) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(CLAIM_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Gives the target back, unless the action stays EXECUTING (its result unknown): then the claim holds until the
     * reconciler settles it, so no second call reaches the product meanwhile.
     */
    private void release(PendingAction a) {
        try {
            pending.releaseTarget(a.ref());
        } catch (RuntimeException e) {
            LOG.warn("could not release the claim on {} of {}; the next action takes it over: {}", a.kind(),
                    a.target(), e.getMessage());
        }
    }

    /**
     * Another action on the target held its claim for longer than a product call lasts (its result unknown, or its
     * instance died in the middle): this one is refused, and answered with that action.
     */
    private Outcome busy(PendingAction a, Actor actor) {
        Instant now = clock.instant();
        pending.finish(a.ref(), PendingAction.State.CANCELLED, now);
        Optional<PendingAction> holder = pending.targetHolder(a.kind(), a.target()).flatMap(pending::find);
        String by = holder.map(h -> h.confirmedBy() != null ? h.confirmedBy() : h.requestedBy()).orElse("another");
        record(a, actor, AuditStore.Event.REFUSED, "another action on this target is still running ("
                + holder.map(PendingAction::verb).orElse("?") + " by " + by + ")", null);
        PendingAction running = holder.orElse(pending.find(a.ref()).orElse(a));
        return new Outcome(Outcome.Type.INVALID_REFERENCE, pending.find(a.ref()).orElse(a), "Another action on "
                + a.targetLabel() + " (" + holder.map(PendingAction::verb).orElse("a change") + " by " + by
                + ") has not finished yet; irflow will ask " + a.product() + " and record what it finds. Nothing was "
                + "done.", null, null, history.of(running, now));
    }

    private Outcome executeOnce(PendingAction a, Actor actor, String reason) {
        Instant now = clock.instant();
        Containment product = products.get(a.kind());
        if (product == null) {
            pending.finish(a.ref(), PendingAction.State.FAILED, now);
            return Outcome.of(Outcome.Type.NOT_CONFIGURED, a, "No product is configured to " + a.verb() + " any more.");
        }
        // A containment the product no longer shows (a drift, see io.irflow.verify) is applied again, not "already".
        if (!a.undo() && contained.find(a.kind(), a.target()).isPresent() && !contained.drifted(a.kind(), a.target())) {
            pending.finish(a.ref(), PendingAction.State.DONE, now);
            ContainedTargetStore.Row row = contained.find(a.kind(), a.target()).get();
            record(a, actor, AuditStore.Event.ALREADY, "already " + a.kind().verb() + "d by irflow (" + row.containedBy() + ")", null);
            return Outcome.of(Outcome.Type.ALREADY, a, "irflow already did this on " + row.since() + " (" + row.containedBy() + ").");
        }
        if (a.dryRun() || dryRun) {
            return rehearse(a, actor, product);
        }
        ContainmentResult r;
        try {
            // The action is stored as EXECUTING before this call (the intent): a crash from here until the last write
            // of settle() leaves it so, and the reconciler asks the product what happened.
            r = a.undo() ? product.undo(a.target()) : product.apply(a.target());
        } catch (AdapterException e) {
            // No answer in time, or an answer irflow cannot read: the product may have acted all the same, so the
            // action stays EXECUTING and the reconciler records what the product says; any other error is a refusal.
            boolean unconfirmed = e.kind() == AdapterException.Kind.TIMEOUT
                    || e.kind() == AdapterException.Kind.MALFORMED;
            String why = unconfirmed ? e.getMessage() + "; it may have taken effect all the same: irflow will ask "
                    + a.product() + " and record what it finds" : e.getMessage();
            if (!unconfirmed) {
                pending.finish(a.ref(), PendingAction.State.FAILED, clock.instant());
            }
            audit.append(new AuditStore.Entry(clock.instant(), actor.email(), actor.roomId(), AuditStore.Event.FAILED, a.kind(),
                    a.product(), a.target(), reason + why, e.status() == 0 ? null : e.status(), e.trackingId(),
                    a.ref()));
            LOG.warn("{} {} via {} failed: {}", a.verb(), a.target(), a.product(), why);
            return Outcome.of(Outcome.Type.FAILED, a, why);
        } catch (RuntimeException e) {
            pending.finish(a.ref(), PendingAction.State.FAILED, clock.instant());
            record(a, actor, AuditStore.Event.FAILED, "internal error", null);
            LOG.error("{} {} via {} failed", a.verb(), a.target(), a.product(), e);
            return Outcome.of(Outcome.Type.FAILED, a, "irflow failed while calling " + a.product() + " (see the log).");
        }
        try {
            return settle(a, actor, r, reason);
        } catch (RuntimeException e) {
            // The product acted but the database did not take the result: the action stays EXECUTING, so it is not
            // marked failed (it was not) and the reconciler records it once it can ask the product.
            LOG.error("{} {} via {} went through but irflow could not record it; it stays executing until reconciled",
                    a.verb(), a.target(), a.product(), e);
            return Outcome.of(Outcome.Type.FAILED, a, a.product() + " was called, but irflow could not record the "
                    + "result; it will ask " + a.product() + " again and record what it finds (see the log).");
        }
    }

    /**
     * Writes what the product did: the ledger ({@code contained}) and the audit first, the action's end state last, so
     * a crash before the last write leaves the action EXECUTING for the reconciler instead of losing the containment.
     */
    private Outcome settle(PendingAction a, Actor actor, ContainmentResult r, String reason) {
        if (a.undo()) {
            contained.remove(a.kind(), a.target());
        } else {
            Instant at = clock.instant();
            contained.add(new ContainedTargetStore.Row(a.kind(), a.target(), a.targetLabel(), a.product(), at,
                    actor.email(), a.roomId(), pending.holdOf(a.ref()).map(at::plus).orElse(null)));
            contained.clearDrift(a.kind(), a.target());
        }
        AuditStore.Event event = a.undo() ? AuditStore.Event.UNDONE : r.change() == ContainmentResult.Change.ALREADY
                ? AuditStore.Event.ALREADY : AuditStore.Event.EXECUTED;
        record(a, actor, event, reason + r.detail(), r);
        pending.finish(a.ref(), PendingAction.State.DONE, clock.instant());
        PendingAction undo = a.undo() ? null
                : offer(a.kind(), true, a.target(), a.targetLabel(), a.roomId(), actor.email());
        Outcome.Type type = r.change() == ContainmentResult.Change.ALREADY ? Outcome.Type.ALREADY
                : Outcome.Type.EXECUTED;
        return new Outcome(type, a, "", r, undo);
    }

    /**
     * A dry run at the product call: asks the product what it would have done (no call is made) and records that,
     * without touching the ledger, so nothing is shown contained and there is nothing to undo.
     */
    private Outcome rehearse(PendingAction a, Actor actor, Containment product) {
        String would;
        try {
            would = product.wouldHave(a.target(), a.undo());
        } catch (AdapterException e) {
            pending.finish(a.ref(), PendingAction.State.FAILED, clock.instant());
            record(a, actor, AuditStore.Event.FAILED, "dry run: " + e.getMessage(), null);
            return Outcome.of(Outcome.Type.FAILED, a, e.getMessage() + " (dry run: nothing was sent)");
        }
        record(a, actor, AuditStore.Event.DRY_RUN, "would have " + would, null);
        pending.finish(a.ref(), PendingAction.State.DONE, clock.instant());
        LOG.info("dry run: {} {} via {} not executed; would have {}", a.verb(), a.target(), a.product(), would);
        return Outcome.of(Outcome.Type.DRY_RUN, a, "Dry run: would have " + would + ".");
    }

    private PendingAction store(ContainmentKind kind, boolean undo, String target, String label, String roomId, String by,
                                PendingAction.State state, boolean dry) {
        Instant now = clock.instant();
        String product = productFor(kind).orElseThrow(() -> new IllegalStateException(kind + " is not configured"));
        PendingAction a = new PendingAction(newRef(), kind, undo, product, target, label, roomId, by, now, now.plus(ttl),
                state, null, dryRun || dry);
        pending.insert(a);
        return a;
    }

    /** The security.protected entry that protects the action's host, if any. */
    private Optional<String> guarded(PendingAction a) {
        return protection.match(a.kind(), a.undo(), a.target(), a.targetLabel());
    }

    /** The warning confirmation and approval cards show for a protected host ("" for others). */
    private static String protectedNote(Optional<String> entry) {
        return entry.map(e -> "Protected host: it matches security.protected entry " + e + ", so a second responder "
                + "must approve after you confirm.").orElse("");
    }

    private Outcome refuseNonResponder(PendingAction a, Actor actor, ContainmentKind kind, String target) {
        LOG.warn("{} is not a responder; refused {} on {}", actor.email(), kind.verb(), target);
        audit.append(new AuditStore.Entry(clock.instant(), actor.email(), actor.roomId(), AuditStore.Event.REFUSED, kind,
                a == null ? productFor(kind).orElse(null) : a.product(), target, "not a responder", null, null,
                a == null ? null : a.ref()));
        return Outcome.of(Outcome.Type.NOT_RESPONDER, a, "Only responders listed in security.responders can "
                + kind.verb() + "; you are not on that list, so nothing was done.");
    }

    private static String why(PendingAction a, Instant now) {
        if (a.expiredAt(now)) {
            return "expired";
        }
        return switch (a.state()) {
            case OFFERED -> "not pressed yet: press the action button first";
            case PENDING, AWAITING_APPROVAL -> "waiting for confirmation";
            case EXECUTING, DONE, FAILED -> "already used";
            case CANCELLED -> "cancelled";
        };
    }

    /**
     * A reference pressed or typed in a room other than the one its card was posted in (a copied reference, a forged
     * submission, a card forwarded by someone): refused before anything else. The audit names neither the action nor
     * the target, so the refusal does not become a work note of another room's incident.
     */
    private Outcome wrongRoom(PendingAction a, Actor actor) {
        LOG.warn("refused card reference from {} in room {}: its card was posted in another room", actor.email(),
                actor.roomId());
        audit.append(new AuditStore.Entry(clock.instant(), actor.email(), actor.roomId(), AuditStore.Event.REFUSED, null,
                null, null, "reference from a card posted in another room", null, null, a.ref()));
        return Outcome.of(Outcome.Type.WRONG_ROOM, null, "That button belongs to a card posted in another room and "
                + "works only there. Nothing was done.");
    }

    /**
     * Whether two Webex room ids name one room. Compared by the UUID inside the REST id, because the same room can be
     * written padded or not, or with another cluster (an id typed into {@code webex.irt_room}, one built from an event
     * socket UUID); UUIDs are unique across clusters.
     */
    static boolean sameRoom(String cardRoom, String actorRoom) {
        if (cardRoom == null || actorRoom == null) {
            return false;
        }
        if (cardRoom.equals(actorRoom)) {
            return true;
        }
        Optional<String> card = RestIds.uuidOf(cardRoom);
        Optional<String> actor = RestIds.uuidOf(actorRoom);
        return card.isPresent() && actor.isPresent() && card.get().equalsIgnoreCase(actor.get());
    }

    private Outcome invalid(String ref, Actor actor, String why) {
        LOG.warn("refused card reference from {}: {}", actor.email(), why);
        audit.append(new AuditStore.Entry(clock.instant(), actor.email(), actor.roomId(), AuditStore.Event.REFUSED, null, null,
                null, "reference " + why, null, null, ref.length() > 64 ? ref.substring(0, 64) : ref));
        return Outcome.of(Outcome.Type.INVALID_REFERENCE, null, "That button can no longer be used (" + why
                + "). Nothing was done; investigate again or type the command.");
    }

    /**
     * A found button that cannot be used (any more): refused and audited as before, and answered with what became of
     * it, read again after the refused step so a press that lost a race reports the winner's result.
     */
    private Outcome used(PendingAction stale, Actor actor) {
        Instant now = clock.instant();
        PendingAction a = pending.find(stale.ref()).orElse(stale);
        Outcome refusal = invalid(a.ref(), actor, why(a, now));
        return new Outcome(refusal.type(), a, refusal.message(), null, null, history.of(a, now));
    }

    /**
     * An undo button whose containment someone undid after it was drawn (another card's undo, {@code /contained}'s, a
     * typed {@code /unquarantine}): refused before the product is asked to undo a second time.
     */
    private Optional<Outcome> overtaken(PendingAction a, Actor actor) {
        Optional<AuditStore.Entry> undone = history.undoneSince(a);
        if (undone.isEmpty()) {
            return Optional.empty();
        }
        Outcome refusal = invalid(a.ref(), actor, "already undone by " + undone.get().actor());
        return Optional.of(new Outcome(refusal.type(), a, refusal.message(), null, null,
                history.of(a, clock.instant())));
    }

    /** One audit entry for the action; every step of a dry run says so in its outcome. */
    private void record(PendingAction a, Actor actor, AuditStore.Event event, String outcome, ContainmentResult r) {
        String said = outcome == null ? "" : outcome;
        String words = !a.dryRun() || event == AuditStore.Event.DRY_RUN || said.startsWith("dry run") ? said
                : said.isBlank() ? "dry run" : "dry run; " + said;
        audit.append(new AuditStore.Entry(clock.instant(), actor.email(), actor.roomId(), event, a.kind(), a.product(),
                a.target(), words, r == null ? null : r.productStatus(), r == null ? null : r.trackingId(), a.ref()));
    }

    private static String newRef() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

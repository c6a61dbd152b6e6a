package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
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
 * expiring reference; only responders may request, confirm or approve; the server executes what it stored, never
 * what a card says; everything is audited; an action already in effect is not repeated; two simultaneous confirms
 * execute once (a compare-and-set on the stored state).
 */
public final class ContainmentService {
    private static final Logger LOG = LoggerFactory.getLogger(ContainmentService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<ContainmentKind, Containment> products;
    private final PendingActions pending;
    private final ContainedTargets contained;
    private final AuditLog audit;
    private final Responders responders;
    private final boolean requireApproval;
    private final Duration ttl;
    private final Clock clock;

    public ContainmentService(Map<ContainmentKind, Containment> products, PendingActions pending, ContainedTargets contained,
                              AuditLog audit, Responders responders, boolean requireApproval, Duration ttl, Clock clock) {
        this.products = Map.copyOf(products);
        this.pending = pending;
        this.contained = contained;
        this.audit = audit;
        this.responders = responders;
        this.requireApproval = requireApproval;
        this.ttl = ttl;
        this.clock = clock;
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
        return store(kind, undo, target, label, roomId, offeredTo, PendingAction.State.OFFERED);
    }

    /** A typed command: stores the action and asks for confirmation. */
    public Outcome request(ContainmentKind kind, boolean undo, String target, String label, Actor actor) {
        if (!available(kind)) {
            return Outcome.of(Outcome.Type.NOT_CONFIGURED, null, "No product is configured to " + kind.verb() + ".");
        }
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(null, actor, kind, target);
        }
        PendingAction a = store(kind, undo, target, label, actor.roomId(), actor.email(), PendingAction.State.PENDING);
        record(a, actor, AuditLog.Event.REQUESTED, "confirmation asked", null);
        return Outcome.of(Outcome.Type.CONFIRM, a, "");
    }

    /** A press on an offered button: moves it to "pending confirmation". */
    public Outcome press(String ref, Actor actor) {
        Optional<PendingAction> found = pending.find(ref);
        if (found.isEmpty()) {
            return invalid(ref, actor, "unknown reference");
        }
        PendingAction a = found.get();
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(a, actor, a.kind(), a.target());
        }
        if (!pending.claimOffer(ref, actor.email(), clock.instant())) {
            return invalid(ref, actor, why(a, clock.instant()));
        }
        record(a, actor, AuditLog.Event.REQUESTED, "confirmation asked", null);
        return Outcome.of(Outcome.Type.CONFIRM, pending.find(ref).orElse(a), "");
    }

    /** Confirm (or, with approval on, approve) a pending action: executes it exactly once. */
    public Outcome confirm(String ref, Actor actor) {
        Optional<PendingAction> found = pending.find(ref);
        if (found.isEmpty()) {
            return invalid(ref, actor, "unknown reference");
        }
        PendingAction a = found.get();
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(a, actor, a.kind(), a.target());
        }
        Instant now = clock.instant();
        if (requireApproval && a.state() == PendingAction.State.PENDING) {
            if (!pending.transition(ref, PendingAction.State.PENDING, PendingAction.State.AWAITING_APPROVAL, actor.email(), now)) {
                return invalid(ref, actor, why(a, now));
            }
            record(a, actor, AuditLog.Event.AWAITING_APPROVAL, "waiting for a second responder", null);
            return Outcome.of(Outcome.Type.AWAITING_APPROVAL, pending.find(ref).orElse(a), "");
        }
        if (requireApproval && a.state() == PendingAction.State.AWAITING_APPROVAL
                && (actor.email().equalsIgnoreCase(a.confirmedBy()) || actor.email().equalsIgnoreCase(a.requestedBy()))) {
            record(a, actor, AuditLog.Event.REFUSED, "the requester cannot approve their own action", null);
            return Outcome.of(Outcome.Type.NOT_RESPONDER, a, "A second responder has to approve this; you confirmed it already.");
        }
        PendingAction.State from = requireApproval ? PendingAction.State.AWAITING_APPROVAL : PendingAction.State.PENDING;
        if (!pending.transition(ref, from, PendingAction.State.EXECUTING, actor.email(), now)) {
            return invalid(ref, actor, why(a, now));
        }
        record(a, actor, requireApproval ? AuditLog.Event.APPROVED : AuditLog.Event.CONFIRMED, "", null);
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
        PendingAction a = store(kind, false, target, label, actor.roomId(), actor.email(), PendingAction.State.EXECUTING);
        record(a, actor, AuditLog.Event.REQUESTED, "automatic", null);
        return execute(a, actor);
    }

    /** Cancels an offered or pending action. */
    public Outcome cancel(String ref, Actor actor) {
        Optional<PendingAction> found = pending.find(ref);
        if (found.isEmpty()) {
            return invalid(ref, actor, "unknown reference");
        }
        PendingAction a = found.get();
        if (!responders.allows(actor.email())) {
            return refuseNonResponder(a, actor, a.kind(), a.target());
        }
        Instant now = clock.instant();
        for (PendingAction.State from : new PendingAction.State[]{PendingAction.State.PENDING,
                PendingAction.State.AWAITING_APPROVAL, PendingAction.State.OFFERED}) {
            if (pending.transition(ref, from, PendingAction.State.CANCELLED, actor.email(), now)) {
                record(a, actor, AuditLog.Event.CANCELLED, "", null);
                return Outcome.of(Outcome.Type.CANCELLED, a, "");
            }
        }
        return invalid(ref, actor, why(a, now));
    }

    /** What irflow currently holds contained. */
    public java.util.List<ContainedTargets.Row> contained() {
        return contained.all();
    }

    /** The last audit entries, newest first. */
    public java.util.List<AuditLog.Entry> audit(int n) {
        return audit.last(n);
    }

    private Outcome execute(PendingAction a, Actor actor) {
        Instant now = clock.instant();
        Containment product = products.get(a.kind());
        if (product == null) {
            pending.finish(a.ref(), PendingAction.State.FAILED, now);
            return Outcome.of(Outcome.Type.NOT_CONFIGURED, a, "No product is configured to " + a.verb() + " any more.");
        }
        if (!a.undo() && contained.find(a.kind(), a.target()).isPresent()) {
            pending.finish(a.ref(), PendingAction.State.DONE, now);
            ContainedTargets.Row row = contained.find(a.kind(), a.target()).get();
            record(a, actor, AuditLog.Event.ALREADY, "already " + a.kind().verb() + "d by irflow (" + row.containedBy() + ")", null);
            return Outcome.of(Outcome.Type.ALREADY, a, "irflow already did this on " + row.since() + " (" + row.containedBy() + ").");
        }
        try {
            ContainmentResult r = a.undo() ? product.undo(a.target()) : product.apply(a.target());
            pending.finish(a.ref(), PendingAction.State.DONE, clock.instant());
            PendingAction undo = null;
            if (a.undo()) {
                contained.remove(a.kind(), a.target());
            } else {
                contained.add(new ContainedTargets.Row(a.kind(), a.target(), a.targetLabel(), a.product(), clock.instant(),
                        actor.email(), a.roomId()));
                undo = offer(a.kind(), true, a.target(), a.targetLabel(), a.roomId(), actor.email());
            }
            AuditLog.Event event = a.undo() ? AuditLog.Event.UNDONE : r.change() == ContainmentResult.Change.ALREADY
                    ? AuditLog.Event.ALREADY : AuditLog.Event.EXECUTED;
            record(a, actor, event, r.detail(), r);
            return new Outcome(r.change() == ContainmentResult.Change.ALREADY ? Outcome.Type.ALREADY : Outcome.Type.EXECUTED,
                    a, "", r, undo);
        } catch (AdapterException e) {
            pending.finish(a.ref(), PendingAction.State.FAILED, clock.instant());
            audit.append(new AuditLog.Entry(clock.instant(), actor.email(), actor.roomId(), AuditLog.Event.FAILED, a.kind(),
                    a.product(), a.target(), e.getMessage(), e.status() == 0 ? null : e.status(), e.trackingId(), a.ref()));
            LOG.warn("{} {} via {} failed: {}", a.verb(), a.target(), a.product(), e.getMessage());
            return Outcome.of(Outcome.Type.FAILED, a, e.getMessage());
        } catch (RuntimeException e) {
            pending.finish(a.ref(), PendingAction.State.FAILED, clock.instant());
            record(a, actor, AuditLog.Event.FAILED, "internal error", null);
            LOG.error("{} {} via {} failed", a.verb(), a.target(), a.product(), e);
            return Outcome.of(Outcome.Type.FAILED, a, "irflow failed while calling " + a.product() + " (see the log).");
        }
    }

    private PendingAction store(ContainmentKind kind, boolean undo, String target, String label, String roomId, String by,
                                PendingAction.State state) {
        Instant now = clock.instant();
        String product = productFor(kind).orElseThrow(() -> new IllegalStateException(kind + " is not configured"));
        PendingAction a = new PendingAction(newRef(), kind, undo, product, target, label, roomId, by, now, now.plus(ttl),
                state, null);
        pending.insert(a);
        return a;
    }

    private Outcome refuseNonResponder(PendingAction a, Actor actor, ContainmentKind kind, String target) {
        LOG.warn("{} is not a responder; refused {} on {}", actor.email(), kind.verb(), target);
        audit.append(new AuditLog.Entry(clock.instant(), actor.email(), actor.roomId(), AuditLog.Event.REFUSED, kind,
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

    private Outcome invalid(String ref, Actor actor, String why) {
        LOG.warn("refused card reference from {}: {}", actor.email(), why);
        audit.append(new AuditLog.Entry(clock.instant(), actor.email(), actor.roomId(), AuditLog.Event.REFUSED, null, null,
                null, "reference " + why, null, null, ref.length() > 64 ? ref.substring(0, 64) : ref));
        return Outcome.of(Outcome.Type.INVALID_REFERENCE, null, "That button can no longer be used (" + why
                + "). Nothing was done; investigate again or type the command.");
    }

    private void record(PendingAction a, Actor actor, AuditLog.Event event, String outcome, ContainmentResult r) {
        audit.append(new AuditLog.Entry(clock.instant(), actor.email(), actor.roomId(), event, a.kind(), a.product(),
                a.target(), outcome, r == null ? null : r.productStatus(), r == null ? null : r.trackingId(), a.ref()));
    }

    private static String newRef() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

package io.irflow.verify;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentCheck;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentState;
import io.irflow.cards.VerificationNotes;
import io.irflow.cards.Words;
import io.irflow.contain.AuditStore;
import io.irflow.contain.PendingAction;
import io.irflow.contain.PendingActionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Verifies every action a product accepted against the product's own state ({@link ContainmentCheck}): it hears the
 * audit entry of the product's answer, then reads the product after 2 s, 4 s, 8 s … (at most {@link Settings#maxPoll}
 * apart, with a last read at the deadline) until the product shows the action in effect (for an undo: released) or
 * {@code security.verify_timeout} passes. Then the action's thread gets "Verified at 06:27:02 UTC (…)" or "Not
 * verified after 2 min: …" (with a warning in the response room), and the audit gets VERIFIED or NOT_VERIFIED.
 * A product that has no readable state gets "not verifiable", never a guess.
 * <p>
 * Each check is a row ({@link VerificationStore}) claimed by the instance following it; a stopped instance's checks
 * are taken over by {@link #resume()} once their claim runs out, continuing before the deadline and recorded as
 * unknown after it. A product error during a read (5xx, 401, timeout) is one more read that did not confirm.
 */
public final class ContainmentVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(ContainmentVerifier.class);
    /** Who the audit names for what irflow itself found. */
    public static final String ACTOR = "irflow";

    /**
     * How checks are paced.
     *
     * @param timeout   how long irflow reads before "not verified" ({@code security.verify_timeout}, default 2 min)
     * @param firstPoll the wait before the first read; each next wait doubles (2 s, 4 s, 8 s …)
     * @param maxPoll   the longest wait between reads
     * @param lease     how long a claim holds without a read (longer than {@code maxPoll})
     */
    public record Settings(Duration timeout, Duration firstPoll, Duration maxPoll, Duration lease) {
        /** The production pacing around a timeout: 2 s doubling to 30 s, claims of 1 min. */
        public static Settings of(Duration timeout) {
            return new Settings(timeout, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(1));
        }

        /** The same with another first wait (tests shorten it), the longest wait and the lease scaled alike. */
        public Settings withFirstPoll(Duration first) {
            return new Settings(timeout, first, first.multipliedBy(15), Duration.ofMinutes(1));
        }
    }

    private final Map<ContainmentKind, Containment> products;
    private final VerificationStore store;
    private final PendingActionStore pending;
    private final AuditStore audit;
    private final Notes notes;
    private final String responseRoom;
    private final Timer timer;
    private final Clock clock;
    private final Supplier<Words> words;
    private final String claimant;
    private final Settings settings;

    /**
     * @param responseRoom where warnings go ({@code webex.irt_room}); null: the action's own room
     * @param claimant     this instance, as it claims checks
     */
    public ContainmentVerifier(Map<ContainmentKind, Containment> products, VerificationStore store,
                               PendingActionStore pending, AuditStore audit, Notes notes, String responseRoom,
                               Timer timer, Clock clock, Supplier<Words> words, String claimant, Settings settings) {
        this.products = Map.copyOf(products);
        this.store = store;
        this.pending = pending;
        this.audit = audit;
        this.notes = notes;
        this.responseRoom = responseRoom;
        this.timer = timer;
        this.clock = clock;
        this.words = words;
        this.claimant = claimant;
        this.settings = settings;
    }

    /**
     * An audit listener: starts a check for every entry that records a product's answer to an action (executed,
     * already in place, undone, with the product's HTTP status); ignores the rest. Never throws.
     */
    public void audited(AuditStore.Entry e) {
        boolean answer = e.event() == AuditStore.Event.EXECUTED || e.event() == AuditStore.Event.ALREADY
                || e.event() == AuditStore.Event.UNDONE;
        if (!answer || e.productStatus() == null || e.ref() == null || e.kind() == null) {
            return;
        }
        try {
            Optional<PendingAction> a = pending.find(e.ref());
            boolean undo = e.event() == AuditStore.Event.UNDONE;
            String label = a.map(PendingAction::targetLabel).orElse(e.target());
            start(e.ref(), e.kind(), undo, e.product(), e.target(), label, e.roomId());
        } catch (RuntimeException ex) {
            LOG.warn("could not start verifying {} of {}: {}", e.kind(), e.target(), ex.getMessage());
        }
    }

    /** Starts checking one action; its first read is {@link Settings#firstPoll} from now. */
    public void start(String ref, ContainmentKind kind, boolean undo, String product, String target, String label,
                      String roomId) {
        Instant now = clock.instant();
        Verification v = new Verification(ref, kind, undo, product, target, label, roomId, null, now,
                now.plus(settings.timeout()), 0, Verification.State.CHECKING, null);
        if (store.insert(v, claimant, now.plus(settings.lease()))) {
            timer.after(settings.firstPoll(), () -> poll(ref));
        }
    }

    /** The card whose thread the action's result went to; notes about the action go there too. Never throws. */
    public void cardOf(String ref, String cardMessageId) {
        try {
            store.card(ref, cardMessageId);
        } catch (RuntimeException e) {
            LOG.warn("could not remember the card of {}: {}", ref, e.getMessage());
        }
    }

    /**
     * Takes over checks whose instance stopped (their claim ran out): before the deadline they continue at once,
     * after it they are recorded as unknown. Run at start-up and every minute; never throws.
     *
     * @return how many checks were taken over
     */
    public int resume() {
        int taken = 0;
        try {
            Instant now = clock.instant();
            for (Verification v : store.orphaned(now)) {
                if (!store.claim(v.ref(), claimant, now, now.plus(settings.lease()))) {
                    continue;
                }
                taken++;
                if (now.isBefore(v.deadline())) {
                    LOG.info("resuming the verification of {} {} via {}", v.kind(), v.target(), v.product());
                    timer.after(Duration.ZERO, () -> poll(v.ref()));
                } else {
                    String why = VerificationNotes.interrupted(Duration.between(v.startedAt(), now));
                    decide(v, Verification.State.UNKNOWN, "interrupted: irflow stopped while checking", why, null);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("resuming verifications failed; the next pass retries: {}", e.getMessage());
        }
        return taken;
    }

    /** One read of the product for one check; reschedules itself until the check ends. Never throws. */
    void poll(String ref) {
        try {
            pollOnce(ref);
        } catch (RuntimeException e) {
            // The claim runs out and resume() takes the check over: nothing is lost.
            LOG.warn("verification of {} failed: {}", ref, e.getMessage());
        }
    }

    private void pollOnce(String ref) {
        Instant now = clock.instant();
        Optional<Verification> found = store.find(ref);
        if (found.isEmpty() || found.get().state() != Verification.State.CHECKING
                || !store.claim(ref, claimant, now, now.plus(settings.lease()))) {
            return;
        }
        Verification v = found.get();
        Optional<ContainmentCheck> check = checkFor(v);
        if (check.isEmpty()) {
            decide(v, Verification.State.NOT_VERIFIABLE, v.product() + " has no state irflow can read",
                    VerificationNotes.notVerifiable(v.kind(), v.undo(), v.product()), null);
            return;
        }
        String seen;
        try {
            // A read that outlasts the longest wait between reads is abandoned: a stalled body cannot hold the check.
            ContainmentState s = BoundedRead.observe(check.get(), v.target(), v.product(), settings.maxPoll());
            if (s.status() == (v.undo() ? ContainmentState.Status.NOT_IN_EFFECT : ContainmentState.Status.IN_EFFECT)) {
                String shown = VerificationNotes.seen(v.product(), s);
                decide(v, Verification.State.VERIFIED, shown, VerificationNotes.verified(words.get(), now, shown),
                        null);
                return;
            }
            seen = VerificationNotes.still(v.product(), s);
        } catch (AdapterException e) {
            seen = VerificationNotes.failed(v.product(), e);
            LOG.info("verifying {} of {}: {}", v.kind(), v.target(), seen);
        }
        int attempts = v.attempts() + 1;
        Instant later = clock.instant();
        if (!later.isBefore(v.deadline())) {
            Duration waited = Duration.between(v.startedAt(), v.deadline());
            decide(v, Verification.State.NOT_VERIFIED, seen, VerificationNotes.notVerified(waited, seen),
                    VerificationNotes.notVerifiedWarning(v.kind(), v.undo(), v.targetLabel(), v.product(), waited,
                            seen));
            return;
        }
        store.progress(ref, attempts, seen);
        timer.after(wait(attempts, Duration.between(later, v.deadline())), () -> poll(ref));
    }

    /** The wait after the {@code n}th read: first × 2^(n), at most maxPoll, and never past the deadline. */
    private Duration wait(int n, Duration left) {
        Duration d = settings.firstPoll().multipliedBy(1L << Math.min(n, 20));
        d = d.compareTo(settings.maxPoll()) > 0 ? settings.maxPoll() : d;
        return d.compareTo(left) > 0 ? left : d;
    }

    /** The configured product's check for this action, when it is still the product that acted. */
    private Optional<ContainmentCheck> checkFor(Verification v) {
        Containment product = products.get(v.kind());
        return product == null || !product.product().equals(v.product()) ? Optional.empty() : product.check();
    }

    /** Ends a check once (compare-and-set), then audits it and posts its note (and the room's warning). */
    private void decide(Verification v, Verification.State end, String seen, String note, String warning) {
        Instant at = clock.instant();
        if (!store.decide(v.ref(), claimant, end, seen, at)) {
            return;
        }
        AuditStore.Event event = end == Verification.State.VERIFIED ? AuditStore.Event.VERIFIED
                : AuditStore.Event.NOT_VERIFIED;
        String outcome = switch (end) {
            case VERIFIED -> "verified: " + seen;
            case NOT_VERIFIABLE -> "not verifiable: " + seen;
            case UNKNOWN -> "unknown: " + seen;
            default -> "not verified after " + Words.span(Duration.between(v.startedAt(), v.deadline())) + ": " + seen;
        };
        audit.append(new AuditStore.Entry(at, ACTOR, v.roomId(), event, v.kind(), v.product(), v.target(), outcome,
                null, null, v.ref()));
        LOG.info("{} of {} via {}: {}", v.undo() ? v.kind().undoVerb() : v.kind().verb(), v.target(), v.product(),
                outcome);
        notes.inThread(v.roomId(), v.cardMessageId(), note);
        if (warning != null) {
            notes.inRoom(responseRoom != null ? responseRoom : v.roomId(), warning);
        }
    }
}

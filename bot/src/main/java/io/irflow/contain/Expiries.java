package io.irflow.contain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Containments that end by themselves ({@code --for 4h}, the confirmation card's picker): every {@link #run} (on a
 * schedule, every instance) reminds the containment's room once before its expiry, with Extend and Keep buttons, and
 * undoes it when the expiry passes, through {@link ContainmentService#revertExpired} (the path of a responder's undo,
 * audited as {@value #ACTOR} with reason {@value #REASON}), unless a responder extended or kept it.
 *
 * <p>Instances sharing one PostgreSQL each run this, and each reminder and each undo is taken by a conditional
 * UPDATE on the row ({@link ContainedTargetStore#claimReminder}, {@link ContainedTargetStore#claimExpired}): one
 * instance wins each. Claims are used rather than leadership because leadership may briefly overlap at a hand-over
 * (see store/Leadership), and a claim also makes two passes of one instance safe. The undo's claim moves the expiry
 * {@link #RETRY} ahead: a revert a crash or a product failure interrupted comes due again then.
 */
public final class Expiries implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Expiries.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Who undoes expired containments, in the audit and on the cards. */
    public static final String ACTOR = "irflow";
    /** The reason the audit gives for such an undo. */
    public static final String REASON = "expired";
    /** How long before the expiry the room is reminded (at most half the hold, for short ones). */
    public static final Duration REMIND_BEFORE = Duration.ofMinutes(15);
    /** When an undo that failed or was interrupted is tried again. */
    public static final Duration RETRY = Duration.ofMinutes(15);

    private final ContainedTargetStore contained;
    private final ContainmentService service;
    private final AuditStore audit;
    private final Responders responders;
    private final Function<String, Set<String>> identifiersOf;
    private final Notices notices;
    private final Clock clock;

    /** What the room is told; implemented by the chat layer. Failures are thrown. */
    public interface Notices {
        /** The expiry is near: the card's Extend and Keep buttons carry {@code ref}. */
        void reminder(ContainedTargetStore.Row row, String ref);

        /** irflow tried to undo an expired containment; {@code retryAt} is when it tries again if that failed. */
        void reverted(ContainedTargetStore.Row row, Outcome outcome, Instant retryAt);
    }

    /**
     * A responder's extend or keep, for the chat layer to word.
     *
     * @param type    what happened
     * @param rows    the rows as they are now (for EXTENDED and KEPT), else the rows concerned
     * @param message a sentence for refusals ("" otherwise)
     */
    public record Change(Type type, List<ContainedTargetStore.Row> rows, String message) {
        /** The outcomes. */
        public enum Type { EXTENDED, KEPT, NOT_HELD, NO_EXPIRY, TOO_LONG, INVALID_REFERENCE, WRONG_ROOM, NOT_RESPONDER }
    }

    /** @param identifiersOf every identifier of the host a typed value names (the ledger's), the value included */
    public Expiries(ContainedTargetStore contained, ContainmentService service, AuditStore audit, Responders responders,
                    Function<String, Set<String>> identifiersOf, Notices notices, Clock clock) {
        this.contained = contained;
        this.service = service;
        this.audit = audit;
        this.responders = responders;
        this.identifiersOf = identifiersOf;
        this.notices = notices;
        this.clock = clock;
    }

    /** One pass: the reminders due, then the undos due. Never throws (it runs on a schedule). */
    @Override
    public void run() {
        try {
            remind();
        } catch (RuntimeException e) {
            LOG.warn("could not send containment expiry reminders; the next pass tries again: {}", e.getMessage());
        }
        try {
            revert();
        } catch (RuntimeException e) {
            LOG.warn("could not undo expired containments; the next pass tries again: {}", e.getMessage());
        }
    }

    /** When the room is reminded of a row's expiry: {@link #REMIND_BEFORE} before it, or half-way for short holds. */
    static Instant remindAt(ContainedTargetStore.Row r) {
        Duration hold = Duration.between(r.since(), r.expiresAt());
        Duration before = hold.dividedBy(2).compareTo(REMIND_BEFORE) < 0 ? hold.dividedBy(2) : REMIND_BEFORE;
        return r.expiresAt().minus(before);
    }

    private void remind() {
        Instant now = clock.instant();
        for (ContainedTargetStore.Row r : contained.unremindedBefore(now.plus(REMIND_BEFORE))) {
            if (now.isBefore(remindAt(r)) || !r.expiresAt().isAfter(now)) {
                continue; // not yet; or already due for its undo, which tells the room itself
            }
            String ref = newRef();
            if (!contained.claimReminder(r, ref, now)) {
                continue; // another instance (or pass) sent it
            }
            try {
                notices.reminder(r, ref);
                LOG.info("reminded room {} that {} of {} expires at {}", r.roomId(), r.kind().verb(), r.target(),
                        r.expiresAt());
            } catch (RuntimeException e) {
                contained.releaseReminder(r, ref);
                LOG.warn("could not post the expiry reminder for {} of {}; the next pass tries again: {}",
                        r.kind().verb(), r.target(), e.getMessage());
            }
        }
    }

    private void revert() {
        Instant now = clock.instant();
        for (ContainedTargetStore.Row r : contained.expiredAt(now)) {
            Instant retryAt = now.plus(RETRY);
            if (!contained.claimExpired(r, now, retryAt)) {
                continue; // another instance took it, or a responder extended, kept or undid it meanwhile
            }
            LOG.info("{} of {} via {} expired at {}: undoing it", r.kind().verb(), r.target(), r.product(),
                    r.expiresAt());
            Outcome o = service.revertExpired(r);
            if (o.type() == Outcome.Type.NOT_CONFIGURED) {
                // Nothing can undo it any more: keep it rather than retrying for ever; the room is told.
                contained.expire(new ContainedTargetStore.Row(r.kind(), r.target(), r.targetLabel(), r.product(),
                        r.since(), r.containedBy(), r.roomId(), retryAt), null);
            }
            try {
                notices.reverted(r, o, retryAt);
            } catch (RuntimeException e) {
                LOG.warn("could not tell room {} about the expiry of {} of {} ({}): {}", r.roomId(), r.kind().verb(),
                        r.target(), o.type(), e.getMessage());
            }
        }
    }

    /** The reminder's "Extend +4 h": moves the expiry {@code by} later; {@code ref} is the reminder's reference. */
    public Change extend(String ref, Duration by, Actor actor) {
        return pressed(ref, actor, by);
    }

    /** The reminder's "Keep (no expiry)": the containment holds until a responder undoes it. */
    public Change keep(String ref, Actor actor) {
        return pressed(ref, actor, null);
    }

    /**
     * {@code /extend <target> 4h}: every expiring containment irflow holds on the target (any identifier of its
     * host) moves {@code by} later; {@code by} empty removes their expiries.
     */
    public Change extend(String typed, Optional<Duration> by, Actor actor) {
        if (!responders.allows(actor.email())) {
            return refuse(actor, null);
        }
        Set<String> ids = new LinkedHashSet<>();
        ids.add(typed.strip());
        try {
            ids.addAll(identifiersOf.apply(typed.strip()));
        } catch (RuntimeException e) {
            LOG.warn("could not read the host of {}: {}", typed, e.getMessage());
        }
        List<ContainedTargetStore.Row> held = contained.among(ids);
        if (held.isEmpty()) {
            return new Change(Change.Type.NOT_HELD, List.of(), "");
        }
        List<ContainedTargetStore.Row> expiring = held.stream().filter(r -> r.expiresAt() != null).toList();
        if (expiring.isEmpty()) {
            return new Change(Change.Type.NO_EXPIRY, held, "");
        }
        return move(expiring, by.orElse(null), actor);
    }

    /** A reminder's button: a responder, in the reminder's own room, with a current reference; then the move. */
    private Change pressed(String ref, Actor actor, Duration by) {
        if (!responders.allows(actor.email())) {
            return refuse(actor, null);
        }
        Optional<ContainedTargetStore.Row> row = contained.byExpiryRef(ref);
        if (row.isEmpty()) {
            return stale();
        }
        if (!ContainmentService.sameRoom(row.get().roomId(), actor.roomId())) {
            LOG.warn("refused an expiry button from {} in room {}: its card was posted in another room",
                    actor.email(), actor.roomId());
            return new Change(Change.Type.WRONG_ROOM, List.of(), "That button belongs to a card posted in another room "
                    + "and works only there. Nothing was done.");
        }
        Change c = move(List.of(row.get()), by, actor);
        return c.type() == Change.Type.NOT_HELD ? stale() : c;
    }

    private static Change stale() {
        return new Change(Change.Type.INVALID_REFERENCE, List.of(), "That button can no longer be used (the "
                + "containment was undone, or its expiry changed since). Nothing was done; see `/contained`.");
    }

    /** Moves each row's expiry {@code by} later (null: removes it), audited; refuses past {@link Expiry#MAX}. */
    private Change move(List<ContainedTargetStore.Row> rows, Duration by, Actor actor) {
        Instant now = clock.instant();
        if (by != null) {
            for (ContainedTargetStore.Row r : rows) {
                if (Duration.between(now, later(r, by, now)).compareTo(Expiry.MAX) > 0) {
                    return new Change(Change.Type.TOO_LONG, rows, "");
                }
            }
        }
        List<ContainedTargetStore.Row> moved = new ArrayList<>();
        for (ContainedTargetStore.Row r : rows) {
            Instant until = by == null ? null : later(r, by, now);
            if (!contained.expire(r, until)) {
                continue; // undone meanwhile
            }
            audit.append(new AuditStore.Entry(now, actor.email(), actor.roomId(), AuditStore.Event.EXTENDED, r.kind(),
                    r.product(), r.target(), until == null ? "expiry removed (was " + r.expiresAt()
                    + "): held until undone" : "expiry moved from " + r.expiresAt() + " to " + until + " (+"
                    + Expiry.words(by) + ")", null, null, null));
            moved.add(new ContainedTargetStore.Row(r.kind(), r.target(), r.targetLabel(), r.product(), r.since(),
                    r.containedBy(), r.roomId(), until));
        }
        if (moved.isEmpty()) {
            return new Change(Change.Type.NOT_HELD, List.of(), "");
        }
        return new Change(by == null ? Change.Type.KEPT : Change.Type.EXTENDED, moved, "");
    }

    /** The new expiry: {@code by} after the current one, or after now when that already passed. */
    private static Instant later(ContainedTargetStore.Row r, Duration by, Instant now) {
        Instant from = r.expiresAt() == null || r.expiresAt().isBefore(now) ? now : r.expiresAt();
        return from.plus(by);
    }

    private Change refuse(Actor actor, String target) {
        LOG.warn("{} is not a responder; refused changing a containment's expiry", actor.email());
        audit.append(new AuditStore.Entry(clock.instant(), actor.email(), actor.roomId(), AuditStore.Event.REFUSED,
                null, null, target, "not a responder (expiry change)", null, null, null));
        return new Change(Change.Type.NOT_RESPONDER, List.of(), "Only responders listed in security.responders can "
                + "change when a containment ends; you are not on that list, so nothing was done.");
    }

    private static String newRef() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

package io.irflow.contain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what became of a containment button from the stored action and the audit, and where its target stands now
 * from the ledger ({@link UsedButton}); also tells an undo button whose containment was already undone by someone
 * else, so it is not carried out twice.
 */
final class ButtonHistory {
    private static final Set<AuditStore.Event> CHANGES = EnumSet.of(AuditStore.Event.EXECUTED,
            AuditStore.Event.ALREADY, AuditStore.Event.UNDONE);

    private final AuditStore audit;
    private final ContainedTargetStore contained;

    ButtonHistory(AuditStore audit, ContainedTargetStore contained) {
        this.audit = audit;
        this.contained = contained;
    }

    /** What became of this action's button, as of {@code now}. */
    UsedButton of(PendingAction a, Instant now) {
        List<AuditStore.Entry> mine = audit.forRef(a.ref());
        ContainedTargetStore.Row held = contained.find(a.kind(), a.target()).orElse(null);
        Optional<AuditStore.Entry> overtaken = a.undo() ? undoneSince(a) : Optional.empty();
        if (overtaken.isPresent() && a.state() != PendingAction.State.DONE && a.state() != PendingAction.State.FAILED
                && a.state() != PendingAction.State.EXECUTING) {
            AuditStore.Entry e = overtaken.get();
            return new UsedButton(a, UsedButton.Use.OVERTAKEN, e.actor(), e.at(), "", held, null);
        }
        return switch (a.state()) {
            case DONE -> from(a, UsedButton.Use.DONE, last(mine, CHANGES), held);
            case EXECUTING -> from(a, UsedButton.Use.RUNNING, last(mine, EnumSet.of(AuditStore.Event.CONFIRMED,
                    AuditStore.Event.APPROVED)), held);
            case FAILED -> from(a, UsedButton.Use.FAILED, last(mine, EnumSet.of(AuditStore.Event.FAILED)), held);
            case CANCELLED -> from(a, UsedButton.Use.CANCELLED, last(mine, EnumSet.of(AuditStore.Event.CANCELLED)),
                    held);
            case OFFERED, PENDING, AWAITING_APPROVAL -> a.expiredAt(now)
                    ? new UsedButton(a, UsedButton.Use.EXPIRED, null, a.expiresAt(), "", held, null)
                    : a.state() == PendingAction.State.OFFERED
                    ? from(a, UsedButton.Use.NOT_PRESSED, Optional.empty(), held)
                    : a.state() == PendingAction.State.PENDING
                    ? from(a, UsedButton.Use.WAITING, last(mine, EnumSet.of(AuditStore.Event.REQUESTED)), held)
                    : from(a, UsedButton.Use.AWAITING_APPROVAL,
                    last(mine, EnumSet.of(AuditStore.Event.AWAITING_APPROVAL)), held);
        };
    }

    /**
     * For an undo: the undo of the same target that another button carried out after this one was drawn, while irflow
     * holds the target no more. Then this button's containment has ended, and pressing it would call the product's
     * undo a second time.
     */
    Optional<AuditStore.Entry> undoneSince(PendingAction a) {
        if (!a.undo() || contained.find(a.kind(), a.target()).isPresent()) {
            return Optional.empty();
        }
        return audit.forTarget(a.kind(), a.target()).stream()
                .filter(e -> e.event() == AuditStore.Event.UNDONE && !e.at().isBefore(a.createdAt())
                        && !a.ref().equals(e.ref()))
                .reduce((first, second) -> second);
    }

    private UsedButton from(PendingAction a, UsedButton.Use use, Optional<AuditStore.Entry> step,
                            ContainedTargetStore.Row held) {
        String by = step.map(AuditStore.Entry::actor)
                .orElse(a.confirmedBy() != null ? a.confirmedBy() : a.requestedBy());
        Instant at = step.map(AuditStore.Entry::at).orElse(null);
        String detail = step.map(AuditStore.Entry::outcome).orElse("");
        AuditStore.Entry undone = null;
        if (!a.undo() && held == null && at != null) {
            undone = audit.forTarget(a.kind(), a.target()).stream()
                    .filter(e -> e.event() == AuditStore.Event.UNDONE && !e.at().isBefore(at))
                    .reduce((first, second) -> second).orElse(null);
        }
        return new UsedButton(a, use, by, at, detail == null ? "" : detail, held, undone);
    }

    private static Optional<AuditStore.Entry> last(List<AuditStore.Entry> entries, Set<AuditStore.Event> events) {
        return entries.stream().filter(e -> events.contains(e.event())).reduce((first, second) -> second);
    }
}

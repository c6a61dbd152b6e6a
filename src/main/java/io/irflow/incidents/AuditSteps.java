package io.irflow.incidents;

import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;

import java.util.List;
import java.util.Optional;

/**
 * An incident room's containment steps from the audit log, each executed step with its undo state: undone when an
 * UNDONE entry for the same action and target (from any room) came after it, else still in effect while irflow holds
 * the target in {@code contained}.
 */
public final class AuditSteps implements ContainmentStep.Source {
    private final AuditStore audit;
    private final ContainedTargetStore contained;

    public AuditSteps(AuditStore audit, ContainedTargetStore contained) {
        this.audit = audit;
        this.contained = contained;
    }

    @Override
    public List<ContainmentStep> inRoom(String roomId) {
        return audit.forRoom(roomId).stream()
                .filter(e -> e.kind() != null && e.event() != AuditStore.Event.REQUESTED)
                .map(e -> new ContainmentStep(e.at(), e.actor(), e.event().name(), e.kind().name(), e.product(),
                        e.target(), e.outcome(), e.event() == AuditStore.Event.EXECUTED ? state(e) : null)).toList();
    }

    private ContainmentStep.State state(AuditStore.Entry executed) {
        if (executed.target() == null) {
            return null;
        }
        Optional<AuditStore.Entry> undo = audit.forTarget(executed.kind(), executed.target()).stream()
                .filter(u -> u.event() == AuditStore.Event.UNDONE && !u.at().isBefore(executed.at())).findFirst();
        if (undo.isPresent()) {
            return ContainmentStep.State.undone(undo.get().at(), undo.get().actor());
        }
        return contained.find(executed.kind(), executed.target())
                .map(r -> ContainmentStep.State.held(r.since()))
                .orElseGet(ContainmentStep.State::released);
    }
}

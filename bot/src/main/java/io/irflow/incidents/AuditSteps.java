package io.irflow.incidents;

import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;

import java.util.List;
import java.util.Optional;

/**
 * An incident's containment steps from the audit log (its room's, and its hosts' from anywhere), each executed step with its undo state: undone when an
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
        return steps(audit.forRoom(roomId));
    }

    /**
     * The room's steps and every step on the incident's hosts, wherever and whenever taken (a quarantine from the alert
     * card before the incident was opened, an isolation after): joined by the identifiers the audit recorded as
     * targets (MAC, IP, host name, AMP connector guid), each entry once, oldest first.
     */
    @Override
    public List<ContainmentStep> forIncident(String roomId, java.util.Collection<String> hostKeys) {
        java.util.Set<AuditStore.Entry> all = new java.util.LinkedHashSet<>(roomId == null ? List.of() : audit.forRoom(roomId));
        all.addAll(audit.forTargets(hostKeys));
        List<AuditStore.Entry> sorted = new java.util.ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparing(AuditStore.Entry::at));
        return steps(sorted);
    }

    private List<ContainmentStep> steps(List<AuditStore.Entry> entries) {
        return entries.stream()
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

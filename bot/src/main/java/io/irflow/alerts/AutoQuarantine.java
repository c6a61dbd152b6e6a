package io.irflow.alerts;

import io.irflow.cards.Card;
import io.irflow.cards.ContainmentCards;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.Actor;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.Outcome;
import io.irflow.contain.PendingAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Automatic quarantine of one recorded alert's host: resolves who the host is ({@link IdentityResolver}), checks
 * {@code never_quarantine} against that ({@link QuarantinePolicy#decide}), then quarantines at once, or, with
 * {@code security.require_approval}, asks a responder to approve instead. Runs only after the alert is stored.
 */
final class AutoQuarantine {
    private static final Logger LOG = LoggerFactory.getLogger(AutoQuarantine.class);

    private final ContainmentService containment;
    private final QuarantinePolicy policy;
    private final IdentityResolver resolver;
    private final String roomId;

    /**
     * What was done, for the alert's card and the room.
     *
     * @param note     the line on the alert card
     * @param undo     the undo offer when the host was quarantined now, else null
     * @param result   a card of its own for the outcome (used when the alert has no card: it joined a thread), or null
     * @param approval the approval card to post, or null
     */
    record Result(String note, PendingAction undo, Card result, Card approval) {
        static Result note(String note) {
            return new Result(note, null, null, null);
        }
    }

    /** @param containment the containment service, or null when nothing can be contained */
    AutoQuarantine(ContainmentService containment, QuarantinePolicy policy, IdentityResolver resolver, String roomId) {
        this.containment = containment;
        this.policy = policy;
        this.resolver = resolver;
        this.roomId = roomId;
    }

    /** Whether this alert is considered at all (the host is checked in {@link #act}). */
    boolean candidate(Alert a, boolean inbound) {
        return containment != null && containment.available(ContainmentKind.QUARANTINE) && policy.candidate(a, inbound);
    }

    /**
     * Decides and acts for one alert.
     *
     * @param done what this batch already did, by MAC: a host is acted on once per batch
     */
    Result act(Alert a, boolean inbound, Map<String, Result> done) {
        HostIdentity id = resolver.resolve(a.host(), !inbound);
        QuarantinePolicy.Decision d = policy.decide(id);
        if (d instanceof QuarantinePolicy.Excluded e) {
            LOG.info("{} alert {}: not auto-quarantined, never_quarantine entry {} matches", a.source(), a.id(), e.entry());
            return Result.note("Not eligible for automatic quarantine: the host matches never_quarantine entry "
                    + e.entry() + ".");
        }
        if (d instanceof QuarantinePolicy.Unresolved u) {
            LOG.warn("{} alert {}: not auto-quarantined, identity unresolved: {}", a.source(), a.id(), u.reason());
            return Result.note("Automatic quarantine skipped: irflow could not confirm who this host is ("
                    + u.reason() + "). Use the buttons if it should be contained.");
        }
        String mac = ((QuarantinePolicy.Quarantine) d).mac();
        Result earlier = done.get(mac);
        if (earlier != null) {
            return new Result(earlier.note(), earlier.undo(), null, null);
        }
        Result r = quarantine(a, mac, label(a, id, mac));
        done.put(mac, r);
        return r;
    }

    private Result quarantine(Alert a, String mac, String label) {
        Actor actor = new Actor(AlertPipeline.AUTO_ACTOR, AlertPipeline.AUTO_ACTOR, roomId);
        if (containment.approvalRequired()) {
            Outcome o = containment.requestApproval(ContainmentKind.QUARANTINE, mac, label, actor);
            LOG.info("auto-quarantine of {} for {} alert {}: {}", label, a.source(), a.id(), o.type());
            return switch (o.type()) {
                case AWAITING_APPROVAL -> new Result("Automatic quarantine waits for a responder's approval "
                        + "(security.require_approval): see the approval card.", null, null,
                        ContainmentCards.awaitingApproval(o.action(), AlertPipeline.AUTO_ACTOR));
                case ALREADY -> Result.note("Already quarantined by irflow.");
                default -> Result.note("Automatic quarantine not requested: " + o.message());
            };
        }
        Outcome o = containment.executeNow(ContainmentKind.QUARANTINE, mac, label, actor);
        LOG.info("auto-quarantine of {} for {} alert {}: {}", label, a.source(), a.id(), o.type());
        return switch (o.type()) {
            case EXECUTED -> new Result("Quarantined automatically by irflow (" + o.action().product()
                    + "); Undo quarantine reverts it.", o.undo(), ContainmentCards.done(o.action(),
                    AlertPipeline.AUTO_ACTOR, o.result() == null ? null : o.result().detail(), o.undo(), false), null);
            case ALREADY -> Result.note("Already quarantined by irflow.");
            // A protected host (security.protected) is never quarantined unasked: a responder approves it.
            case AWAITING_APPROVAL -> new Result("Automatic quarantine waits for a responder's approval: "
                    + o.message(), null, null, ContainmentCards.awaitingApproval(o.action(), AlertPipeline.AUTO_ACTOR,
                    o.message()));
            // security.dry_run: the alert's card says what would have happened; ISE was not asked.
            case DRY_RUN -> new Result("Automatic quarantine, dry run (security.dry_run): " + o.message(), null,
                    ContainmentCards.dryRun(o.action(), AlertPipeline.AUTO_ACTOR, o.message()), null);
            default -> Result.note("Automatic quarantine failed: " + o.message());
        };
    }

    /** "host (mac)", with the name the products know when the alert gave none. */
    private static String label(Alert a, HostIdentity id, String mac) {
        String name = a.host().hostname() != null ? a.host().hostname()
                : !id.knownHostnames().isEmpty() ? id.knownHostnames().iterator().next() : a.host().ip();
        return name == null ? mac : name + " (" + mac + ")";
    }
}

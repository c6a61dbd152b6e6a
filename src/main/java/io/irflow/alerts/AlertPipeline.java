package io.irflow.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.AlertCard;
import io.irflow.cards.Card;
import io.irflow.cards.ContainmentCards;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.Actor;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.Outcome;
import io.irflow.contain.PendingAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.Function;

/**
 * From events to posts: auto-quarantine where the policy says so, host context (user, location), then one durable
 * transaction that de-duplicates, groups storms into one thread and queues the cards. Shared by every poller and the
 * inbound endpoint.
 */
public final class AlertPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    /** Action id of the alert card's Investigate button; data carries the alert's reference. */
    public static final String INVESTIGATE_ACTION = "alert.investigate";
    /** The audit actor for automatic containment. */
    public static final String AUTO_ACTOR = "irflow-auto";
    private static final int MAX_CONTEXT_LOOKUPS = 10;

    private final AlertStore store;
    private final ContainmentService containment;
    private final Function<Alert.AlertHost, AlertCard.Context> context;
    private final QuarantinePolicy policy;
    private final String roomId;
    private final Duration window;
    private final Clock clock;
    private volatile java.util.function.Consumer<Alert> listener = a -> { };

    /**
     * @param containment the containment service (buttons, auto-quarantine), or null when nothing can be contained
     * @param context     what is known about a host (user, location); must not throw
     */
    public AlertPipeline(AlertStore store, ContainmentService containment, Function<Alert.AlertHost, AlertCard.Context> context,
                         QuarantinePolicy policy, String roomId, Duration window, Clock clock) {
        this.store = store;
        this.containment = containment;
        this.context = context;
        this.policy = policy;
        this.roomId = roomId;
        this.window = window;
        this.clock = clock;
    }

    /** Who hears of every new alert once it is stored (the incident timelines); must not throw. */
    public AlertPipeline onFresh(java.util.function.Consumer<Alert> listener) {
        this.listener = listener;
        return this;
    }

    /** Ingests one batch from a source and moves its cursor; returns the new alerts. */
    public List<AlertStore.Ingested> ingest(String source, List<Alert> alerts, String nextCursor) {
        Map<String, PendingAction> autoUndos = new HashMap<>();
        Map<String, String> autoNotes = autoQuarantine(alerts, autoUndos);
        Map<String, AlertCard.Context> contexts = new HashMap<>();
        List<AlertStore.Ingested> fresh = store.ingest(source, alerts, nextCursor, roomId, window, clock.instant(),
                new AlertStore.Renderer() {
                    @Override
                    public AlertStore.Post card(Alert a, String ref) {
                        AlertCard.Context base = contexts.computeIfAbsent(hostKey(a), k -> contexts.size() < MAX_CONTEXT_LOOKUPS
                                ? safeContext(a.host()) : new AlertCard.Context(null, null, null));
                        AlertCard.Context ctx = new AlertCard.Context(base.user(), base.location(), autoNotes.get(a.id()));
                        Card card = AlertCard.render(a, ctx, buttons(a, ref, autoUndos.get(a.id())));
                        return new AlertStore.Post(card.fallback(), card.content().toString());
                    }

                    @Override
                    public AlertStore.Post update(Alert a, int count) {
                        return new AlertStore.Post(AlertCard.update(a, count), null);
                    }
                });
        for (AlertStore.Ingested i : fresh) {
            try {
                listener.accept(i.alert());
            } catch (RuntimeException e) {
                LOG.warn("alert listener failed for {}: {}", i.alert().id(), e.getMessage());
            }
        }
        if (!fresh.isEmpty()) {
            LOG.info("{}: {} new alert(s) of {} in the batch", source, fresh.size(), alerts.size());
        }
        return fresh;
    }

    private List<ObjectNode> buttons(Alert a, String ref, PendingAction autoUndo) {
        List<ObjectNode> buttons = new ArrayList<>();
        buttons.add(Cards.submit("Investigate", Map.of("action", INVESTIGATE_ACTION, ActionIds.REF, ref)));
        if (containment == null || a.host() == null) {
            buttons.add(openIncident(ref));
            return buttons;
        }
        String label = a.host().hostname() != null ? a.host().hostname() : a.host().ip();
        if (autoUndo != null) {
            // Quarantined automatically: the card offers the undo instead (itself confirmed before it runs).
            buttons.add(ContainmentCards.button("Undo quarantine", ActionIds.CONTAIN_PRESS, autoUndo.ref()));
        } else {
            offer(buttons, ContainmentKind.QUARANTINE, a.host().mac(),
                    label == null ? a.host().mac() : label + " (" + a.host().mac() + ")");
        }
        offer(buttons, ContainmentKind.ISOLATE, a.host().connectorGuid(), label == null ? a.host().connectorGuid() : label);
        offer(buttons, ContainmentKind.BLOCK_HASH, a.sha256(), a.sha256());
        // Webex shows at most five actions: Investigate and up to three containment offers leave room for this one.
        if (buttons.size() >= Cards.MAX_ACTIONS) {
            buttons.remove(buttons.size() - 1);
        }
        buttons.add(openIncident(ref));
        return buttons;
    }

    /** The Open incident button: only the alert's reference, resolved to its stored host and hash when pressed. */
    private static ObjectNode openIncident(String ref) {
        return Cards.submit("Open incident", Map.of("action", ActionIds.INCIDENT_OPEN, ActionIds.REF, ref));
    }

    private void offer(List<ObjectNode> buttons, ContainmentKind kind, String target, String label) {
        if (target == null || target.isBlank() || !containment.available(kind)) {
            return;
        }
        PendingAction offer = containment.offer(kind, false, target, label, roomId, "irflow");
        String title = Character.toUpperCase(kind.verb().charAt(0)) + kind.verb().substring(1);
        buttons.add(ContainmentCards.button(title, ActionIds.CONTAIN_PRESS, offer.ref()));
    }

    /** Quarantines the hosts of unseen alerts the policy selects; the note goes on their cards. */
    private Map<String, String> autoQuarantine(List<Alert> alerts, Map<String, PendingAction> undos) {
        Map<String, String> notes = new HashMap<>();
        if (containment == null || !containment.available(ContainmentKind.QUARANTINE)) {
            return notes;
        }
        Map<String, Alert> byMac = new HashMap<>();
        for (Alert a : alerts) {
            if (policy.appliesTo(a) && !store.seen(a.source(), a.id())) {
                byMac.putIfAbsent(a.host().mac(), a);
            }
        }
        for (Entry<String, Alert> e : byMac.entrySet()) {
            Alert a = e.getValue();
            String label = (a.host().hostname() == null ? "" : a.host().hostname() + " ") + "(" + e.getKey() + ")";
            Outcome o = containment.executeNow(ContainmentKind.QUARANTINE, e.getKey(), label.strip(),
                    new Actor(AUTO_ACTOR, AUTO_ACTOR, roomId));
            String note = switch (o.type()) {
                case EXECUTED -> "Quarantined automatically by irflow (" + o.action().product() + "); Undo quarantine reverts it.";
                case ALREADY -> "Already quarantined by irflow.";
                default -> "Automatic quarantine failed: " + o.message();
            };
            alerts.stream().filter(x -> e.getKey().equals(x.host().mac())).forEach(x -> {
                notes.put(x.id(), note);
                if (o.undo() != null) {
                    undos.put(x.id(), o.undo());
                }
            });
            LOG.info("auto-quarantine of {}: {}", label, o.type());
        }
        return notes;
    }

    private AlertCard.Context safeContext(Alert.AlertHost host) {
        if (host == null) {
            return new AlertCard.Context(null, null, null);
        }
        try {
            return context.apply(host);
        } catch (RuntimeException e) {
            LOG.warn("host context lookup failed: {}", e.getMessage());
            return new AlertCard.Context(null, null, null);
        }
    }

    private static String hostKey(Alert a) {
        return a.host() == null ? "" : String.valueOf(a.host().mac()) + "|" + a.host().ip() + "|" + a.host().hostname();
    }

    /** The store (for the publisher and /alerts). */
    public AlertStore store() {
        return store;
    }
}

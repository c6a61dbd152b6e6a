package io.irflow.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.AlertCard;
import io.irflow.cards.Words;
import io.irflow.cards.Card;
import io.irflow.cards.ContainmentCards;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.cards.Markdown;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.Ledger;
import io.irflow.contain.Targets;
import io.irflow.contain.PendingAction;
import io.irflow.investigate.NetSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * From events to posts, shared by every poller and the inbound endpoint. First one durable transaction records the
 * new events (de-duplicating, grouping storms into one thread, queueing the cards, moving the cursor); only then may
 * an alert act: automatic quarantine ({@link AutoQuarantine}) runs for recorded alerts the policy selects, and their
 * cards wait in the outbox (held) until the outcome is written onto them. A bad event is skipped and logged, never
 * allowed to stop the batch.
 */
public final class AlertPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    /** Action id of the alert card's Investigate button; data carries the alert's reference. */
    public static final String INVESTIGATE_ACTION = "alert.investigate";
    /** The audit actor for automatic containment. */
    public static final String AUTO_ACTOR = "irflow-auto";
    private static final int MAX_CONTEXT_LOOKUPS = 10;
    /** What a held card says if it goes out before its automatic action finished (a crash, a hung product). */
    static final String HELD_NOTE = "Automatic quarantine was not confirmed (irflow stopped or the check took too long); "
            + "check /contained before acting.";

    private final AlertSeenStore seen;
    private final AlertOutboxStore outbox;
    private final ContainmentService containment;
    private Ledger ledger;
    private final Function<Alert.AlertHost, AlertCard.Context> context;
    private final AutoQuarantine auto;
    private final HostThreads threads;
    private final String roomId;
    private final Duration window;
    private final Clock clock;
    private java.util.function.Supplier<Words> words;
    private volatile java.util.function.Consumer<Alert> listener = a -> { };
    private StormSettings storm;

    /** A card as first drawn: its context and buttons, kept to redraw it with the automatic action's outcome. */
    private record Drawn(AlertCard.Context context, Buttons buttons) {
    }

    /** An alert card's buttons, with the reference of its quarantine offer (null without one). */
    private record Buttons(List<ObjectNode> list, String quarantineRef) {
    }

    /**
     * @param containment the containment service (buttons, auto-quarantine), or null when nothing can be contained
     * @param context     what is known about a host (user, location); must not throw
     * @param resolver    who a host is: for never_quarantine before an automatic quarantine, and for the host thread
     *                    an event naming only an address joins ({@link HostThreads})
     */
    public AlertPipeline(AlertSeenStore seen, AlertOutboxStore outbox, ContainmentService containment, Function<Alert.AlertHost, AlertCard.Context> context,
                         QuarantinePolicy policy, IdentityResolver resolver, String roomId, Duration window, Clock clock) {
        this.seen = seen;
        this.outbox = outbox;
        this.containment = containment;
        this.context = context;
        this.auto = new AutoQuarantine(containment, policy, resolver, roomId);
        this.threads = new HostThreads(seen.hosts(), resolver);
        this.roomId = roomId;
        this.window = window;
        this.clock = clock;
        this.words = () -> Words.utc(clock.instant());
    }

    /** Who hears of every new alert once it is stored (the incident timelines); must not throw. */
    /**
     * Shows irflow's own containment state for each alert's host on its card (what, by whom, when) and offers the
     * undo instead of the action irflow already took.
     */
    public AlertPipeline ledger(Ledger ledger) {
        this.ledger = ledger;
        return this;
    }

    /** Storm control: past the threshold, one digest card per threat instead of one card per host. */
    public AlertPipeline storm(StormSettings storm) {
        this.storm = storm;
        return this;
    }

    /** The vocabulary the cards use for times (the team's zone, as of now); UTC by default. */
    public AlertPipeline words(java.util.function.Supplier<Words> words) {
        this.words = words;
        return this;
    }

    public AlertPipeline onFresh(java.util.function.Consumer<Alert> listener) {
        this.listener = listener;
        return this;
    }

    /** Ingests one batch from a polled source and moves its cursor; returns the new alerts. */
    public List<AlertSeenStore.Ingested> ingest(String source, List<Alert> alerts, String nextCursor) {
        return ingest(source, alerts, nextCursor, false);
    }

    /** Ingests one alert sent to {@code POST /alerts}; empty when its id was seen before. */
    public List<AlertSeenStore.Ingested> ingestInbound(Alert alert) {
        return ingest(alert.source(), List.of(alert), null, true);
    }

    private List<AlertSeenStore.Ingested> ingest(String source, List<Alert> batch, String nextCursor, boolean inbound) {
        List<Alert> alerts = sane(source, batch);
        // Who each host is comes before the transaction (it may ask ISE/AMP); the alert keeps the name found for it.
        List<AlertSeenStore.Placed> placed = threads.place(alerts, inbound);
        java.util.Set<String> acting = new java.util.HashSet<>();
        for (Alert a : alerts) {
            if (auto.candidate(a, inbound)) {
                acting.add(a.id());
            }
        }
        Map<String, Drawn> drawn = new HashMap<>();
        Map<String, AlertCard.Context> contexts = new HashMap<>();
        // The durable record comes first: nothing below acts on an alert the database does not hold.
        List<AlertSeenStore.Ingested> fresh = seen.ingestPlaced(source, placed, nextCursor, roomId, window, clock.instant(),
                new AlertSeenStore.Renderer() {
                    @Override
                    public AlertOutboxStore.Post card(Alert a, String ref) {
                        return draw(a, ref, null);
                    }

                    @Override
                    public AlertOutboxStore.Post replacement(Alert a, String ref, List<String> earlier) {
                        return draw(a, ref, "Replaces the card first posted before a product named this host. "
                                + "Earlier on this host: " + String.join("; ", earlier) + ".");
                    }

                    private AlertOutboxStore.Post draw(Alert a, String ref, String note) {
                        try {
                            AlertCard.Context found = contexts.computeIfAbsent(hostKey(a), k -> contexts.size() < MAX_CONTEXT_LOOKUPS
                                    ? safeContext(a.host()) : new AlertCard.Context(null, null, null));
                            AlertCard.Context base = note == null ? found : withNote(found, note);
                            Buttons buttons = buttons(a, ref);
                            boolean held = acting.contains(a.id());
                            if (held) {
                                drawn.put(a.id(), new Drawn(base, buttons));
                            }
                            Card card = AlertCard.render(a, held ? withNote(base, HELD_NOTE) : base,
                                    holds(a).stream().map(Ledger.Hold::row).toList(), buttons.list(), words.get());
                            return new AlertOutboxStore.Post(card.fallback(), card.content().toString(), held);
                        } catch (RuntimeException e) {
                            LOG.error("{}: card for event {} could not be drawn", a.source(), a.id(), e);
                            return new AlertOutboxStore.Post("**Alert:** " + Markdown.escape(a.title(), 120) + " ("
                                    + Markdown.escape(a.source()) + "); irflow could not draw its card, see the log.", null);
                        }
                    }

                    @Override
                    public AlertOutboxStore.Post update(Alert a, int count) {
                        return new AlertOutboxStore.Post(AlertCard.update(a, count, words.get()), null);
                    }
                }, storm);
        for (AlertSeenStore.Ingested i : fresh) {
            try {
                listener.accept(i.alert());
            } catch (RuntimeException e) {
                LOG.warn("alert listener failed for {}: {}", i.alert().id(), e.getMessage());
            }
        }
        if (!fresh.isEmpty()) {
            LOG.info("{}: {} new alert(s) of {} in the batch", source, fresh.size(), alerts.size());
        }
        Map<String, AutoQuarantine.Result> done = new HashMap<>();
        for (AlertSeenStore.Ingested i : fresh) {
            if (acting.contains(i.alert().id())) {
                act(i, inbound, drawn.get(i.alert().id()), done);
            }
        }
        return fresh;
    }

    /** Runs the automatic action of one recorded alert and writes its outcome onto the held card. */
    private void act(AlertSeenStore.Ingested i, boolean inbound, Drawn drawn, Map<String, AutoQuarantine.Result> done) {
        Alert a = i.alert();
        AutoQuarantine.Result r;
        try {
            r = auto.act(a, inbound, done);
        } catch (RuntimeException e) {
            LOG.error("{}: automatic quarantine for event {} failed", a.source(), a.id(), e);
            r = AutoQuarantine.Result.note("Automatic quarantine failed: internal error (see the log).");
        }
        try {
            boolean released = false;
            List<ObjectNode> buttons = drawn == null ? null
                    : r.undo() == null ? drawn.buttons().list() : withUndo(drawn.buttons(), r.undo());
            // A card without room for the undo keeps its buttons; the undo then comes on the outcome's own card.
            boolean undoOnCard = r.undo() == null || buttons != null;
            if (buttons == null && drawn != null) {
                buttons = drawn.buttons().list();
            }
            if (i.heldPost() != null && drawn != null) {
                Card card = AlertCard.render(a, withNote(drawn.context(), r.note()), List.of(), buttons, words.get());
                AlertOutboxStore.Post post = new AlertOutboxStore.Post(card.fallback(), card.content().toString());
                released = outbox.release(i.heldPost(), post, clock.instant());
                if (!released && r.result() == null) {
                    // The hold ran out and the card went out as first drawn: the outcome follows on its own.
                    outbox.enqueue(roomId, new AlertOutboxStore.Post(card.fallback(), card.content().toString()), clock.instant());
                }
            }
            if ((!released || !undoOnCard) && r.result() != null) {
                outbox.enqueue(roomId, new AlertOutboxStore.Post(r.result().fallback(), r.result().content().toString()),
                        clock.instant());
            }
            if (r.approval() != null) {
                outbox.enqueue(roomId, new AlertOutboxStore.Post(r.approval().fallback(), r.approval().content().toString()),
                        clock.instant());
            }
        } catch (RuntimeException e) {
            // The held card still goes out when its hold runs out; the action itself is in the audit log.
            LOG.error("{}: outcome of the automatic quarantine for event {} could not be queued", a.source(), a.id(), e);
        }
    }

    /**
     * The Quarantine offer swapped for the undo of the quarantine that just ran; without an offer (the alert named no
     * MAC, the products did) the undo goes before Open incident (and I'm on it) when the card has room. Null when it
     * has none.
     */
    private static List<ObjectNode> withUndo(Buttons buttons, PendingAction undo) {
        ObjectNode undoButton = ContainmentCards.button("Undo quarantine", ActionIds.CONTAIN_PRESS, undo.ref());
        List<ObjectNode> out = new ArrayList<>();
        boolean swapped = false;
        for (ObjectNode b : buttons.list()) {
            JsonNode data = b.path("data");
            boolean offer = buttons.quarantineRef() != null
                    && ActionIds.CONTAIN_PRESS.equals(data.path("action").asText())
                    && buttons.quarantineRef().equals(data.path(ActionIds.REF).asText());
            out.add(offer ? undoButton : b);
            swapped |= offer;
        }
        if (!swapped) {
            if (out.size() >= Cards.MAX_ACTIONS) {
                return null;
            }
            int open = 0;
            while (open < out.size() && !ActionIds.INCIDENT_OPEN.equals(out.get(open).path("data").path("action")
                    .asText())) {
                open++;
            }
            out.add(Math.min(open, Math.max(0, out.size() - 1)), undoButton);
        }
        return out;
    }

    private static AlertCard.Context withNote(AlertCard.Context c, String note) {
        return new AlertCard.Context(c.user(), c.location(), note);
    }

    /**
     * The events the store can hold: one without an id or a date is skipped (logged with what identifies it), host
     * fields that do not fit their columns or are not what they claim to be are dropped, so a single odd event never
     * fails the whole batch and blocks its source.
     */
    private static List<Alert> sane(String source, List<Alert> alerts) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts) {
            String why = a == null ? "empty" : a.id() == null || a.id().isBlank() ? "no id"
                    : a.id().length() > 256 ? "id over 256 characters" : a.at() == null ? "no date"
                    : a.source() == null || a.source().length() > 128 ? "no source" : null;
            if (why != null) {
                String id = a == null || a.id() == null ? "?" : a.id().length() > 80 ? a.id().substring(0, 80) + "…" : a.id();
                LOG.warn("{}: skipped event {}: {}", source, id, why);
                continue;
            }
            Alert.AlertHost h = a.host();
            Alert.AlertHost host = h == null ? null : new Alert.AlertHost(fits(h.hostname(), 256), fits(h.ip(), 64),
                    NetSyntax.mac(h.mac()), fits(h.connectorGuid(), 64));
            String sha256 = a.sha256() != null && a.sha256().matches("[0-9a-f]{64}") ? a.sha256() : null;
            out.add(new Alert(a.source(), a.id(), a.at(), a.title() == null ? "Alert" : a.title(), a.threat(),
                    a.severity(), host, sha256, a.fileName(), a.disposition(), a.link()));
        }
        return out;
    }

    private static String fits(String s, int max) {
        return s == null || s.isBlank() || s.length() > max ? null : s;
    }

    /**
     * Investigate, what can be contained on the alert's host (each button naming its target, "Quarantine
     * WKS-FIN-042"), Open incident and I'm on it.
     */
    private Buttons buttons(Alert a, String ref) {
        List<ObjectNode> buttons = new ArrayList<>();
        buttons.add(Cards.submit("Investigate", Map.of("action", INVESTIGATE_ACTION, ActionIds.REF, ref)));
        if (containment == null || a.host() == null) {
            buttons.add(openIncident(ref));
            buttons.add(AlertCard.onIt(ref));
            return new Buttons(buttons, null);
        }
        String label = a.host().hostname() != null ? a.host().hostname() : a.host().ip();
        List<Ledger.Hold> holds = holds(a);
        // What irflow already holds on this host is offered for undo, never for the action again.
        undoHeld(buttons, holds);
        PendingAction quarantine = offer(buttons, holds, ContainmentKind.QUARANTINE, a.host().mac(),
                label == null ? a.host().mac() : label + " (" + a.host().mac() + ")");
        offer(buttons, holds, ContainmentKind.ISOLATE, a.host().connectorGuid(),
                label == null ? a.host().connectorGuid() : label);
        offer(buttons, holds, ContainmentKind.BLOCK_HASH, a.sha256(), a.sha256());
        // Webex shows at most five actions: Investigate and up to two containment offers leave room for Open incident
        // and I'm on it (a third offer, Block hash when a host offers all three, gives way: /block still does it).
        while (buttons.size() > Cards.MAX_ACTIONS - 2) {
            buttons.remove(buttons.size() - 1);
        }
        buttons.add(openIncident(ref));
        buttons.add(AlertCard.onIt(ref));
        boolean shown = quarantine != null && buttons.stream()
                .anyMatch(b -> quarantine.ref().equals(b.path("data").path(ActionIds.REF).asText()));
        return new Buttons(buttons, shown ? quarantine.ref() : null);
    }

    /** The Open incident button: only the alert's reference, resolved to its stored host and hash when pressed. */
    private static ObjectNode openIncident(String ref) {
        return Cards.submit("Open incident", Map.of("action", ActionIds.INCIDENT_OPEN, ActionIds.REF, ref));
    }

    /** What irflow holds contained on the alert's host (by any of its identifiers), or nothing without a ledger. */
    private List<Ledger.Hold> holds(Alert a) {
        if (ledger == null || a.host() == null) {
            return List.of();
        }
        java.util.List<String> ids = new ArrayList<>();
        for (String v : new String[]{a.host().hostname(), a.host().ip(), a.host().mac(), a.host().connectorGuid(), a.sha256()}) {
            if (v != null && !v.isBlank()) {
                ids.add(v);
            }
        }
        return ledger.holds(ids);
    }

    /** Adds the undo of every containment irflow holds on the alert's host (leaving room for the last two buttons). */
    private void undoHeld(List<ObjectNode> buttons, List<Ledger.Hold> holds) {
        for (Ledger.Hold h : holds) {
            ContainedTargetStore.Row row = h.row();
            if (containment.available(row.kind()) && buttons.size() < Cards.MAX_ACTIONS - 2) {
                PendingAction undo = containment.offer(row.kind(), true, row.target(), row.targetLabel(), roomId, "irflow");
                buttons.add(ContainmentCards.button(ContainmentCards.title(undo), ActionIds.CONTAIN_PRESS, undo.ref()));
            }
        }
    }

    /** Adds the offer to contain the target, named on its button; the offer, or null when none is made. */
    private PendingAction offer(List<ObjectNode> buttons, List<Ledger.Hold> holds, ContainmentKind kind, String target,
                                String label) {
        if (target == null || target.isBlank() || !containment.available(kind)) {
            return null;
        }
        if (holds.stream().anyMatch(h -> h.covers(new Targets.Target(kind, target, label)))) {
            return null;
        }
        PendingAction offer = containment.offer(kind, false, target, label, roomId, "irflow");
        buttons.add(ContainmentCards.button(ContainmentCards.title(offer), ActionIds.CONTAIN_PRESS, offer.ref()));
        return offer;
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
}

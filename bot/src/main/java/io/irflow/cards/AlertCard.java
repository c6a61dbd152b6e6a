package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.Alert;
import io.irflow.contain.ContainedTargetStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The proactive alert card for the response room: what happened, to which host, when, from which source; buttons. Pure. */
public final class AlertCard {
    private AlertCard() {
    }

    /**
     * Extra context found about the host when the alert arrived.
     *
     * @param user     logged-in user, or null
     * @param location where the device is, or null
     * @param note     e.g. "Quarantined automatically (irflow-auto)", or null
     */
    public record Context(String user, String location, String note) {
    }

    /** Renders the card with the given buttons (at most five). */
    public static Card render(Alert a, Context context, List<ObjectNode> actions) {
        return render(a, context, List.of(), actions);
    }

    /**
     * Renders the card with irflow's own containment state for the host (from the ledger), ahead of the facts.
     *
     * @param held what irflow holds contained on the alert's host
     */
    public static Card render(Alert a, Context context, List<ContainedTargetStore.Row> held, List<ObjectNode> actions) {
        String host = hostName(a);
        String head = "🚨 " + Markdown.escape(a.title(), 120) + (host.isEmpty() ? "" : " on " + Markdown.escape(host, 100));
        Map<String, String> facts = new LinkedHashMap<>();
        put(facts, "Threat", a.threat());
        put(facts, "File", a.fileName());
        put(facts, "SHA-256", a.sha256());
        put(facts, "Disposition", a.disposition());
        put(facts, "Severity", a.severity());
        put(facts, "Host", host);
        if (a.host() != null) {
            put(facts, "IP", a.host().ip());
            put(facts, "MAC", a.host().mac());
        }
        put(facts, "User", context.user());
        put(facts, "Location", context.location());
        facts.put("When", a.at().toString());
        put(facts, "Source", a.source());
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.colored(head, "Attention").put("size", "Medium"));
        held.stream().limit(3).forEach(r -> body.add(Cards.colored(ContainmentCards.held(r), "Attention")));
        body.add(Cards.facts(facts));
        if (context.note() != null && !context.note().isBlank()) {
            body.add(Cards.colored(Markdown.escape(context.note(), 300), "Warning"));
        }
        if (a.link() != null && a.link().matches("https?://[^\\s()<>\\[\\]`\"]+")) {
            body.add(Cards.text("[Open in " + Markdown.escape(a.source()) + "](" + a.link() + ")"));
        }
        StringBuilder fallback = new StringBuilder("**Alert:** " + head);
        held.stream().limit(3).forEach(r -> fallback.append("\n").append(ContainmentCards.held(r)));
        facts.forEach((k, v) -> fallback.append("\n- ").append(k).append(": ").append(v));
        return new Card(Cards.card(body, actions.stream().limit(Cards.MAX_ACTIONS).toList()),
                Markdown.truncate(fallback.toString(), 6000));
    }

    /** The acknowledge button's title. */
    public static final String ON_IT = "I'm on it";

    /**
     * The "I'm on it" button, the last of an alert card's actions: takes the alert's group for the presser. Carries
     * only the alert's reference (the group is looked up from it when pressed).
     */
    public static ObjectNode onIt(String ref) {
        return Cards.submit(ON_IT, Map.of("action", ActionIds.ALERT_ACK, ActionIds.REF, ref));
    }

    /** The threaded update when more events of the same kind hit the same host. */
    public static String update(Alert a, int count) {
        return "**" + count + " events** of this kind so far on " + Markdown.escape(hostName(a), 100) + "; latest: "
                + Markdown.escape(a.title(), 120) + " at " + a.at() + ".";
    }

    private static String hostName(Alert a) {
        if (a.host() == null) {
            return "";
        }
        for (String s : new String[]{a.host().hostname(), a.host().ip(), a.host().mac()}) {
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return "";
    }

    private static void put(Map<String, String> facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(title, Markdown.escape(value, 300));
        }
    }
}

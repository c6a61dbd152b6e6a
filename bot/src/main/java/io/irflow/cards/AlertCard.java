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

/**
 * The proactive alert card for the response room: what happened, to which host, when (in the team's vocabulary), from
 * which source, the file's full SHA-256 on a copyable monospace line; buttons. Pure.
 */
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

    /** Renders the card with the given buttons (at most five), times relative to the alert itself, in UTC. */
    public static Card render(Alert a, Context context, List<ObjectNode> actions) {
        return render(a, context, List.of(), actions);
    }

    /** As below, times relative to the alert itself, in UTC (for callers without the team's vocabulary). */
    public static Card render(Alert a, Context context, List<ContainedTargetStore.Row> held, List<ObjectNode> actions) {
        return render(a, context, held, actions, Words.utc(a.at()));
    }

    /**
     * Renders the card with irflow's own containment state for the host (from the ledger), ahead of the facts. The
     * file's SHA-256 is shown whole on its own monospace line (copyable, never clipped).
     *
     * @param held  what irflow holds contained on the alert's host
     * @param words the vocabulary as of now, in the team's zone
     */
    public static Card render(Alert a, Context context, List<ContainedTargetStore.Row> held, List<ObjectNode> actions,
                              Words words) {
        String host = hostName(a);
        String head = Markdown.escape(a.title(), 120) + (host.isEmpty() ? "" : " on " + Markdown.escape(host, 100));
        Map<String, String> facts = new LinkedHashMap<>();
        put(facts, "Threat", a.threat());
        put(facts, "File", a.fileName());
        put(facts, "Disposition", a.disposition());
        put(facts, "Severity", a.severity());
        put(facts, "Host", host);
        if (a.host() != null) {
            put(facts, "IP", a.host().ip());
            put(facts, "MAC", a.host().mac());
        }
        put(facts, "User", context.user());
        put(facts, "Location", context.location());
        facts.put("When", words.time(a.at()));
        put(facts, "Source", a.source());
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.colored(head, "Attention").put("size", "Medium"));
        held.stream().limit(3).forEach(r -> body.add(Cards.colored(Markdown.escape(HostLine.held(r, true, words), 300),
                "Attention")));
        body.add(Cards.facts(facts));
        String sha = sha256(a);
        if (!sha.isEmpty()) {
            body.add(Cards.text("SHA-256 " + sha).put("fontType", "Monospace").put("size", "Small")
                    .put("spacing", "Small"));
        }
        if (context.note() != null && !context.note().isBlank()) {
            body.add(Cards.colored(Markdown.escape(context.note(), 300), "Warning"));
        }
        if (a.link() != null && a.link().matches("https?://[^\\s()<>\\[\\]`\"]+")) {
            body.add(Cards.text("[Open in " + Markdown.escape(a.source()) + "](" + a.link() + ")"));
        }
        StringBuilder fallback = new StringBuilder("**Alert:** " + head);
        held.stream().limit(3)
                .forEach(r -> fallback.append("\n").append(Markdown.escape(HostLine.held(r, true, words))));
        facts.forEach((k, v) -> fallback.append("\n- ").append(k).append(": ").append(v));
        if (!sha.isEmpty()) {
            fallback.append("\n- SHA-256: ").append(sha);
        }
        // Buttons naming their host are wide: those that would not fit one row go above it, as the investigation
        // card's do, rather than being cut off at the card's edge.
        List<List<ObjectNode>> rows = InvestigationCard.rows(actions.stream().limit(Cards.MAX_ACTIONS).toList());
        for (List<ObjectNode> row : rows.subList(0, Math.max(0, rows.size() - 1))) {
            body.add(Cards.actionSet(row));
        }
        return new Card(Cards.card(body, rows.isEmpty() ? List.of() : rows.get(rows.size() - 1)),
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
        return update(a, count, Words.utc(a.at()));
    }

    /** As above, the time in the team's vocabulary. */
    public static String update(Alert a, int count, Words words) {
        return "**" + Words.plural(count, "event") + "** of this kind so far on " + Markdown.escape(hostName(a), 100)
                + "; latest: "
                + Markdown.escape(a.title(), 120) + " at " + words.time(a.at()) + ".";
    }

    /** The hash as hex only (product text never reaches the monospace line unescaped), or "". */
    private static String sha256(Alert a) {
        String s = a.sha256() == null ? "" : a.sha256().strip();
        return s.matches("[0-9A-Fa-f]{16,128}") ? s : Markdown.escape(s, 200);
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

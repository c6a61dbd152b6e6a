package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.capabilities.Observable;
import io.irflow.cards.dsl.Cards;
import io.irflow.incidents.Incident;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An incident's summary: status, severity, people, ticket, hosts and observables, containment on its hosts, and what
 * waits to sync. Pure.
 */
public final class IncidentSummaryCard {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int MAX_LISTED = 15;
    private static final int MAX_STEPS = 5;

    private IncidentSummaryCard() {
    }

    /**
     * Renders the card.
     *
     * @param unsynced      ticket changes not yet taken by the ticketing system, in words
     * @param ticketProduct the ticketing product's name, or null when none is configured
     */
    public static Card render(Incident i, List<String> unsynced, String ticketProduct) {
        return render(i, unsynced, ticketProduct, List.of());
    }

    /**
     * Renders the card with the containment steps taken on the incident's hosts (newest last, in words; the card
     * shows the last few).
     */
    public static Card render(Incident i, List<String> unsynced, String ticketProduct, List<String> containment) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.colored(Markdown.escape(i.id()) + " · " + severityWord(i.severity()), color(i)));
        body.add(Cards.heading(Markdown.escape(i.title(), 200)));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Status", i.status().word());
        facts.put("Severity", String.valueOf(i.severity()));
        facts.put("Opened", TIME.format(i.openedAt()) + " by " + Markdown.escape(i.openedBy()));
        facts.put("Assignee", i.assignee() == null ? "unassigned" : Markdown.escape(i.assignee()));
        if (ticketProduct != null) {
            facts.put("Ticket", i.ticketNumber() == null ? "being created in " + Markdown.escape(ticketProduct)
                    : ticketLink(i));
        }
        if (i.resolution() != null) {
            facts.put("Resolution", Markdown.escape(i.resolution(), 300));
        }
        body.add(Cards.facts(facts));
        body.add(Cards.section(List.of(Cards.text("**Hosts**: " + list(i.hosts())),
                Cards.text("**Observables**: " + list(i.indicators())))));
        if (!containment.isEmpty()) {
            List<ObjectNode> lines = new ArrayList<>();
            lines.add(Cards.text("**Containment** (" + containment.size() + ")"));
            containment.stream().skip(Math.max(0, containment.size() - MAX_STEPS))
                    .forEach(c -> lines.add(Cards.subtle("• " + Markdown.escape(c, 200))));
            body.add(Cards.section(lines));
        }
        if (!unsynced.isEmpty()) {
            List<ObjectNode> lines = new ArrayList<>();
            lines.add(Cards.colored("Not yet synced to " + Markdown.escape(ticketProduct == null ? "the ticket" : ticketProduct)
                    + " (" + unsynced.size() + ")", "Warning"));
            unsynced.stream().limit(MAX_LISTED).forEach(u -> lines.add(Cards.subtle("• " + Markdown.escape(u, 200))));
            body.add(Cards.section(lines));
        }
        body.add(Cards.subtle("In this room: /note, /status, /severity, /assign, /add, /timeline, /report, /close"));
        String fallback = "**" + Markdown.escape(i.id()) + "** " + Markdown.escape(i.title(), 200) + " · status "
                + i.status().word() + " · severity " + i.severity()
                + (i.ticketNumber() == null ? "" : " · ticket " + Markdown.escape(i.ticketNumber()))
                + (unsynced.isEmpty() ? "" : " · " + unsynced.size() + " change(s) not yet synced");
        return new Card(Cards.card(body, List.of()), fallback);
    }

    private static String ticketLink(Incident i) {
        String n = Markdown.escape(i.ticketNumber());
        return i.ticketUrl() != null && i.ticketUrl().startsWith("https://") ? "[" + n + "](" + i.ticketUrl().replace(")", "%29")
                + ")" : n;
    }

    static String list(List<Observable> list) {
        if (list.isEmpty()) {
            return "none";
        }
        List<String> shown = list.stream().limit(MAX_LISTED).map(o -> Markdown.escape(o.value(), 100)).toList();
        return String.join(", ", shown) + (list.size() > MAX_LISTED ? " and " + (list.size() - MAX_LISTED) + " more" : "");
    }

    /** Severity 1-4 in words. */
    public static String severityWord(int severity) {
        return io.irflow.incidents.Severity.word(severity);
    }

    private static String color(Incident i) {
        if (i.status().done()) {
            return "Good";
        }
        return i.severity() <= 2 ? "Attention" : "Warning";
    }

    /** The message that links an incident room to its ticket, e.g. "ServiceNow ticket **INC0010001**: https://...". */
    public static String ticketLine(String product, String number, String url) {
        return product + " ticket **" + Markdown.escape(number) + "**" + (url == null ? "" : ": " + url);
    }
}

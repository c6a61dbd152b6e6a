package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.capabilities.Observable;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.incidents.Incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asked when Open incident is pressed for a host an open incident already covers: add the card to that incident
 * ({@code Add to IR-…}, one button per incident, at most four) or open a new one anyway. The buttons carry only the
 * card's reference and the incident's id; both are checked again when pressed. Pure.
 */
public final class IncidentChoiceCard {
    private IncidentChoiceCard() {
    }

    /**
     * Renders the card.
     *
     * @param ref      the reference the Open incident button carried
     * @param title    what would be opened
     * @param covering the open incidents that already cover the host, oldest first
     */
    public static Card render(String ref, String title, List<Incident> covering) {
        List<Incident> shown = covering.stream().limit(Cards.MAX_ACTIONS - 1L).toList();
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.colored("Already an open incident for this host", "Warning"));
        body.add(Cards.heading(Markdown.escape(title, 200)));
        Map<String, String> facts = new LinkedHashMap<>();
        for (Incident i : shown) {
            facts.put(Markdown.escape(i.id()), Markdown.escape(i.title(), 150) + " · " + i.status().word() + " · severity "
                    + i.severity() + " · hosts " + hosts(i));
        }
        body.add(Cards.facts(facts));
        body.add(Cards.subtle("Add this alert to the incident that covers the host, or open a separate one."));
        List<ObjectNode> actions = new ArrayList<>();
        for (Incident i : shown) {
            actions.add(Cards.submit("Add to " + i.id(), Map.of("action", ActionIds.INCIDENT_ADD, ActionIds.REF, ref,
                    ActionIds.INCIDENT, i.id())));
        }
        actions.add(Cards.submit("Open a new one anyway", Map.of("action", ActionIds.INCIDENT_OPEN, ActionIds.REF, ref,
                ActionIds.FORCE, "yes")));
        String fallback = "An open incident already covers this host: " + String.join(", ", shown.stream()
                .map(i -> "**" + Markdown.escape(i.id()) + "**").toList()) + ". Use a client that shows cards to add "
                + "to it or open a new one.";
        return new Card(Cards.card(body, actions), fallback);
    }

    private static String hosts(Incident i) {
        List<String> names = i.hosts().stream().map(Observable::value).limit(3).map(v -> Markdown.escape(v, 80)).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}

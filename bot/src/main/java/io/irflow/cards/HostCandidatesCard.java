package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Which computer?" for a name that may mean several: every candidate is listed, and each of the first
 * {@value Cards#MAX_ACTIONS} gets a button that investigates it by its full name. It offers no containment: that waits
 * until the responder has said which computer.
 */
public final class HostCandidatesCard {
    private HostCandidatesCard() {
    }

    /**
     * @param asked      the name as typed
     * @param candidates the full names of the computers it may mean (two or more)
     * @param sources    the products that know them
     */
    public static Card render(String asked, List<String> candidates, List<String> sources) {
        String intro = Markdown.code(asked) + " may mean " + candidates.size() + " computers"
                + (sources.isEmpty() ? "" : " in " + Markdown.escape(String.join(", ", sources)))
                + ". Which one? Nothing is offered for containment until you say.";
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.colored("⚠️ Which computer? — " + Markdown.escape(asked), "Warning"));
        body.add(Cards.text(intro));
        StringBuilder list = new StringBuilder();
        for (String c : candidates) {
            list.append(list.isEmpty() ? "" : "\n").append("- ").append(Markdown.escape(c));
        }
        body.add(Cards.text(list.toString()));
        List<ObjectNode> buttons = new ArrayList<>();
        for (String c : candidates.stream().limit(Cards.MAX_ACTIONS).toList()) {
            buttons.add(Cards.submit(Markdown.truncate(c, 40),
                    Map.of("action", ActionIds.INVESTIGATE_NAME, ActionIds.NAME, c)));
        }
        if (candidates.size() > Cards.MAX_ACTIONS) {
            body.add(Cards.subtle("For the others, type `/investigate <full name>`."));
        }
        String fallback = intro + "\n" + list + "\nType `/investigate <full name>` for the one you mean.";
        return new Card(Cards.card(body, buttons), fallback);
    }
}

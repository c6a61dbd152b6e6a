package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;

import java.util.ArrayList;
import java.util.List;

/** The help card: the commands this instance offers with the products enabled in its config. */
public final class HelpCard {
    private HelpCard() {
    }

    /** One line of the help card. */
    public record Entry(String usage, String description) {
    }

    /**
     * Renders the card.
     *
     * @param entries  the available commands
     * @param products the enabled products' names, for the footer
     */
    public static Card render(List<Entry> entries, List<String> products) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.heading("irflow — incident response in this room"));
        body.add(Cards.subtle("Type a command, with or without the slash. In group rooms, mention me first."));
        List<ObjectNode> rows = new ArrayList<>();
        StringBuilder fallback = new StringBuilder("**irflow commands**\n");
        for (Entry e : entries) {
            rows.add(Cards.text("**" + Markdown.escape(e.usage()) + "**  \n" + Markdown.escape(e.description())));
            fallback.append("- `").append(e.usage()).append("` — ").append(e.description()).append('\n');
        }
        body.add(Cards.section(rows));
        String enabled = products.isEmpty() ? "none (only chat commands are available)" : String.join(", ", products);
        body.add(Cards.subtle("Products enabled: " + Markdown.escape(enabled)));
        fallback.append("\nProducts enabled: ").append(enabled);
        return new Card(Cards.card(body, List.of()), fallback.toString());
    }
}

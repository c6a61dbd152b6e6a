package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;

import java.util.ArrayList;
import java.util.List;

/**
 * The help card: the commands this instance offers, grouped in the order a responder needs them (investigate,
 * contain, incidents, alerts, admin), each with its aliases, and the enabled products by the names they call
 * themselves. Card text has no markdown code spans (TextBlocks do not render them); the fallback does. Pure.
 */
public final class HelpCard {
    private HelpCard() {
    }

    /**
     * One command.
     *
     * @param usage       how to call it, e.g. "/investigate [--fresh] &lt;host|ip|…&gt;"
     * @param aliases     other words for it, e.g. "i"
     * @param description one line; a trailing "Responders only." when its group does not say it already
     */
    public record Entry(String usage, List<String> aliases, String description) {
        public Entry {
            aliases = List.copyOf(aliases);
        }
    }

    /**
     * A group of commands.
     *
     * @param title   e.g. "Contain"
     * @param note    what holds for the whole group, said once ("" for nothing), e.g. "Responders only, except
     *                /contained and /audit."
     * @param entries its commands, in order
     */
    public record Group(String title, String note, List<Entry> entries) {
        public Group {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Renders the card.
     *
     * @param groups   the available commands, grouped, in order
     * @param products the enabled products' names, for the footer
     */
    public static Card render(List<Group> groups, List<String> products) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.heading("irflow — incident response in this room"));
        body.add(Cards.subtle("Type a command, with or without the slash. In group rooms, mention me first."));
        StringBuilder fallback = new StringBuilder("**irflow commands**\n");
        for (Group g : groups) {
            List<ObjectNode> rows = new ArrayList<>();
            rows.add(Cards.text("**" + plain(g.title()) + "**").put("size", "Medium"));
            fallback.append("\n**").append(plain(g.title())).append("**");
            if (!g.note().isBlank()) {
                rows.add(Cards.subtle(plain(g.note())));
                fallback.append(" — ").append(plain(g.note()));
            }
            fallback.append('\n');
            for (Entry e : g.entries()) {
                String aliases = e.aliases().isEmpty() ? "" : " (or " + String.join(", ",
                        e.aliases().stream().map(a -> "/" + a).toList()) + ")";
                rows.add(Cards.text("**" + plain(e.usage()) + "**" + (aliases.isEmpty() ? "" : " " + plain(aliases))
                        + "  \n" + plain(e.description())));
                fallback.append("- `").append(e.usage().replace("`", "")).append('`').append(aliases).append(" — ")
                        .append(e.description().replace("`", "")).append('\n');
            }
            body.add(Cards.section(rows));
        }
        String enabled = products.isEmpty() ? "none (only chat commands are available)" : String.join(", ", products);
        body.add(Cards.subtle("Products enabled: " + plain(enabled)));
        fallback.append("\nProducts enabled: ").append(enabled);
        return new Card(Cards.card(body, List.of()), fallback.toString());
    }

    /** Escaped for a TextBlock, with no backticks: a TextBlock shows them literally. */
    private static String plain(String text) {
        return Markdown.escape(text.replace("`", ""));
    }
}

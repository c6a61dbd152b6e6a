package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.ImpactPreview.Impact;
import io.irflow.contain.PendingAction;
import io.irflow.contain.Preview;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The impact preview under a containment confirmation: "7 computers contacted example.com: A, B, C, D, E and 2 more",
 * the domain's categories, the host's user, location, groups and profile, and which parts are unavailable. Pure;
 * every product word is escaped.
 */
public final class PreviewCards {
    /** The heading of the section, in the card and its fallback. */
    public static final String HEADING = "Impact preview";

    private PreviewCards() {
    }

    /** The confirmation card with the preview section appended to its body and its fallback; as it was when empty. */
    public static Card withPreview(Card confirm, PendingAction a, Preview p) {
        if (p == null || p.isEmpty()) {
            return confirm;
        }
        ObjectNode content = confirm.content().deepCopy();
        ArrayNode body = content.withArray("body");
        body.add(Cards.section(section(a.kind(), a.target(), p)));
        return new Card(content, confirm.fallback() + "\n\n" + fallback(a.kind(), a.target(), p));
    }

    /** The section's elements: a heading, one line or fact set per product part, then what is unavailable. */
    public static List<ObjectNode> section(ContainmentKind kind, String target, Preview p) {
        List<ObjectNode> items = new ArrayList<>();
        items.add(Cards.text("**" + HEADING + "**"));
        for (Impact i : p.impacts()) {
            if (i.computers() != null) {
                items.add(Cards.text(computers(kind, target, i)));
            }
            if (!i.facts().isEmpty()) {
                if (i.computers() == null && !i.source().isBlank()) {
                    items.add(Cards.subtle(Markdown.escape(i.source())));
                }
                items.add(Cards.facts(facts(i)));
            }
        }
        if (!p.unavailable().isEmpty()) {
            items.add(Cards.subtle(unavailable(p)));
        }
        return items;
    }

    /** The section as markdown lines, for the fallback text. */
    public static String fallback(ContainmentKind kind, String target, Preview p) {
        StringBuilder out = new StringBuilder("**" + HEADING + "**");
        for (Impact i : p.impacts()) {
            if (i.computers() != null) {
                out.append("\n- ").append(computers(kind, target, i));
            }
            String prefix = i.computers() == null && !i.source().isBlank() ? Markdown.escape(i.source()) + " · " : "";
            facts(i).forEach((title, value) -> out.append("\n- ").append(prefix).append(title).append(": ")
                    .append(value));
        }
        if (!p.unavailable().isEmpty()) {
            out.append("\n- ").append(unavailable(p));
        }
        return out.toString();
    }

    /**
     * "7 computers contacted example.com: A, B, C, D, E and 2 more", "No computer has this file", with the product
     * named after it.
     */
    static String computers(ContainmentKind kind, String target, Impact i) {
        int n = i.computers();
        String verb = kind == ContainmentKind.BLOCK_HASH ? (n == 1 ? "has" : "have") + " this file"
                : "contacted " + Markdown.escape(target);
        String by = i.source().isBlank() ? "" : " (" + Markdown.escape(i.source()) + ")";
        if (n <= 0) {
            return (kind == ContainmentKind.BLOCK_HASH ? "No computer has this file" : "No computer contacted "
                    + Markdown.escape(target)) + by;
        }
        List<String> names = i.names().stream().map(s -> Markdown.escape(s, 80)).toList();
        String head = Words.plural(n, "computer") + " " + verb;
        if (names.isEmpty()) {
            return head + by;
        }
        int more = n - names.size();
        String list = more > 0 ? String.join(", ", names) + " and " + more + " more"
                : names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return head + ": " + list + by;
    }

    private static Map<String, String> facts(Impact i) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Fact f : i.facts()) {
            out.putIfAbsent(Markdown.escape(f.title(), 60), Markdown.escape(f.value(), 200));
        }
        return out;
    }

    private static String unavailable(Preview p) {
        return "⚠️ Preview unavailable: " + Markdown.escape(String.join("; ", p.unavailable()), 400);
    }
}

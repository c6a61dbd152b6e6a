package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** What a person reads on a card: every TextBlock text and fact, markdown escapes removed, one per line. */
public final class CardText {
    private CardText() {
    }

    /** The card's visible text. */
    public static String plain(JsonNode card) {
        List<String> out = new ArrayList<>();
        collect(card, out);
        return String.join("\n", out).replace("**", "").replace("\u200B", "").replaceAll("\\\\(.)", "$1");
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            if (node.has("text")) {
                out.add(node.get("text").asText());
            }
            if (node.has("title") && node.has("value")) {
                out.add(node.get("title").asText() + ": " + node.get("value").asText());
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }
}

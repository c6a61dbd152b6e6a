package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person reads on a card: every TextBlock text and fact, markdown escapes removed, one per line; and the
 * buttons they can press.
 */
public final class CardText {
    private CardText() {
    }

    /** The card's visible text. */
    public static String plain(JsonNode card) {
        List<String> out = new ArrayList<>();
        collect(card, out);
        return String.join("\n", out).replace("**", "").replace("\u200B", "").replaceAll("\\\\(.)", "$1");
    }

    /** Every {@code Action.Submit} on the card, in order, nested ones included. */
    public static List<JsonNode> submits(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isObject()) {
            if ("Action.Submit".equals(node.path("type").asText())) {
                out.add(node);
            }
            node.forEach(child -> out.addAll(submits(child)));
        } else if (node.isArray()) {
            node.forEach(child -> out.addAll(submits(child)));
        }
        return out;
    }

    /** The titles of the card's submit buttons, in order. */
    public static List<String> titles(JsonNode card) {
        return submits(card).stream().map(s -> s.path("title").asText()).toList();
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

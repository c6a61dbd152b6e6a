package io.irflow.cards.dsl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Static factories for the Adaptive Card 1.3 elements Webex renders (TextBlock, FactSet, Container, ColumnSet,
 * ActionSet, Action.Submit/OpenUrl/ShowCard). Text passed in is used as-is: escape outside text first.
 */
public final class Cards {
    /** The highest Adaptive Card version Webex renders. */
    public static final String VERSION = "1.3";
    /** Webex shows at most five buttons per card. */
    public static final int MAX_ACTIONS = 5;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Cards() {
    }

    /** The root AdaptiveCard with a body, optional actions and a fallback text. */
    public static ObjectNode card(List<ObjectNode> body, List<ObjectNode> actions) {
        if (actions.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("a Webex card shows at most " + MAX_ACTIONS + " actions");
        }
        ObjectNode card = F.objectNode();
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", VERSION);
        card.set("body", array(body));
        if (!actions.isEmpty()) {
            card.set("actions", array(actions));
        }
        return card;
    }

    /** A wrapping TextBlock. */
    public static ObjectNode text(String text) {
        ObjectNode t = F.objectNode();
        t.put("type", "TextBlock");
        t.put("text", text);
        t.put("wrap", true);
        return t;
    }

    /** A bold heading TextBlock. */
    public static ObjectNode heading(String text) {
        return text(text).put("weight", "Bolder").put("size", "Medium");
    }

    /** A small, subtle TextBlock for secondary lines. */
    public static ObjectNode subtle(String text) {
        return text(text).put("isSubtle", true).put("size", "Small");
    }

    /** A coloured TextBlock; colour is one of Default, Good, Warning, Attention, Accent. */
    public static ObjectNode colored(String text, String color) {
        return text(text).put("color", color).put("weight", "Bolder");
    }

    /** A FactSet of title/value pairs (insertion order kept). */
    public static ObjectNode facts(Map<String, String> facts) {
        ArrayNode list = F.arrayNode();
        facts.forEach((title, value) -> list.add(F.objectNode().put("title", title).put("value", value)));
        ObjectNode set = F.objectNode();
        set.put("type", "FactSet");
        set.set("facts", list);
        return set;
    }

    /** A Container grouping elements, with a separator line above it. */
    public static ObjectNode section(List<ObjectNode> items) {
        ObjectNode c = F.objectNode();
        c.put("type", "Container");
        c.put("separator", true);
        c.put("spacing", "Medium");
        c.set("items", array(items));
        return c;
    }

    /** A ColumnSet with equal-width columns, one per element list. */
    public static ObjectNode columns(List<List<ObjectNode>> columns) {
        ArrayNode cols = F.arrayNode();
        for (List<ObjectNode> items : columns) {
            ObjectNode col = F.objectNode();
            col.put("type", "Column");
            col.put("width", "stretch");
            col.set("items", array(items));
            cols.add(col);
        }
        ObjectNode set = F.objectNode();
        set.put("type", "ColumnSet");
        set.set("columns", cols);
        return set;
    }

    /** A Submit button whose {@code data} routes the click (always an object, never a string). */
    public static ObjectNode submit(String title, Map<String, String> data) {
        ObjectNode a = F.objectNode();
        a.put("type", "Action.Submit");
        a.put("title", title);
        ObjectNode d = F.objectNode();
        data.forEach(d::put);
        a.set("data", d);
        return a;
    }

    /** An ActionSet: buttons in the body, on their own row (they count towards the five a card may carry). */
    public static ObjectNode actionSet(List<ObjectNode> actions) {
        ObjectNode set = F.objectNode();
        set.put("type", "ActionSet");
        set.set("actions", array(actions));
        return set;
    }

    /** A button that opens a URL in the browser (no event reaches the bot). */
    public static ObjectNode openUrl(String title, String url) {
        ObjectNode a = F.objectNode();
        a.put("type", "Action.OpenUrl");
        a.put("title", title);
        a.put("url", url);
        return a;
    }

    /** A button that reveals a nested card (which carries no version). */
    public static ObjectNode showCard(String title, List<ObjectNode> body, List<ObjectNode> actions) {
        ObjectNode inner = F.objectNode();
        inner.put("type", "AdaptiveCard");
        inner.set("body", array(body));
        if (!actions.isEmpty()) {
            inner.set("actions", array(actions));
        }
        ObjectNode a = F.objectNode();
        a.put("type", "Action.ShowCard");
        a.put("title", title);
        a.set("card", inner);
        return a;
    }

    private static ArrayNode array(List<ObjectNode> nodes) {
        ArrayNode a = F.arrayNode();
        nodes.forEach(a::add);
        return a;
    }
}

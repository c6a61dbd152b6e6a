package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.irflow.cards.Card;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a card the way Webex needs it: valid against the official Adaptive Card 1.3 schema, version at most 1.3
 * (compared numerically; the schema does not check it), only element types Webex renders, at most five actions.
 */
public final class CardValidator {
    /** From docs/reference/adaptive-cards.md#webex-elements (the rendered ones; Media avoided). */
    static final Set<String> WEBEX_TYPES = Set.of("AdaptiveCard", "TextBlock", "RichTextBlock", "TextRun", "Image",
            "ImageSet", "Container", "ColumnSet", "Column", "FactSet", "ActionSet", "Input.Text", "Input.Number",
            "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet", "Action.Submit", "Action.OpenUrl",
            "Action.ShowCard", "Action.ToggleVisibility");
    private static final JsonSchema SCHEMA = load();

    private CardValidator() {
    }

    private static JsonSchema load() {
        ObjectNode schema = Fixtures.json("adaptive-cards/schema-1.3.json");
        // draft-04 style root id trips the validator (docs/reference/adaptive-cards.md#schema-validation)
        schema.remove("id");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6).getSchema(schema);
    }

    /** Every problem with the card; empty when Webex will render it. */
    public static List<String> problems(JsonNode card) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : SCHEMA.validate(card)) {
            problems.add("schema " + m.getInstanceLocation() + ": " + m.getMessage());
        }
        if (!"AdaptiveCard".equals(card.path("type").asText())) {
            problems.add("root type is not AdaptiveCard");
        }
        if (!versionAtMost13(card.path("version").asText(""))) {
            problems.add("version '" + card.path("version").asText("") + "' is not 1.3 or lower");
        }
        int[] actions = {0};
        walk(card, problems, actions);
        if (actions[0] > 5) {
            problems.add(actions[0] + " actions; Webex shows at most 5");
        }
        return problems;
    }

    /** Validates a card and its fallback; throws with every problem. */
    public static void assertValid(Card card) {
        List<String> p = problems(card.content());
        if (card.fallback() == null || card.fallback().isBlank()) {
            p.add("no text fallback");
        }
        if (!p.isEmpty()) {
            throw new AssertionError("card is not valid for Webex: " + p + "\n" + Fixtures.write(card.content()));
        }
    }

    private static void walk(JsonNode node, List<String> problems, int[] actions) {
        if (node.isObject()) {
            JsonNode type = node.get("type");
            if (type != null && type.isTextual()) {
                if (!WEBEX_TYPES.contains(type.asText())) {
                    problems.add("element type " + type.asText() + " is not rendered by Webex");
                }
                if (type.asText().startsWith("Action.")) {
                    actions[0]++;
                }
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("card")) {
                    walk(e.getValue(), problems, actions);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, problems, actions));
        }
    }

    static boolean versionAtMost13(String version) {
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major < 1 || (major == 1 && minor <= 3);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that what a card says is in the one presentation vocabulary (cards.Words): no raw snake_case product state,
 * one time format ("06:26 UTC (3 min ago)"), no "(s)" plurals or "1 hits", and every fact once.
 */
public final class CardVocabulary {
    private static final Pattern SNAKE = Pattern.compile("\\b[a-z]+(?:_[a-z]+)+\\b");
    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
    /** A clock time not part of a MAC or a longer time. */
    private static final Pattern CLOCK = Pattern.compile("(?<![:\\w.])\\d{2}:\\d{2}(?![:\\w])");
    private static final Pattern WORDS_TIME = Pattern.compile(
            "(?:\\d{1,2} [A-Z][a-z]{2} (?:\\d{4} )?)?\\d{2}:\\d{2} [A-Z]{2,5}[+-]?\\d{0,2} "
                    + "\\((?:just now|in under a minute|"
                    + "(?:in )?\\d+ (?:min|h|days?)(?: ago)?)\\)");

    private CardVocabulary() {
    }

    /** Every TextBlock and fact of the card (ShowCard contents included) is in the vocabulary. */
    public static void assertInVocabulary(JsonNode card) {
        String text = CardText.plain(card);
        assertThat(SNAKE.matcher(text).results().map(java.util.regex.MatchResult::group).toList())
                .as("snake_case in:\n%s", text).isEmpty();
        assertThat(ISO.matcher(text).find()).as("a raw ISO timestamp in:\n%s", text).isFalse();
        assertThat(text).as("plurals").doesNotContain("(s)")
                .doesNotContainPattern("\\b1 (hit|computer|event|host)s\\b");
        Matcher clock = CLOCK.matcher(text);
        while (clock.find()) {
            Matcher full = WORDS_TIME.matcher(text);
            boolean inFormat = false;
            while (full.find()) {
                if (full.start() <= clock.start() && clock.end() <= full.end()) {
                    inFormat = true;
                    break;
                }
            }
            assertThat(inFormat).as("time '%s' is not in the one format in:\n%s", clock.group(), text).isTrue();
        }
    }

    /**
     * No fact twice: no title/value pair twice, and no value longer than a word or two (a user, a location, an event)
     * twice under any title. Short values ("none", "Protect") may repeat under different titles.
     */
    public static void assertEveryFactOnce(JsonNode card) {
        Map<String, Integer> pairs = new HashMap<>();
        Map<String, Integer> values = new HashMap<>();
        collectFacts(card, pairs, values);
        pairs.forEach((f, n) -> assertThat(n).as("fact '%s' shown %d times", f, n).isEqualTo(1));
        values.forEach((v, n) -> assertThat(v.length() <= 12 || n == 1).as("value '%s' shown %d times", v, n).isTrue());
    }

    private static void collectFacts(JsonNode node, Map<String, Integer> pairs, Map<String, Integer> values) {
        if (node.isObject()) {
            if (node.has("title") && node.has("value")) {
                String v = node.get("value").asText().strip().toLowerCase();
                pairs.merge(node.get("title").asText().strip().toLowerCase() + ": " + v, 1, Integer::sum);
                values.merge(v, 1, Integer::sum);
            }
            node.forEach(child -> collectFacts(child, pairs, values));
        } else if (node.isArray()) {
            node.forEach(child -> collectFacts(child, pairs, values));
        }
    }

    /** Every FactSet value on the card, nested ones included. */
    public static List<String> factValues(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            if (node.has("title") && node.has("value")) {
                out.add(node.get("value").asText());
            }
            node.forEach(child -> out.addAll(factValues(child)));
        } else if (node.isArray()) {
            node.forEach(child -> out.addAll(factValues(child)));
        }
        return out;
    }

    /** How often {@code what} occurs in the card's visible text. */
    public static int occurrences(JsonNode card, String what) {
        String text = CardText.plain(card);
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}

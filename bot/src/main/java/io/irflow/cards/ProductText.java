package io.irflow.cards;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Product text as a card shows it, in the one vocabulary of {@link Words}: timestamps inside it in the one time
 * format, "(s)" plurals counted, a value that is a raw snake_case state as words. Works on raw text (escape after).
 * Pure.
 */
final class ProductText {
    /** ISO-8601 date-times as the products send them, optionally in parentheses (the parentheses are replaced). */
    private static final Pattern TIME = Pattern.compile(
            "(\\s*\\()?(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?"
                    + "(?:Z|[+-]\\d{2}:?\\d{2}| UTC)?)(\\))?");
    private static final Pattern COUNTED = Pattern.compile("\\b(\\d+) ([A-Za-z]+)\\(s\\)");
    /** "1 hits": nouns the products count whose plural is a plain "s". */
    private static final Pattern ONE_MANY = Pattern.compile(
            "\\b1 (hit|computer|event|host|sample|engine|domain|detection|file|device|sighting|module|alert|day)s\\b");
    private static final Pattern SNAKE = Pattern.compile("[A-Za-z]+(?:_[A-Za-z]+)+");
    /** A raw state leading a value: "not_isolated (isolation not available)". */
    private static final Pattern LEADING_STATE = Pattern.compile("^[a-z]+(?:_[a-z]+)+(?=$|[ (,;:])");

    private ProductText() {
    }

    /** The text with times, plurals and a whole-value state in the vocabulary; null becomes "". */
    static String words(String raw, Words words) {
        if (raw == null) {
            return "";
        }
        String s = raw.strip();
        if (SNAKE.matcher(s).matches()) {
            return Words.state(s);
        }
        s = replace(LEADING_STATE, s, m -> Words.state(m.group()));
        s = times(s, words);
        s = replace(COUNTED, s, m -> Words.plural(Long.parseLong(m.group(1)), m.group(2)));
        return replace(ONE_MANY, s, m -> "1 " + m.group(1));
    }

    /** Every product timestamp in the text as "06:26 UTC (3 min ago)"; one in parentheses becomes ", 06:26 UTC (…)". */
    static String times(String text, Words words) {
        return replace(TIME, text, m -> {
            String raw = m.group(2).endsWith(" UTC") ? m.group(2).substring(0, m.group(2).length() - 4) : m.group(2);
            String formatted = Words.parse(raw).map(words::time).orElse(null);
            if (formatted == null) {
                return m.group();
            }
            boolean wrapped = m.group(1) != null && m.group(3) != null;
            return wrapped ? ", " + formatted : (m.group(1) == null ? "" : m.group(1)) + formatted
                    + (m.group(3) == null ? "" : m.group(3));
        });
    }

    /** Lower-cased, trimmed, for telling whether two product values say the same thing. */
    static String key(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}

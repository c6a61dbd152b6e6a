package io.irflow.contain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a containment holds before irflow undoes it: read from {@code --for 4h}, from the confirmation card's
 * picker and from {@code /extend}; {@code 90m}, {@code 4h}, {@code 2d}, {@code 1h30m}, between {@link #MIN} and
 * {@link #MAX}. "none" (or "never", "keep") means no expiry. Pure.
 */
public final class Expiry {
    /** The shortest hold: shorter would undo before anyone could read the reminder. */
    public static final Duration MIN = Duration.ofMinutes(5);
    /** The longest hold: a containment meant for longer is one to keep and undo by hand. */
    public static final Duration MAX = Duration.ofDays(30);
    /** The picker's value for "no expiry". */
    public static final String NONE = "none";
    /** The picker's choices, in order. */
    public static final List<Choice> CHOICES = List.of(new Choice(NONE, "No expiry (until undone)"),
            new Choice("1h", "1 hour"), new Choice("4h", "4 hours"), new Choice("24h", "24 hours"),
            new Choice("7d", "7 days"));

    private static final Pattern PART = Pattern.compile("(\\d{1,6})\\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)");
    private static final Pattern FOR = Pattern.compile("(?:^|\\s)--for(?:=|\\s+|$)(\\S*)");

    private Expiry() {
    }

    /** One choice of the picker. */
    public record Choice(String value, String title) {
    }

    /** A length irflow will not take, with the sentence that says why and what to type instead. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * A command's arguments with {@code --for X} taken out.
     *
     * @param rest  the arguments without it
     * @param hold  the length asked for; empty when none was (or "none" was)
     */
    public record Typed(String rest, Optional<Duration> hold) {
    }

    /**
     * Takes {@code --for X} out of a command's arguments.
     *
     * @throws Invalid when {@code --for} has no length or one irflow does not take
     */
    public static Typed strip(String args) {
        String text = args == null ? "" : args;
        Matcher m = FOR.matcher(text);
        if (!m.find()) {
            return new Typed(text.strip(), Optional.empty());
        }
        if (m.group(1).isEmpty()) {
            throw new Invalid("`--for` needs a length, e.g. `--for 4h`, `--for 90m` or `--for 2d`.");
        }
        String rest = (text.substring(0, m.start()) + " " + text.substring(m.end())).strip();
        return new Typed(rest, parse(m.group(1)));
    }

    /**
     * Reads a length: empty for "none", "never", "keep" or "no" (no expiry).
     *
     * @throws Invalid when it is not a length, or shorter than {@link #MIN}, or longer than {@link #MAX}
     */
    public static Optional<Duration> parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (List.of(NONE, "never", "keep", "no").contains(s)) {
            return Optional.empty();
        }
        String shown = "`" + (s.length() > 20 ? s.substring(0, 20) + "…" : s).replace("`", "") + "`";
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            char unit = m.group(2).charAt(0);
            total = total.plus(unit == 'm' ? Duration.ofMinutes(n) : unit == 'h' ? Duration.ofHours(n)
                    : Duration.ofDays(n));
            end = m.end();
            while (end < s.length() && s.charAt(end) == ' ') {
                end++;
            }
        }
        if (s.isEmpty() || end != s.length()) {
            throw new Invalid(shown + " is not a length: use minutes, hours or days, e.g. `90m`, `4h` or `2d`.");
        }
        if (total.compareTo(MIN) < 0) {
            throw new Invalid(shown + " is too short: a containment holds at least " + words(MIN) + ".");
        }
        if (total.compareTo(MAX) > 0) {
            throw new Invalid(shown + " is too long: a containment holds at most " + words(MAX)
                    + "; for longer, leave it without an expiry and undo it by hand.");
        }
        return Optional.of(total);
    }

    /** A length as people say it: "45 min", "4 h", "1 h 30 min", "24 h", "2 days", "7 days". */
    public static String words(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes > 24 * 60) {
            long days = minutes / (24 * 60);
            return days + " days";
        }
        long h = minutes / 60;
        long m = minutes % 60;
        if (h == 0) {
            return m + " min";
        }
        return h + " h" + (m == 0 ? "" : " " + m + " min");
    }

    /** A length as a picker value ("90m", "4h", "24h", "7d"), which {@link #parse} reads back. */
    public static String value(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % 60 != 0) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        return hours > 24 && hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }
}

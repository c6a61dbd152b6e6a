package io.irflow.cards;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one presentation vocabulary every card and reply uses: times in the team's zone with "3 min ago", counts with
 * the right plural, product states as words, long identifiers shortened without losing the full value. Pure: the
 * instant that counts as "now" is passed in, so a card rendered twice from the same data reads the same.
 *
 * @param zone the team's time zone ({@code team.time_zone}, default UTC)
 * @param now  the instant relative times are measured from
 */
public record Words(ZoneId zone, Instant now) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /** Product states as a responder says them; anything not listed is de-snake-cased ({@link #state}). */
    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry("not_isolated", "not isolated"),
            Map.entry("isolated", "isolated"),
            Map.entry("pending_start", "isolation starting"),
            Map.entry("pending_stop", "isolation ending"),
            Map.entry("isolation_unavailable", "isolation not available"),
            Map.entry("unavailable", "not available"),
            Map.entry("kickfromnetwork", "KickFromNetwork"),
            Map.entry("connected", "connected"),
            Map.entry("disconnected", "disconnected"),
            Map.entry("started", "session active"),
            Map.entry("postured", "posture checked"),
            Map.entry("authenticated", "authenticated"),
            Map.entry("pending", "pending"),
            Map.entry("malicious", "malicious"),
            Map.entry("suspicious", "suspicious"),
            Map.entry("unknown", "unknown"));

    public Words {
        zone = zone == null ? ZoneOffset.UTC : zone;
        now = now == null ? Instant.EPOCH : now;
    }

    /** Words for UTC, measured from {@code now}. */
    public static Words utc(Instant now) {
        return new Words(ZoneOffset.UTC, now);
    }

    /**
     * The one time format: "06:26 UTC (3 min ago)" today, "2 Dec 06:26 UTC (1 day ago)" this year, with the year
     * before that. The zone is shown as its short name ("UTC", "CET") so a reader never has to guess.
     */
    public String time(Instant t) {
        return t == null ? "" : absolute(t) + " (" + ago(t) + ")";
    }

    /** The absolute part only: "06:26 UTC", "2 Dec 06:26 UTC", "2 Dec 2025 06:26 UTC". */
    public String absolute(Instant t) {
        if (t == null) {
            return "";
        }
        ZonedDateTime at = t.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        String day = at.toLocalDate().equals(today) ? ""
                : (at.getYear() == today.getYear() ? DAY : DAY_YEAR).format(at) + " ";
        return day + CLOCK.format(at) + " " + zoneName(at);
    }

    /** The absolute time to the second, for a moment a responder may compare with a product's log: "06:27:02 UTC". */
    public String precise(Instant t) {
        if (t == null) {
            return "";
        }
        String minute = absolute(t);
        int zoneAt = minute.lastIndexOf(' ');
        return minute.substring(0, zoneAt) + String.format(":%02d", t.atZone(zone).getSecond())
                + minute.substring(zoneAt);
    }

    /** A span as a responder says it: "45 s", "2 min", "1 h 30 min", "2 days". */
    public static String span(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 48 * 3600) {
            long m = (s % 3600) / 60;
            return (s / 3600) + " h" + (m == 0 ? "" : " " + m + " min");
        }
        return plural(s / 86400, "day");
    }

    /** "just now", "3 min ago", "2 h ago", "1 day ago", "in 4 h" for the future. */
    public String ago(Instant t) {
        Duration d = Duration.between(t, now);
        boolean future = d.isNegative();
        d = d.abs();
        String span;
        long minutes = (d.toSeconds() + 30) / 60;
        if (d.toSeconds() < 45) {
            return future ? "in under a minute" : "just now";
        } else if (minutes < 60) {
            span = Math.max(1, minutes) + " min";
        } else if (d.toHours() < 48) {
            span = d.toHours() + " h";
        } else {
            span = plural(d.toDays(), "day");
        }
        return future ? "in " + span : span + " ago";
    }

    /**
     * How long until a future instant, to the minute: "in 3 h 59 min", "in 12 min", "in 2 days 3 h"; "in under a
     * minute" when that close, "now" once passed.
     */
    public String until(Instant t) {
        Duration d = Duration.between(now, t);
        if (d.isNegative() || d.isZero()) {
            return "now";
        }
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return "in under a minute";
        }
        if (minutes < 60) {
            return "in " + minutes + " min";
        }
        if (d.toHours() < 48) {
            return "in " + d.toHours() + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        long hours = d.toHours() % 24;
        return "in " + plural(d.toDays(), "day") + (hours == 0 ? "" : " " + hours + " h");
    }

    /** A product's time text in any of the formats the products send, as {@link #time}; unparsable text as given. */
    public String time(String productTime) {
        return parse(productTime).map(this::time).orElse(productTime == null ? "" : productTime);
    }

    /**
     * Parses the timestamps the products send: ISO-8601 with Z or an offset, with or without fractions
     * ({@code 2026-12-03T06:26:40.661155Z}, {@code …+00:00}, {@code ….632Z}), epoch seconds or milliseconds, and a
     * zone-less ISO local time taken as UTC.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.strip();
        try {
            if (s.matches("\\d{9,10}")) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
            }
            if (s.matches("\\d{12,13}")) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(s)));
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                return Optional.of(OffsetDateTime.parse(s.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant());
            }
            return Optional.of(LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** "1 hit", "3 hits", "0 hits"; {@code one} is the singular, the plural adds "s" ("es" after s, x, sh, ch). */
    public static String plural(long n, String one) {
        boolean es = one.endsWith("s") || one.endsWith("x") || one.endsWith("sh") || one.endsWith("ch");
        return plural(n, one, one + (es ? "es" : "s"));
    }

    /** "1 computer", "2 computers" with an explicit plural ("1 policy", "2 policies"). */
    public static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /**
     * A product state as words: known states from the table ({@code not_isolated} → "not isolated"), anything else
     * with underscores as spaces and lower case, so no raw snake_case reaches a card.
     */
    public static String state(String raw) {
        if (raw == null || raw.isBlank()) {
            return "";
        }
        String key = raw.strip().toLowerCase(Locale.ROOT);
        String known = STATES.get(key);
        return known != null ? known : key.replace('_', ' ');
    }

    /**
     * A long identifier shortened for a heading: "e3b0c442…7852b855" (first 8, last 8) when longer than 20
     * characters; the full value must then appear elsewhere on the card (a monospace line or the Details section).
     */
    public static String shortId(String id) {
        if (id == null || id.length() <= 20) {
            return id == null ? "" : id;
        }
        return id.substring(0, 8) + "…" + id.substring(id.length() - 8);
    }

    private String zoneName(ZonedDateTime at) {
        if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Z")) {
            return "UTC";
        }
        return zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equals(zone.getId())
                ? at.getOffset().getId() : DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(at);
    }
}

package io.irflow.adapters;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Defensive parsing of the Retry-After header (seconds or HTTP date; missing, zero and junk handled). */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * Parses a Retry-After value.
     *
     * @return the wait, or null when the header is absent or unreadable (callers choose their own default)
     */
    public static Duration parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException ignored) {
            // fall through: may be an HTTP date
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}

package io.irflow.cards;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T06:29:40Z");
    private final Words utc = Words.utc(NOW);

    @Test
    void everyProductTimeFormatReadsTheSame() {
        String expected = "06:26 UTC (3 min ago)";
        assertEquals(expected, utc.time("2026-12-03T06:26:40.661155Z"));
        assertEquals(expected, utc.time("2026-12-03T06:26:40+00:00"));
        assertEquals(expected, utc.time("2026-12-03T06:26:40.632Z"));
        assertEquals(expected, utc.time("2026-12-03T07:26:40+0100"));
        assertEquals(expected, utc.time("1796279200"));
        assertEquals(expected, utc.time("1796279200000"));
        assertEquals("not a time", utc.time("not a time"));
    }

    @Test
    void olderTimesCarryTheDayAndTheTeamsZone() {
        assertEquals("2 Dec 06:26 UTC (24 h ago)", utc.time(Instant.parse("2026-12-02T06:26:40Z")));
        assertEquals("1 Dec 2025 06:26 UTC (367 days ago)", utc.time(Instant.parse("2025-12-01T06:26:40Z")));
        Words berlin = new Words(ZoneId.of("Europe/Berlin"), NOW);
        assertEquals("07:26 CET (3 min ago)", berlin.time(Instant.parse("2026-12-03T06:26:40Z")));
        assertEquals("in 4 h", utc.ago(NOW.plusSeconds(4 * 3600)));
        assertEquals("just now", utc.ago(NOW.minusSeconds(5)));
    }

    @Test
    void pluralsStatesAndIdentifiers() {
        assertEquals("1 hit", Words.plural(1, "hit"));
        assertEquals("0 hits", Words.plural(0, "hit"));
        assertEquals("2 computers", Words.plural(2, "computer"));
        assertEquals("3 hashes", Words.plural(3, "hash"));
        assertEquals("2 policies", Words.plural(2, "policy", "policies"));
        assertEquals("not isolated", Words.state("not_isolated"));
        assertEquals("isolation starting", Words.state("PENDING_START"));
        assertEquals("some new state", Words.state("some_new_state"));
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertEquals("e3b0c442…7852b855", Words.shortId(sha));
        assertTrue(Words.shortId("WKS-FIN-042").equals("WKS-FIN-042"));
    }

    @Test
    void preciseTimesAndSpans() {
        assertEquals("06:27:02 UTC", utc.precise(Instant.parse("2026-12-03T06:27:02.900Z")));
        assertEquals("2 Dec 06:27:02 UTC", utc.precise(Instant.parse("2026-12-02T06:27:02Z")));
        assertEquals("07:27:02 CET", new Words(ZoneId.of("Europe/Berlin"), NOW)
                .precise(Instant.parse("2026-12-03T06:27:02Z")));
        assertEquals("45 s", Words.span(java.time.Duration.ofSeconds(45)));
        assertEquals("2 min", Words.span(java.time.Duration.ofMinutes(2)));
        assertEquals("1 h 30 min", Words.span(java.time.Duration.ofMinutes(90)));
        assertEquals("1 h", Words.span(java.time.Duration.ofHours(1)));
        assertEquals("3 days", Words.span(java.time.Duration.ofDays(3)));
    }
}

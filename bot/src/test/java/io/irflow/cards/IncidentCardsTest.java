package io.irflow.cards;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.incidents.Incident;
import io.irflow.incidents.IncidentStatus;
import io.irflow.incidents.TimelineEntry;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The incident cards render valid Webex cards and escape what people typed. */
class IncidentCardsTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static Incident anIncident(String title) {
        return new Incident("IR-2026-0042", title, 2, IncidentStatus.INVESTIGATING, "alice@example.com", T0, null, "room-1",
                null, "INC0010001", "https://servicenow.example.com/incident.do?sys_id=1", null, null, null,
                List.of(new Observable(ObservableType.HOSTNAME, "wks-fin-042"),
                        new Observable(ObservableType.DOMAIN, "evil.example")));
    }

    @Test
    void summary_card_is_valid_shows_the_ticket_and_what_has_not_synced() {
        Card card = IncidentSummaryCard.render(anIncident("Ransomware *now* [x](http://evil)"),
                List.of("state contained (3 tries, last: UNAVAILABLE (HTTP 503))"), "ServiceNow");

        CardValidator.assertValid(card);
        String json = card.content().toString();
        assertThat(json).contains("IR-2026-0042").contains("INC0010001").contains("wks-fin-042").contains("evil.example")
                .contains("Not yet synced to ServiceNow (1)").contains("\\\\*now\\\\*").doesNotContain("[x](http://evil)");
        assertThat(card.fallback()).contains("1 change(s) not yet synced");
    }

    @Test
    void summary_card_without_ticketing_says_nothing_about_tickets() {
        Card card = IncidentSummaryCard.render(anIncident("Phishing"), List.of(), null);

        CardValidator.assertValid(card);
        assertThat(card.content().toString()).doesNotContain("Ticket").doesNotContain("synced");
    }

    @Test
    void list_card_shows_status_severity_age_and_room_link() {
        Card card = IncidentListCard.render(List.of(new IncidentListCard.Row(anIncident("Ransomware"),
                "webexteams://im?space=abc")), new Page(1, Page.SIZE, 1), T0.plusSeconds(3 * 3600 + 120));

        CardValidator.assertValid(card);
        assertThat(card.content().toString()).contains("investigating · severity 2 (High) · 3h 2m")
                .contains("[room](webexteams://im?space=abc)");
        CardValidator.assertValid(IncidentListCard.render(List.of(), new Page(1, Page.SIZE, 0), T0));
    }

    @Test
    void a_long_list_shows_one_page_and_says_how_to_see_the_rest() {
        List<IncidentListCard.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 73; i++) {
            rows.add(new IncidentListCard.Row(anIncident("Incident " + i + " " + "t".repeat(400)),
                    "webexteams://im?space=" + i));
        }
        Page second = new Page(2, Page.SIZE, rows.size());

        Card card = IncidentListCard.render(second.slice(rows), second, T0);

        CardValidator.assertValid(card);
        String json = card.content().toString();
        assertThat(json).contains("Open incidents (73)", "Incident 20 ", "Incident 39 ", "Showing 21–40 of 73. 33 more: "
                + "/incidents page 3, or /incidents --all for up to 50 at once.")
                .doesNotContain("Incident 40 ", "Incident 19 ", "`");
        assertThat(card.fallback()).contains("Showing 21–40 of 73.");
        Page all = new Page(1, Page.MAX, rows.size());
        Card most = IncidentListCard.render(all.slice(rows), all, T0);
        CardValidator.assertValid(most);
        assertThat(most.content().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThan(io.irflow.webex.MessageLimits.MAX_CARD_BYTES);
        assertThat(most.content().toString()).contains("Showing 1–50 of 73. 23 more: /incidents page 2.");
    }

    @Test
    void timeline_card_is_valid_and_keeps_the_last_entries() {
        List<TimelineEntry> entries = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            entries.add(new TimelineEntry(T0.plusSeconds(n), "bob@example.com", TimelineEntry.Kind.NOTE, "note " + n));
        }
        Card card = TimelineCard.render(anIncident("Ransomware"), entries);

        CardValidator.assertValid(card);
        assertThat(card.content().toString()).contains("note 59").contains("20 earlier entries").doesNotContain("note 19\"");
        CardValidator.assertValid(TimelineCard.render(anIncident("Ransomware"), List.of()));
    }
}

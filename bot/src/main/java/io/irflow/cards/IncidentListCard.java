package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;
import io.irflow.incidents.Incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code /incidents}: open incidents with status, severity, age and a link to each room. Pure. */
public final class IncidentListCard {
    private IncidentListCard() {
    }

    /**
     * One row.
     *
     * @param incident the incident
     * @param roomLink a link to its room, or null
     */
    public record Row(Incident incident, String roomLink) {
    }

    /** Renders one page of rows as of {@code now} (for the ages). */
    public static Card render(List<Row> rows, Page page, Instant now) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.heading("Open incidents (" + page.total() + ")"));
        StringBuilder fallback = new StringBuilder("**Open incidents** (" + page.total() + ")");
        if (page.total() == 0) {
            body.add(Cards.text("No open incidents."));
        }
        for (Row r : rows) {
            Incident i = r.incident();
            String line = "**" + Markdown.escape(i.id()) + "** " + Markdown.escape(i.title(), 120);
            String meta = i.status().word() + " · severity " + i.severity() + " (" + IncidentSummaryCard.severityWord(i.severity())
                    + ") · " + age(Duration.between(i.openedAt(), now))
                    + (i.assignee() == null ? "" : " · " + Markdown.escape(i.assignee()))
                    + (r.roomLink() == null ? "" : " · [room](" + r.roomLink() + ")");
            body.add(Cards.section(List.of(Cards.text(line), Cards.subtle(meta))));
            fallback.append("\n- ").append(line).append(" · ").append(meta);
        }
        ContainmentCards.footer(page.footer("incidents"), body, fallback);
        return new Card(Cards.card(body, List.of()), fallback.toString());
    }

    /** An age as "3d 4h", "5h 10m" or "12m". */
    static String age(Duration d) {
        long m = Math.max(0, d.toMinutes());
        if (m >= 1440) {
            return m / 1440 + "d " + m % 1440 / 60 + "h";
        }
        return m >= 60 ? m / 60 + "h " + m % 60 + "m" : m + "m";
    }
}

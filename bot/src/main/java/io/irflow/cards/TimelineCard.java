package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;
import io.irflow.incidents.Incident;
import io.irflow.incidents.TimelineEntry;

import java.util.ArrayList;
import java.util.List;

/** {@code /timeline}: the incident's timeline, newest last, with who and when. Pure. */
public final class TimelineCard {
    static final int MAX_ENTRIES = 40;

    private TimelineCard() {
    }

    /** Renders the last {@value #MAX_ENTRIES} entries. */
    public static Card render(Incident i, List<TimelineEntry> entries) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.heading("Timeline of " + Markdown.escape(i.id())));
        body.add(Cards.subtle(Markdown.escape(i.title(), 200) + " · " + entries.size() + " entries"));
        StringBuilder fallback = new StringBuilder("**Timeline of " + Markdown.escape(i.id()) + "**");
        int skip = Math.max(0, entries.size() - MAX_ENTRIES);
        if (skip > 0) {
            body.add(Cards.subtle(skip + " earlier entries are in the /report."));
        }
        List<ObjectNode> lines = new ArrayList<>();
        for (TimelineEntry e : entries.subList(skip, entries.size())) {
            String line = IncidentSummaryCard.TIME.format(e.at()) + " · " + Markdown.escape(e.actor()) + " · **"
                    + e.kind().name().toLowerCase() + "** · " + Markdown.escape(e.text(), 300);
            lines.add(Cards.text(line));
            fallback.append("\n- ").append(line);
        }
        body.add(lines.isEmpty() ? Cards.text("Nothing yet.") : Cards.section(lines));
        return new Card(Cards.card(body, List.of()), fallback.toString());
    }
}

package io.irflow.incidents;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's Markdown: product text escaped so it cannot format or link, URLs as working links. */
class IncidentReportTest {
    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
    private static final String TICKET_URL = "https://servicenow.example.com/nav_to.do?uri=incident.do?sys_id=a_b";

    private static IncidentReport report(String title, List<TimelineEntry> timeline) {
        Incident i = new Incident("IR-2026-0001", title, 2, IncidentStatus.INVESTIGATING, "alice@acme.example", AT, AT,
                null, null, "INC0010001", TICKET_URL, null, null, null,
                List.of(new Observable(ObservableType.HOSTNAME, "wks-fin-042")));
        return IncidentReport.of(i, timeline, List.of(), null, AT);
    }

    @Test
    void a_ticket_url_links_to_itself_without_backslashes_and_product_text_stays_escaped() {
        String md = report("*Ransomware* on wks_fin_042 [click](https://evil.example)", List.of()).markdown();

        assertThat(md).contains("| Ticket | INC0010001 ([https://servicenow.example.com/nav\\_to.do?uri=incident.do?"
                        + "sys\\_id=a\\_b](" + TICKET_URL + ")) |")
                .contains("\\*Ransomware\\* on wks\\_fin\\_042 \\[click\\]([https://evil.example](https://evil.example))")
                .contains("\n## Times\n");
    }

    @Test
    void a_url_in_timeline_text_cannot_break_out_of_its_link_or_the_table() {
        String md = report("t", List.of(new TimelineEntry(AT, "bob", TimelineEntry.Kind.NOTE,
                "see https://x.example/a|b\\c>**bold** (and https://y.example/p_(q)), then stop."))).markdown();

        assertThat(md).contains("[https://x.example/a|b\\\\c](https://x.example/a%7Cb%5Cc)\\>\\*\\*bold\\*\\*")
                .contains("(and [https://y.example/p\\_(q)](https://y.example/p_%28q%29)), then stop.");
    }

    @Test
    void without_urls_the_escaping_is_unchanged() {
        assertThat(IncidentReport.Doc.mdEscape("a_b *c* `d` [e] <f> \\g\nh"))
                .isEqualTo("a\\_b \\*c\\* \\`d\\` \\[e\\] \\<f\\> \\\\g h");
    }
}

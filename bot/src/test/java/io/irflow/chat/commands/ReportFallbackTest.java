package io.irflow.chat.commands;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /report}'s fallback when the files cannot be uploaded: the report's Markdown, rendered, cut at a line end. */
class ReportFallbackTest {
    private static final String REPORT = "# Incident IR-2026-0001: x\n\n| | |\n|---|---|\n| Ticket | INC1 "
            + "([https://sn.example/nav\\_to.do?uri=incident.do](https://sn.example/nav_to.do?uri=incident.do)) |\n\n"
            + "## Times\n\n- a\\_b\n";

    @Test
    void headings_render_and_urls_keep_their_underscores() {
        String text = IncidentCommands.reportFallback("Webex answered HTTP 400", REPORT);

        assertThat(text).startsWith("I could not upload the report files (Webex answered HTTP 400); here is its start:")
                .contains("\n\n# Incident IR-2026-0001", "\n## Times\n", "(https://sn.example/nav_to.do?uri=incident.do)",
                        "a\\_b")
                .doesNotContain("\\#");
    }

    @Test
    void a_long_report_is_cut_after_a_whole_line() {
        String line = "- " + "x".repeat(97) + "\n";
        String text = IncidentCommands.reportFallback("e", "## Timeline\n" + line.repeat(40));
        String head = text.substring(text.indexOf("## Timeline"));

        assertThat(head.length()).isLessThanOrEqualTo(IncidentCommands.REPORT_FALLBACK_CHARS + 3);
        assertThat(head).endsWith("\n\n\u2026");
        assertThat(head.substring(0, head.length() - 3).split("\n")).allSatisfy(l ->
                assertThat(l).matches("## Timeline|- x{97}"));
    }

    @Test
    void the_error_is_escaped() {
        assertThat(IncidentCommands.reportFallback("bad *thing* [x](y)", "# r\n")).contains("bad \\*thing\\*");
    }
}

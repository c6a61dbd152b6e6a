package io.irflow.cards;

import io.irflow.testing.CardValidator;
import io.irflow.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CardsTest {
    @Test
    void help_card_validates_against_the_1_3_schema_and_webex_elements() {
        Card card = HelpCard.render(List.of(new HelpCard.Group("Investigate", "", List.of(new HelpCard.Entry(
                        "/investigate <x>", List.of("i"), "Look up <x> [in] *every* product; `code` stays plain."))),
                new HelpCard.Group("Admin", "Responders only, except /help.", List.of(
                        new HelpCard.Entry("/help", List.of("?", "h"), "Show this.")))), List.of("AMP for Endpoints"));

        CardValidator.assertValid(card);
        assertThat(Fixtures.write(card.content())).contains("\\\\<x\\\\>").contains("\\\\*every\\\\*")
                .doesNotContain("`");
        assertThat(io.irflow.testing.CardText.plain(card.content())).contains("/investigate <x> (or /i)",
                "/help (or /?, /h)", "Responders only, except /help.", "Products enabled: AMP for Endpoints")
                .containsSubsequence("Investigate", "Admin");
    }

    @Test
    void the_validator_rejects_what_webex_would_not_render() {
        var table = Fixtures.json("adaptive-cards/samples/v1.0-AdaptiveCard.json");
        table.withArray("body").addObject().put("type", "Table");
        assertThat(CardValidator.problems(table)).isNotEmpty();

        var newer = Fixtures.json("adaptive-cards/samples/v1.0-FactSet.json");
        newer.put("version", "1.10");
        assertThat(CardValidator.problems(newer)).anyMatch(p -> p.contains("not 1.3 or lower"));

        var media = Fixtures.json("adaptive-cards/samples/v1.0-FactSet.json");
        media.withArray("body").addObject().put("type", "Media").putArray("sources");
        assertThat(CardValidator.problems(media)).anyMatch(p -> p.contains("Media"));
    }

    @Test
    void the_reference_samples_are_valid() {
        for (String s : List.of("v1.0-Action.ShowCard.json", "v1.0-AdaptiveCard.json", "v1.0-FactSet.json",
                "v1.3-Input.ChoiceSet.json", "v1.3-Input.Text.ErrorMessage.json")) {
            assertThat(CardValidator.problems(Fixtures.json("adaptive-cards/samples/" + s))).as(s).isEmpty();
        }
    }

    @Test
    void escape_neutralises_markdown_links_mentions_and_html() {
        assertThat(Markdown.escape("[click](http://evil.example/x) <@all> **bold** _i_ `code`\nnext"))
                .isEqualTo("\\[click\\](http:\u200B//evil.example/x) \\<@all\\> \\*\\*bold\\*\\* \\_i\\_ \\`code\\` next");
        assertThat(Markdown.escape("- item # not heading")).isEqualTo("\\- item # not heading");
        assertThat(Markdown.escape("WKS-0042 (10.0.0.1)")).isEqualTo("WKS-0042 (10.0.0.1)");
        assertThat(Markdown.escape(null)).isEmpty();
        assertThat(Markdown.truncate("a".repeat(10), 5)).isEqualTo("aaaa…");
        assertThat(Markdown.code("a`b")).isEqualTo("`a'b`");
    }

    @Test
    void an_empty_audit_says_so_instead_of_last_0() {
        Card card = ContainmentCards.audit(List.of(), new Page(1, Page.SIZE, 0));

        CardValidator.assertValid(card);
        assertThat(card.fallback()).startsWith("**Audit**").contains("No containment step has been taken or refused yet.")
                .doesNotContain("last 0");
    }
}

package io.irflow.cards;

import io.irflow.capabilities.Alert;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.cards.dsl.Cards;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import io.irflow.testing.CardVocabulary;
import io.irflow.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    static final String SHA = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    private static Alert kovter() {
        return new Alert("AMP for Endpoints", "e1", Instant.parse("2026-12-04T13:38:53Z"), "Threat Detected",
                "W32.Trojan.Kovter-Demo", "High", new Alert.AlertHost("WKS-FIN-042", "10.10.20.42", "00:50:56:a1:b2:42",
                "guid-1"), SHA, "invoice_2026-11.pdf.exe", "Malicious", "https://console.amp.example/e1");
    }

    @Test
    void the_alert_card_shows_the_whole_sha256_on_a_monospace_line_with_a_short_label_and_times_in_words() {
        Words words = Words.utc(Instant.parse("2026-12-04T13:41:10Z"));
        List<com.fasterxml.jackson.databind.node.ObjectNode> buttons = List.of(
                Cards.submit("Investigate", Map.of("action", "i")), Cards.submit("Quarantine", Map.of("action", "q")));

        Card card = AlertCard.render(kovter(), new AlertCard.Context("ACME\\jdoe",
                "Acme HQ > Building 1 > Floor 3", null),
                List.of(), buttons, words);

        CardValidator.assertValid(card);
        CardVocabulary.assertInVocabulary(card.content());
        CardVocabulary.assertEveryFactOnce(card.content());
        var body = card.content().path("body");
        assertThat(body.get(0).path("text").asText()).isEqualTo("Threat Detected on WKS-FIN-042");
        var hash = body.get(2);
        assertThat(hash.path("text").asText()).isEqualTo("SHA-256 " + SHA);
        assertThat(hash.path("fontType").asText()).isEqualTo("Monospace");
        assertThat(hash.path("wrap").asBoolean()).isTrue();
        assertThat(CardVocabulary.factValues(card.content())).noneMatch(v -> v.contains(SHA.substring(0, 16)));
        assertThat(CardText.plain(card.content())).contains("When: 13:38 UTC (2 min ago)", "Host: WKS-FIN-042",
                "User: ACME\\jdoe").doesNotContain("2026-12-04T");
        assertThat(CardText.titles(card.content())).containsExactly("Investigate", "Quarantine");
        assertThat(card.fallback()).contains("SHA-256: " + SHA, "13:38 UTC (2 min ago)");
        assertThat(AlertCard.update(kovter(), 3, words)).isEqualTo("**3 events** of this kind so far on WKS-FIN-042; "
                + "latest: Threat Detected at 13:38 UTC (2 min ago).");
    }

    @Test
    void the_alert_card_states_irflows_own_containment_in_words() {
        Words words = Words.utc(Instant.parse("2026-12-04T13:41:10Z"));
        ContainedTargetStore.Row held = new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, "00:50:56:a1:b2:42",
                "WKS-FIN-042 (00:50:56:a1:b2:42)", "ISE", Instant.parse("2026-12-04T13:39:00Z"), "irflow-auto", "room");

        Card card = AlertCard.render(kovter(), new AlertCard.Context(null, null, null), List.of(held),
                List.of(), words);

        CardValidator.assertValid(card);
        CardVocabulary.assertInVocabulary(card.content());
        assertThat(CardText.plain(card.content())).contains(
                "Quarantined WKS-FIN-042 (00:50:56:a1:b2:42) by irflow-auto via ISE, 13:39 UTC (2 min ago)");
    }
}

package io.irflow.webex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import io.irflow.cards.AlertCard;
import io.irflow.cards.Card;
import io.irflow.cards.InvestigationCard;
import io.irflow.cards.dsl.Cards;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import io.irflow.json.Json;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one size guard on the send path: whatever a sender builds, the POST body fits Webex's limits. */
class MessageLimitsTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void markdown_within_the_limit_is_sent_unchanged() {
        String md = "x".repeat(MessageLimits.MAX_TEXT_BYTES);
        assertThat(NewMessage.markdown("r", null, md).markdown()).isEqualTo(md);
        assertThat(NewMessage.markdown("r", null, null).markdown()).isNull();
    }

    @Test
    void long_markdown_is_cut_at_a_line_break_and_marked() {
        StringBuilder md = new StringBuilder();
        for (int i = 0; md.length() < 30_000; i++) {
            md.append("- finding number ").append(i).append(" on host WKS-").append(i).append('\n');
        }

        String sent = NewMessage.markdown("r", null, md.toString()).markdown();

        assertThat(bytes(sent)).isLessThanOrEqualTo(MessageLimits.MAX_TEXT_BYTES);
        assertThat(sent).endsWith(MessageLimits.TRUNCATED);
        String kept = sent.substring(0, sent.length() - MessageLimits.TRUNCATED.length());
        assertThat(md.toString()).startsWith(kept + "\n");
        assertThat(kept).matches("(?s).*on host WKS-\\d+");
    }

    @Test
    void multibyte_text_is_measured_in_bytes_and_never_split_inside_a_character() {
        String md = "🔥é".repeat(5000);

        NewMessage m = new NewMessage("r", null, null, null, md, md, null);

        for (String s : List.of(m.markdown(), m.text())) {
            assertThat(bytes(s)).isLessThanOrEqualTo(MessageLimits.MAX_TEXT_BYTES).isGreaterThan(6000);
            assertThat(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(s);
            assertThat(s.replace(MessageLimits.TRUNCATED, "")).matches("(🔥é)+🔥?");
        }
    }

    @Test
    void an_open_code_fence_is_closed_and_a_dangling_escape_dropped() {
        String md = "report:\n```\n" + "a".repeat(20_000) + "\\" + "b".repeat(10);
        String sent = NewMessage.markdown("r", null, md).markdown();

        assertThat(bytes(sent)).isLessThanOrEqualTo(MessageLimits.MAX_TEXT_BYTES);
        assertThat(sent).endsWith("\n```" + MessageLimits.TRUNCATED);

        String escaped = "x".repeat(MessageLimits.MAX_TEXT_BYTES - 30) + "\\\\\\" + "y".repeat(100);
        String cut = MessageLimits.fit(escaped);
        assertThat(cut.replace(MessageLimits.TRUNCATED, "")).doesNotEndWith("\\");
    }

    @Test
    void a_card_over_the_limit_is_replaced_by_its_fallback_text() {
        List<ObjectNode> body = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            body.add(Cards.text("row " + i + " " + "z".repeat(100)));
        }
        ObjectNode card = Cards.card(body, List.of());
        assertThat(bytes(card.toString())).isGreaterThan(MessageLimits.MAX_CARD_BYTES);

        NewMessage m = NewMessage.card("r", "parent", "**Big** fallback", card);

        assertThat(m.attachments()).isNull();
        assertThat(m.markdown()).isEqualTo(MessageLimits.CARD_TOO_BIG + "**Big** fallback");
        assertThat(m.roomId()).isEqualTo("r");
        assertThat(m.parentId()).isEqualTo("parent");
    }

    @Test
    void a_card_within_the_limit_is_sent_as_is() {
        ObjectNode card = Cards.card(List.of(Cards.text("hello")), List.of());
        NewMessage m = NewMessage.card("r", null, "hello", card);
        assertThat(m.attachments()).hasSize(1);
        assertThat(m.attachments().get(0).content()).isSameAs(card);
    }

    @Test
    void an_investigation_with_hundreds_of_findings_posts_within_limits() {
        List<SourceResult> results = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            List<Fact> facts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                facts.add(new Fact("Fact " + i, "computer-" + i + " ".repeat(1) + "x".repeat(500)));
            }
            results.add(new SourceResult("Source " + s, SourceStatus.FOUND, new Finding("Source " + s, true,
                    new Verdict(Disposition.SUSPICIOUS, "why ".repeat(500)), facts, List.of(), List.of(), null), "",
                    null, Duration.ofMillis(5), null));
        }
        Card card = InvestigationCard.render(new InvestigationResult(new Observable(ObservableType.DOMAIN, "big.example"),
                results, Duration.ofMillis(10)), List.of(), List.of(),
                        io.irflow.cards.Words.utc(java.time.Instant.EPOCH));

        assertFits(NewMessage.card("r", null, card.fallback(), card.content()));
    }

    @Test
    void an_alert_with_a_very_long_title_posts_within_limits() {
        Alert a = new Alert("AMP for Endpoints", "evt-1", Instant.parse("2026-11-27T08:00:00Z"), "T".repeat(100_000),
                "Threat ".repeat(5000), "High", new Alert.AlertHost("h".repeat(5000), "10.0.0.1", null, null),
                "a".repeat(64), "f".repeat(20_000), "Malicious", "https://console.example.com/x");
        Card card = AlertCard.render(a, new AlertCard.Context("u".repeat(9000), "l".repeat(9000), "n".repeat(9000)),
                List.of());

        assertFits(NewMessage.card("r", null, card.fallback(), card.content()));
        assertFits(NewMessage.markdown("r", null, AlertCard.update(a, 7)));
    }

    private static void assertFits(NewMessage m) {
        assertThat(bytes(m.markdown())).isLessThanOrEqualTo(MessageLimits.MAX_TEXT_BYTES);
        if (m.attachments() != null) {
            ObjectNode content = (ObjectNode) m.attachments().get(0).content();
            assertThat(bytes(content.toString())).isLessThanOrEqualTo(MessageLimits.MAX_CARD_BYTES);
            CardValidator.assertValid(new Card(content, m.markdown()));
        }
        assertThat(Json.mapper().valueToTree(m).toString()).isNotEmpty();
    }
}

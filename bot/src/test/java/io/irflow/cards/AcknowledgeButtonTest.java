package io.irflow.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.Alert;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The I'm on it button on alert cards and storm digests: last, valid for Webex, carrying only what is looked up. */
class AcknowledgeButtonTest {
    private static final Instant AT = Instant.parse("2026-12-03T06:26:40Z");
    private static final String REF = "q8Zk3V0cYH1n2PqRsTuVwXyZ";

    @Test
    void an_alert_card_with_a_full_set_of_buttons_ends_with_i_am_on_it_carrying_only_the_alerts_reference() {
        Alert a = new Alert("AMP for Endpoints", "1", AT, "Executed malware", "W32.Test", "high",
                new Alert.AlertHost("WKS-FIN-042", "10.1.2.3", "00:50:56:9a:4b:1c", "guid"), "a".repeat(64), null, null,
                null);
        List<ObjectNode> buttons = new ArrayList<>();
        for (String t : List.of("Investigate", "Quarantine WKS-FIN-042", "Isolate WKS-FIN-042",
                "Open incident")) {
            buttons.add(Cards.submit(t, Map.of("action", "x", ActionIds.REF, REF)));
        }
        buttons.add(AlertCard.onIt(REF));

        Card card = AlertCard.render(a, new AlertCard.Context(null, null, null), buttons);

        CardValidator.assertValid(card);
        assertThat(CardText.titles(card.content())).hasSize(Cards.MAX_ACTIONS).last().isEqualTo("I'm on it");
        // Buttons naming the host do not fit one row: the first ones go above it rather than being cut off.
        JsonNode body = card.content().path("body");
        assertThat(body.get(body.size() - 1).path("type").asText()).isEqualTo("ActionSet");
        assertThat(CardText.titles(body.get(body.size() - 1))).containsExactly("Investigate", "Quarantine WKS-FIN-042",
                "Isolate WKS-FIN-042");
        assertThat(CardText.titles(card.content().path("actions"))).containsExactly("Open incident", "I'm on it");
        JsonNode data = CardText.submits(card.content()).get(Cards.MAX_ACTIONS - 1).path("data");
        // Field by field: the data's key order follows Map.of's, which changes from run to run.
        assertThat(data.path("action").asText()).isEqualTo(ActionIds.ALERT_ACK);
        assertThat(data.path(ActionIds.REF).asText()).isEqualTo(REF);
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.toString()).doesNotContain("WKS", "10.1.2.3");
    }

    @Test
    void a_storm_digest_offers_i_am_on_it_last_with_only_its_key() {
        StormCards.Digest d = new StormCards.Digest("storm|1764743200000|amp|w32.test", "AMP for Endpoints",
                "W32.Test", null, 12, 40, AT, AT.plusSeconds(300), List.of(new StormCards.Host("WKS-1", 5)));

        Card card = StormCards.digest(d);

        CardValidator.assertValid(card);
        assertThat(CardText.titles(card.content())).containsExactly("List all hosts", "Open incident for the storm",
                "I'm on it");
        JsonNode data = CardText.submits(card.content()).get(2).path("data");
        assertThat(data.path("action").asText()).isEqualTo(ActionIds.ALERT_ACK);
        assertThat(data.path(ActionIds.DIGEST).asText()).isEqualTo(d.key());
        assertThat(data.size()).isEqualTo(2);
    }
}

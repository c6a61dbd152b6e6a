package io.irflow.cards;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.PendingAction;
import io.irflow.contain.UsedButton;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContainmentCardsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T06:26:40Z");
    private static final Words WORDS = Words.utc(NOW);
    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = true, value = {
            "QUARANTINE|false|00:50:56:a1:b2:42|WKS-FIN-042 (00:50:56:a1:b2:42)|Quarantine WKS-FIN-042|destructive",
            "QUARANTINE|true|00:50:56:a1:b2:42|WKS-FIN-042 (00:50:56:a1:b2:42)|Unquarantine WKS-FIN-042|positive",
            "ISOLATE|false|2f8e1c3a-guid|WKS-FIN-042|Isolate WKS-FIN-042|destructive",
            "ISOLATE|true|2f8e1c3a-guid|WKS-FIN-042|Release WKS-FIN-042|positive",
            "BLOCK_DOMAIN|false|example.com|example.com|Block example.com|destructive",
            "BLOCK_DOMAIN|true|example.com|example.com|Unblock example.com|positive",
            "BLOCK_HASH|false|" + SHA + "|" + SHA + "|Block hash e3b0c442…7852b855|destructive",
            "BLOCK_HASH|true|" + SHA + "|" + SHA + "|Unblock hash e3b0c442…7852b855|positive"})
    void the_confirm_button_names_what_it_does_to_which_target_and_is_styled_as_it_acts(
            ContainmentKind kind, boolean undo, String target, String label, String title, String style) {
        PendingAction a = action(kind, undo, target, label, PendingAction.State.PENDING);

        Card card = ContainmentCards.confirm(a, "", WORDS, false);

        CardValidator.assertValid(card);
        JsonNode actions = card.content().path("actions");
        assertThat(actions).hasSize(2);
        assertThat(actions.get(0).path("title").asText()).isEqualTo(title);
        assertThat(actions.get(0).path("style").asText()).isEqualTo(style);
        assertThat(actions.get(0).path("data").path("action").asText()).isEqualTo("contain.confirm");
        assertThat(actions.get(1).path("title").asText()).isEqualTo("Cancel");
        assertThat(actions.get(1).has("style")).as("Cancel is plain").isFalse();
        assertThat(card.fallback()).contains(title);
        assertThat(CardText.plain(card.content())).contains("Confirm: " + title.substring(0, 1).toLowerCase()
                + title.substring(1) + "?", target);
    }

    @Test
    void the_confirmation_says_when_its_buttons_expire_as_a_time_and_from_now() {
        PendingAction a = action(ContainmentKind.QUARANTINE, false, "00:50:56:a1:b2:42",
                "WKS-FIN-042 (00:50:56:a1:b2:42)", PendingAction.State.PENDING);

        String text = CardText.plain(ContainmentCards.confirm(a, "ANC policy 'q'", WORDS, false).content());

        assertThat(text).contains("Buttons expire: 4 Dec 05:26 UTC (in 23 h)").doesNotContain("Expires: in");
        Words berlin = new Words(ZoneId.of("Europe/Berlin"), NOW);
        assertThat(CardText.plain(ContainmentCards.confirm(a, "", berlin, false).content()))
                .contains("Buttons expire: 4 Dec 06:26 CET (in 23 h)");
    }

    @Test
    void the_approval_button_is_styled_and_cancel_stays_plain() {
        PendingAction a = action(ContainmentKind.ISOLATE, false, "guid", "WKS-FIN-042", PendingAction.State.PENDING);

        Card card = ContainmentCards.awaitingApproval(a, "alice@example.com");

        CardValidator.assertValid(card);
        assertThat(card.content().path("actions").get(0).path("style").asText()).isEqualTo("destructive");
        assertThat(card.content().path("actions").get(1).has("style")).isFalse();
    }

    @Test
    void the_result_cards_undo_button_names_its_target() {
        PendingAction a = action(ContainmentKind.QUARANTINE, false, "00:50:56:a1:b2:42",
                "WKS-FIN-042 (00:50:56:a1:b2:42)", PendingAction.State.DONE);
        PendingAction undo = action(ContainmentKind.QUARANTINE, true, a.target(), a.targetLabel(),
                PendingAction.State.OFFERED);

        Card card = ContainmentCards.done(a, "alice@example.com", "", undo, false);

        CardValidator.assertValid(card);
        assertThat(CardText.titles(card.content())).containsExactly("Unquarantine WKS-FIN-042");
    }

    @Test
    void contained_puts_each_undo_button_under_its_own_row_so_no_title_is_cut_off() {
        List<ContainedTargetStore.Row> rows = new ArrayList<>();
        List<PendingAction> undos = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            String mac = String.format("02:00:00:00:00:%02x", i);
            String label = "web0" + i + ".corp.example.com (" + mac + ")";
            rows.add(new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, mac, label, "ISE",
                    NOW.minus(Duration.ofMinutes(3)), "alice@example.com", "room"));
            if (i <= 5) {
                undos.add(action(ContainmentKind.QUARANTINE, true, mac, label, PendingAction.State.OFFERED));
            }
        }

        Card card = ContainmentCards.contained(rows, new Page(1, Page.SIZE, 7), undos, WORDS);

        CardValidator.assertValid(card);
        assertThat(card.content().has("actions")).as("no row of five squeezed buttons").isFalse();
        List<JsonNode> sets = new ArrayList<>();
        card.content().path("body").forEach(b -> b.path("items").forEach(i -> {
            if (i.path("type").asText().equals("ActionSet")) {
                sets.add(i);
            }
        }));
        assertThat(sets).hasSize(5).allSatisfy(s -> assertThat(s.path("actions")).hasSize(1));
        assertThat(CardText.titles(card.content())).containsExactly("Unquarantine web01.corp.example.com",
                "Unquarantine web02.corp.example.com", "Unquarantine web03.corp.example.com",
                "Unquarantine web04.corp.example.com", "Unquarantine web05.corp.example.com");
        assertThat(CardText.titles(card.content())).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(53));
        assertThat(CardText.plain(card.content())).contains("since 06:23 UTC (3 min ago), by alice@example.com\n")
                .doesNotContain(") (by");
    }

    @Test
    void a_used_button_states_who_did_what_when_and_where_the_target_stands() {
        PendingAction a = action(ContainmentKind.QUARANTINE, false, "00:50:56:a1:b2:42",
                "WKS-FIN-042 (00:50:56:a1:b2:42)", PendingAction.State.DONE);
        Instant at = NOW.minus(Duration.ofMinutes(3));
        ContainedTargetStore.Row held = new ContainedTargetStore.Row(a.kind(), a.target(), a.targetLabel(), "ISE", at,
                "alice@example.com", "room");

        String done = UsedButtonText.render(new UsedButton(a, UsedButton.Use.DONE, "alice@example.com", at, "", held,
                null), WORDS);
        assertThat(done).startsWith("**WKS-FIN-042** was quarantined by alice@example.com at 06:23 UTC (3 min ago).")
                .contains("It is still quarantined", "/contained").endsWith("Nothing was done.");

        AuditStore.Entry undo = new AuditStore.Entry(NOW.minusSeconds(60), "bob@example.com", "room",
                AuditStore.Event.UNDONE, a.kind(), "ISE", a.target(), "", 204, null, "other");
        assertThat(UsedButtonText.render(new UsedButton(a, UsedButton.Use.DONE, "alice@example.com", at, "", null,
                undo), WORDS)).contains("was quarantined by alice@example.com at 06:23 UTC (3 min ago).",
                "It was unquarantined by bob@example.com since.");

        PendingAction u = action(a.kind(), true, a.target(), a.targetLabel(), PendingAction.State.OFFERED);
        assertThat(UsedButtonText.render(new UsedButton(u, UsedButton.Use.OVERTAKEN, "bob@example.com",
                NOW.minusSeconds(60), "", null, null), WORDS)).isEqualTo("**WKS-FIN-042** was already unquarantined by "
                + "bob@example.com at 06:25 UTC (1 min ago), after this button was drawn. Nothing was done.");

        assertThat(UsedButtonText.render(new UsedButton(a, UsedButton.Use.CANCELLED, "bob@example.com", at, "", null,
                null), WORDS)).startsWith("bob@example.com cancelled “Quarantine WKS-FIN-042” at 06:23 UTC "
                + "(3 min ago).");
        assertThat(UsedButtonText.render(new UsedButton(a, UsedButton.Use.EXPIRED, null, at, "", held, null), WORDS))
                .startsWith("“Quarantine WKS-FIN-042” expired at 06:23 UTC (3 min ago)")
                .contains("**WKS-FIN-042** is quarantined now, by alice@example.com since 06:23 UTC (3 min ago);")
                .doesNotContain(") (", "))");
    }

    private static PendingAction action(ContainmentKind kind, boolean undo, String target, String label,
                                        PendingAction.State state) {
        return new PendingAction("ref-" + kind + undo + target, kind, undo, kind == ContainmentKind.QUARANTINE ? "ISE"
                : kind == ContainmentKind.BLOCK_DOMAIN ? "Umbrella" : "AMP for Endpoints", target, label, "room",
                "irflow", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)), state, null);
    }
}

package io.irflow.cards;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.ImpactPreview.Impact;
import io.irflow.contain.PendingAction;
import io.irflow.contain.Preview;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The impact preview section of a confirmation card: words, escaping, schema, and the card still whole. */
class PreviewCardsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String AMP = "AMP for Endpoints";

    private static PendingAction action(ContainmentKind kind, String target, String label) {
        return new PendingAction("ref-1", kind, false, "Umbrella", target, label, "room-1", "alice@example.com", NOW,
                NOW.plus(Duration.ofHours(24)), PendingAction.State.PENDING, null, false);
    }

    private static Card confirm(PendingAction a, Preview p) {
        return PreviewCards.withPreview(ContainmentCards.confirm(a, "", Words.utc(NOW), false), a, p);
    }

    @Test
    void seven_computers_name_five_and_count_the_rest() {
        PendingAction a = action(ContainmentKind.BLOCK_DOMAIN, "example.com", "example.com");
        Preview p = new Preview(List.of(new Impact(AMP, 7, List.of("A", "B", "C", "D", "E", "F"), List.of()),
                new Impact("Umbrella Investigate", null, List.of(), List.of(new Fact("Status", "malicious"),
                        new Fact("Security categories", "Phishing")))), List.of());

        Card card = confirm(a, p);

        CardValidator.assertValid(card);
        String text = CardText.plain(card.content());
        assertThat(text).contains("Impact preview", "7 computers contacted example.com: A, B, C, D, E and 2 more",
                "Umbrella Investigate", "Status: malicious", "Security categories: Phishing")
                .doesNotContain("unavailable");
        assertThat(text.indexOf("Impact preview")).isGreaterThan(text.indexOf("Confirm: block example.com?"));
        assertThat(CardText.titles(card.content())).containsExactly("Block example.com", "Cancel");
        assertThat(card.fallback()).contains("**Impact preview**",
                "7 computers contacted example.com: A, B, C, D, E and 2 more (AMP for Endpoints)",
                "Umbrella Investigate · Status: malicious");
    }

    @Test
    void counts_read_naturally() {
        Impact none = new Impact(AMP, 0, List.of(), List.of());
        Impact one = new Impact(AMP, 1, List.of("WKS-1"), List.of());
        Impact three = new Impact(AMP, 3, List.of("A", "B", "C"), List.of());
        Impact unnamed = new Impact(AMP, 12, List.of(), List.of());

        assertThat(PreviewCards.computers(ContainmentKind.BLOCK_DOMAIN, "x.example", none))
                .isEqualTo("No computer contacted x.example (AMP for Endpoints)");
        assertThat(PreviewCards.computers(ContainmentKind.BLOCK_HASH, "abc", none))
                .isEqualTo("No computer has this file (AMP for Endpoints)");
        assertThat(PreviewCards.computers(ContainmentKind.BLOCK_HASH, "abc", one))
                .isEqualTo("1 computer has this file: WKS-1 (AMP for Endpoints)");
        assertThat(PreviewCards.computers(ContainmentKind.BLOCK_HASH, "abc", three))
                .isEqualTo("3 computers have this file: A, B and C (AMP for Endpoints)");
        assertThat(PreviewCards.computers(ContainmentKind.BLOCK_DOMAIN, "x.example", unnamed))
                .isEqualTo("12 computers contacted x.example (AMP for Endpoints)");
    }

    @Test
    void product_text_is_escaped_and_cannot_become_a_link_or_a_mention() {
        PendingAction a = action(ContainmentKind.BLOCK_HASH, "ab".repeat(32), "ab".repeat(32));
        Preview p = new Preview(List.of(new Impact(AMP, 2, List.of("[click](https://evil.example)", "<@all>"),
                List.of())), List.of("AMP for Endpoints *timed* out"));

        Card card = confirm(a, p);

        CardValidator.assertValid(card);
        String json = card.content().toString() + card.fallback();
        assertThat(json).doesNotContain("[click](https://evil.example)", "<@all>", "*timed*");
        assertThat(CardText.plain(card.content())).contains("2 computers have this file",
                "Preview unavailable: AMP for Endpoints *timed* out");
    }

    @Test
    void host_details_and_an_unavailable_product_are_shown_and_the_card_still_comes() {
        PendingAction a = action(ContainmentKind.QUARANTINE, "00:50:56:a1:3c:7e", "WKS-FIN-042 (00:50:56:a1:3c:7e)");
        Preview p = new Preview(List.of(new Impact("", null, List.of(), List.of(new Fact("User", "jdoe"),
                new Fact("Location", "HQ > Floor 3"), new Fact("Endpoint profile (ISE)", "Windows10-Workstation")))),
                List.of("AMP for Endpoints timed out"));

        Card card = confirm(a, p);

        CardValidator.assertValid(card);
        assertThat(CardText.plain(card.content())).contains("User: jdoe", "Location: HQ > Floor 3",
                "Endpoint profile (ISE): Windows10-Workstation", "Preview unavailable: AMP for Endpoints timed out");
        assertThat(card.fallback()).contains("- User: jdoe", "Preview unavailable: AMP for Endpoints timed out");
    }

    @Test
    void no_preview_leaves_the_card_as_it_was() {
        PendingAction a = action(ContainmentKind.BLOCK_DOMAIN, "example.com", "example.com");
        Card plain = ContainmentCards.confirm(a, "", Words.utc(NOW), false);

        assertThat(PreviewCards.withPreview(plain, a, Preview.NONE)).isSameAs(plain);
    }
}

package io.irflow.cards;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentState;
import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.PendingAction;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The words of verification and drift, and the drift line on /contained. */
class VerificationNotesTest {
    private static final Instant NOW = Instant.parse("2026-12-04T07:27:00Z");
    private static final Words WORDS = Words.utc(NOW);
    private static final String MAC = "00:50:56:A1:3C:7E";

    @Test
    void product_states_read_as_words_and_product_sentences_as_given() {
        ContainmentState starting = new ContainmentState(Status.STARTING, "pending_start", "");
        assertThat(VerificationNotes.seen("AMP", starting)).isEqualTo("AMP reports isolation starting");
        assertThat(VerificationNotes.still("AMP", starting)).isEqualTo("AMP still reports isolation starting");
        ContainmentState ise = new ContainmentState(Status.IN_EFFECT, "KickFromNetwork",
                "ISE shows ANC policy KickFromNetwork on " + MAC);
        assertThat(VerificationNotes.verified(WORDS, NOW.plusSeconds(2), VerificationNotes.seen("ISE", ise)))
                .isEqualTo("✅ Verified at 07:27:02 UTC (ISE shows ANC policy KickFromNetwork on " + MAC + ")");
        assertThat(VerificationNotes.notVerified(Duration.ofMinutes(2), VerificationNotes.still("AMP", starting)))
                .isEqualTo("⚠️ Not verified after 2 min: AMP still reports isolation starting");
    }

    @Test
    void failures_name_what_went_wrong_without_vendor_text() {
        assertThat(VerificationNotes.failed("AMP", new AdapterException("AMP", AdapterException.Kind.UNAVAILABLE,
                "raw <html> body", 503, null, null, null))).isEqualTo("AMP did not answer usefully (HTTP 503)");
        assertThat(VerificationNotes.failed("ISE", new AdapterException("ISE", AdapterException.Kind.UNAUTHORIZED,
                "x", 401, null, null, null))).isEqualTo("ISE refused irflow's credentials (HTTP 401)");
        assertThat(VerificationNotes.failed("ISE", new AdapterException("ISE", AdapterException.Kind.TIMEOUT,
                "x"))).isEqualTo("ISE did not answer in time");
    }

    @Test
    void product_text_is_escaped() {
        ContainmentState odd = new ContainmentState(Status.IN_EFFECT, "", "ISE shows ANC policy *Bold_<b>* on x");
        assertThat(VerificationNotes.verified(WORDS, NOW, odd.evidence())).doesNotContain("*Bold_");
    }

    @Test
    void contained_shows_a_drift_under_its_row_and_stays_a_valid_card() {
        ContainedTargetStore.Row row = new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, MAC,
                "WKS-FIN-042 (" + MAC + ")", "ISE", NOW.minus(Duration.ofHours(2)), "alice@example.com", "room");
        ContainedTargetStore.Row other = new ContainedTargetStore.Row(ContainmentKind.BLOCK_DOMAIN, "bad.example",
                "bad.example", "Umbrella", NOW.minus(Duration.ofHours(3)), "alice@example.com", "room");
        ContainedTargetStore.Drift drift = new ContainedTargetStore.Drift(ContainmentKind.QUARANTINE, MAC,
                "released outside irflow (ISE shows no ANC policy on " + MAC + ")", NOW.minus(Duration.ofMinutes(3)));

        Card card = ContainmentCards.contained(List.of(other, row), new Page(1, Page.SIZE, 2),
                List.<PendingAction>of(), WORDS, List.of(drift));

        CardValidator.assertValid(card);
        JsonNode content = card.content();
        String text = CardText.plain(content);
        assertThat(text).contains("⚠️ drift: released outside irflow (ISE shows no ANC policy on " + MAC
                + ") · seen 07:24 UTC (3 min ago)");
        assertThat(text.indexOf("drift:")).isGreaterThan(text.indexOf("Quarantined: "));
        assertThat(text.split("drift:", -1)).as("one drift line").hasSize(2);
        assertThat(card.fallback()).contains("drift: released outside irflow");
    }
}

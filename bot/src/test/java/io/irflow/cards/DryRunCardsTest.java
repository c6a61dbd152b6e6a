package io.irflow.cards;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.PendingAction;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every containment card of a dry run says so, in the card and in its fallback, and is one Webex renders. */
class DryRunCardsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static PendingAction action(boolean dryRun) {
        return new PendingAction("ref-1", ContainmentKind.QUARANTINE, false, "ISE", "00:50:56:a1:3c:7e",
                "WKS-FIN-042 (00:50:56:a1:3c:7e)", "room-1", "alice@example.com", NOW, NOW.plus(Duration.ofHours(24)),
                PendingAction.State.PENDING, null, dryRun);
    }

    @Test
    void the_confirmation_of_a_dry_run_says_nothing_will_be_sent() {
        Card card = ContainmentCards.confirm(action(true), "ANC policy 'KickFromNetwork'", Words.utc(NOW), true);

        CardValidator.assertValid(card);
        assertThat(CardText.plain(card.content())).contains("Dry run · Confirm: quarantine?",
                "Dry run: Quarantine WKS-FIN-042 (00:50:56:a1:3c:7e) through ISE. Even once confirmed, nothing is sent "
                        + "to ISE.", "Dry run: yes: nothing is sent to ISE");
        assertThat(card.fallback()).startsWith("Dry run: ");
        assertThat(CardText.titles(card.content())).containsExactly("Confirm", "Cancel");
    }

    @Test
    void a_real_confirmation_does_not_mention_a_dry_run() {
        Card card = ContainmentCards.confirm(action(false), "ANC policy 'KickFromNetwork'", Words.utc(NOW), false);

        assertThat(CardText.plain(card.content()) + card.fallback()).doesNotContainIgnoringCase("dry run");
    }

    @Test
    void the_approval_card_and_the_result_of_a_dry_run_say_so() {
        Card approval = ContainmentCards.awaitingApproval(action(true), "alice@example.com");
        Card result = ContainmentCards.dryRun(action(true), "bob@example.com",
                "Dry run: would have applied ANC policy KickFromNetwork to 00:50:56:A1:3C:7E on ise.example.com.");

        for (Card c : List.of(approval, result)) {
            CardValidator.assertValid(c);
            assertThat(CardText.plain(c.content())).startsWith("Dry run");
        }
        assertThat(CardText.plain(approval.content())).contains("even once approved, nothing is sent to ISE");
        assertThat(result.fallback()).startsWith("Dry run: would have applied ANC policy KickFromNetwork to "
                + "00:50:56:A1:3C:7E on ise.example.com.").contains("Nothing was changed in ISE", "bob@example.com");
        assertThat(CardText.titles(result.content())).isEmpty();
    }

    @Test
    void the_status_card_states_dry_run_under_its_heading() {
        Card card = StatusCard.withDryRun(StatusCard.render(List.of(new StatusCard.ProductState("ISE", true,
                "reachable")), List.of(), "1.0", "3 min"));

        CardValidator.assertValid(card);
        assertThat(CardText.plain(card.content()).split("\n")[1]).isEqualTo(StatusCard.DRY_RUN);
        assertThat(card.fallback()).startsWith("**" + StatusCard.DRY_RUN + "**");
    }
}

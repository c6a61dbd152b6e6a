package io.irflow.chat;

import io.irflow.cards.Card;
import io.irflow.cards.ExpiryCards;
import io.irflow.cards.Words;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.Expiries;
import io.irflow.contain.Outcome;
import io.irflow.webex.NewMessage;
import io.irflow.webex.WebexClient;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Tells a containment's room about its expiry ({@code POST /messages} in the room the containment was made in):
 * the reminder with its Extend and Keep buttons, and what irflow did when the expiry passed.
 */
public final class ExpiryNotices implements Expiries.Notices {
    private final WebexClient webex;
    private final Supplier<Words> words;

    public ExpiryNotices(WebexClient webex, Supplier<Words> words) {
        this.webex = webex;
        this.words = words;
    }

    @Override
    public void reminder(ContainedTargetStore.Row row, String ref) {
        post(row.roomId(), ExpiryCards.reminder(row, ref, words.get()));
    }

    @Override
    public void reverted(ContainedTargetStore.Row row, Outcome outcome, Instant retryAt) {
        post(row.roomId(), ExpiryCards.reverted(row, outcome, retryAt, words.get()));
    }

    private void post(String roomId, Card card) {
        webex.post(NewMessage.card(roomId, null, card.fallback(), card.content()));
    }
}

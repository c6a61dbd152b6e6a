package io.irflow.chat;

import java.util.Map;

/**
 * A press of an Action.Submit button. {@code inputs} comes from the person's client and is untrusted: only the
 * action id and opaque references stored server-side may be used from it.
 *
 * @param roomId      room of the card
 * @param messageId   the card's message id
 * @param personId    who pressed
 * @param personEmail their email, lower-case ("" when unknown)
 * @param actionId    the routing key from the button's data
 * @param inputs      everything the client sent, as text
 */
public record CardActionRequest(String roomId, String messageId, String personId, String personEmail, String actionId,
                                Map<String, String> inputs) implements ChatRequest {
    public CardActionRequest {
        inputs = Map.copyOf(inputs);
    }

    @Override
    public String threadId() {
        return messageId;
    }

    /** One input, "" when absent. */
    public String input(String key) {
        return inputs.getOrDefault(key, "");
    }
}

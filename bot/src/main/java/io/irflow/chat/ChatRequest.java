package io.irflow.chat;

/** Something a person did in Webex that the bot answers: a message or a card button press. */
public sealed interface ChatRequest permits MessageRequest, CardActionRequest {

    /** The room it happened in. */
    String roomId();

    /** Who did it (Webex person id; authorise on this, never on card data). */
    String personId();

    /** Their email as Webex reports it, lower-case, or "" when unknown. */
    String personEmail();

    /** The message id replies should thread under. */
    String threadId();
}

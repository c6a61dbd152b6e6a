package io.irflow.chat;

/** Answers one kind of card button press; returns what to post. */
@FunctionalInterface
public interface ActionHandler {

    /** Handles a press; authorise on the request's personId, never on its inputs. */
    Reply handle(CardActionRequest request);
}

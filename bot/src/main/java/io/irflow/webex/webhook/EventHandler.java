package io.irflow.webex.webhook;

import java.util.function.Consumer;

/** What the intake's workers run for each event, and how they tell an event that was answered before its claim lapsed. */
@FunctionalInterface
public interface EventHandler extends Consumer<WebhookEvent> {

    /**
     * Whether this event was answered already: asked before running an event a second time (its previous claim lapsed,
     * e.g. the instance holding it was killed after replying but before marking it done). False when it cannot tell.
     */
    default boolean answered(WebhookEvent event) {
        return false;
    }
}

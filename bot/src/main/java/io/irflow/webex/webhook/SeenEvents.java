package io.irflow.webex.webhook;

/**
 * Remembers which events were taken, so a redelivery (webhook retry, socket replay, REST catch-up) is handled once.
 * Webhook mode keeps a window in memory ({@link RecentEvents}); websocket mode keeps them in the database, so a restart
 * neither replays nor drops.
 */
public interface SeenEvents {

    /** Records the event and returns true the first time it is seen; false for a repeat. */
    boolean firstSight(WebhookEvent event);

    /** Forgets an event that could not be queued, so its redelivery is taken. */
    void forget(WebhookEvent event);

    /** Marks an event as processed (its handler ran, successfully or not). */
    default void done(WebhookEvent event) {
    }
}

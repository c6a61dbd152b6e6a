package io.irflow.webex.webhook;

import java.time.Duration;

/**
 * What {@link EventIntake} reports as it works, for {@code GET /metrics}. Every method does nothing by default, so
 * {@link #NONE} is the intake without metrics (tests, tools).
 */
public interface IntakeMetrics {
    /** No metrics. */
    IntakeMetrics NONE = new IntakeMetrics() {
    };

    /** An event was offered to the intake (a verified webhook delivery or a socket event), whatever became of it. */
    default void received() {
    }

    /** An event was dropped as a redelivery of one already taken. */
    default void duplicate() {
    }

    /** An event's handler finished (successfully or not), {@code sinceQueued} after it was handed to a worker. */
    default void processed(Duration sinceQueued) {
    }
}

package io.irflow.verify;

import java.time.Duration;

/**
 * Runs a task later: a scheduled executor in production; in tests one that moves a clock instead of sleeping, so a
 * two-minute deadline passes in milliseconds.
 */
@FunctionalInterface
public interface Timer {

    /** Runs {@code task} once, {@code delay} from now; never throws. */
    void after(Duration delay, Runnable task);

    /** On a scheduled executor. */
    static Timer on(java.util.concurrent.ScheduledExecutorService executor) {
        return (delay, task) -> executor.schedule(task, Math.max(0, delay.toMillis()),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}

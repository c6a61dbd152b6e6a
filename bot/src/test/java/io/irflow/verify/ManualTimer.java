package io.irflow.verify;

import io.irflow.testing.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Timer} that runs nothing by itself: the test runs the next task, and the clock moves by its delay. */
final class ManualTimer implements Timer {
    private record Task(Duration delay, Runnable run) {
    }

    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Duration> waited = new ArrayList<>();

    ManualTimer(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void after(Duration delay, Runnable task) {
        tasks.add(new Task(delay, task));
    }

    /** Moves the clock by the oldest task's delay and runs it; false when none is waiting. */
    boolean runNext() {
        Task t;
        synchronized (this) {
            if (tasks.isEmpty()) {
                return false;
            }
            t = tasks.remove(0);
        }
        clock.advance(t.delay());
        waited.add(t.delay());
        t.run().run();
        return true;
    }

    /** Runs tasks until none is left (at most {@code max}). */
    void runAll(int max) {
        for (int i = 0; i < max && runNext(); i++) {
            // keep going
        }
    }

    /** Drops every waiting task (an instance that stopped). */
    synchronized void drop() {
        tasks.clear();
    }

    synchronized int waiting() {
        return tasks.size();
    }

    /** The delays of the tasks run so far, in order. */
    List<Duration> waited() {
        return List.copyOf(waited);
    }
}

package io.irflow.webex.webhook;

import java.util.function.LongSupplier;

/**
 * Acknowledgements before processing: how many of the intake's workers may start a handler, adjusted every
 * {@link #WINDOW_NANOS} from how long deliveries waited for their commit.
 * <ul>
 *   <li>A window with no delivery: every worker may run (chat at human pace is never limited).</li>
 *   <li>A slow window (mean wait above twice the {@linkplain #baseline() quiet wait} plus {@link #SLOW_MARGIN_NANOS}):
 *   no new handler starts, except one every {@link #STARVE_NANOS} while none runs, so processing never stops.</li>
 *   <li>Any other window: one more may run.</li>
 * </ul>
 * Running handlers are never stopped; a worker over the limit waits before it starts its next event, which stays
 * durable and leased to this instance meanwhile.
 * <p>
 * Why: Webex counts slow or failed webhook answers toward disabling the webhook, and a delivery is only safe once it
 * is recorded, so recording what arrives wins over answering what is recorded already. On the 2-core benchmark
 * machine, 16 workers building replies beside 32 connections held the ack p99 at 118 ms, one worker at 44-66 ms
 * (BENCHMARKS.md). The quiet wait is learnt (the lowest window mean, drifting up by 1/1024 a window so a database that
 * became slower for good is relearnt in about a minute), so a database across a network, whose every commit takes
 * longer, does not count as a burst. When handlers mostly wait on the network, acknowledgements stay quick and
 * nothing is limited. An additive-increase controller in the manner of TCP's congestion window.
 */
final class AckFirstGate {
    /** The window over which acknowledgement waits are averaged: 50 ms. */
    static final long WINDOW_NANOS = 50_000_000L;
    /** Above twice the quiet wait plus this, a window is slow: 3 ms. */
    static final long SLOW_MARGIN_NANOS = 3_000_000L;
    /** While the limit is zero and no handler runs, one may still start this long after the last: 100 ms. */
    static final long STARVE_NANOS = 100_000_000L;

    private final int max;
    private final LongSupplier nanoTime;
    private int limit;
    private int running;
    private long lastStart;
    private long windowStart;
    private long windowAcks;
    private long windowWait;
    private long baseline = -1;

    /** @param max the number of workers: the limit when acknowledgements are quick */
    AckFirstGate(int max) {
        this(max, System::nanoTime);
    }

    AckFirstGate(int max, LongSupplier nanoTime) {
        if (max < 1) {
            throw new IllegalArgumentException("max " + max);
        }
        this.max = max;
        this.limit = max;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
        this.lastStart = windowStart - STARVE_NANOS;
    }

    /** A delivery waited {@code nanos} for its commit (or for being found a duplicate). */
    synchronized void acknowledged(long nanos) {
        roll();
        windowAcks++;
        windowWait += nanos;
    }

    /** Waits until a handler may start; false when interrupted (the caller gives the event back). */
    synchronized boolean enter() {
        roll();
        while (!mayStart()) {
            try {
                wait(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            roll();
        }
        running++;
        lastStart = nanoTime.getAsLong();
        return true;
    }

    private boolean mayStart() {
        return running < limit || (running == 0 && nanoTime.getAsLong() - lastStart >= STARVE_NANOS);
    }

    /** A handler finished. */
    synchronized void exit() {
        running--;
        notifyAll();
    }

    /** How many handlers may run now. */
    synchronized int limit() {
        roll();
        return limit;
    }

    /** The learnt quiet acknowledgement wait in nanoseconds, or -1 before the first delivery. */
    synchronized long baseline() {
        return baseline;
    }

    private void roll() {
        long now = nanoTime.getAsLong();
        if (now - windowStart < WINDOW_NANOS) {
            return;
        }
        int before = limit;
        if (windowAcks == 0) {
            limit = max;
        } else {
            long mean = windowWait / windowAcks;
            baseline = baseline < 0 ? mean : Math.min(mean, baseline + Math.max(1, baseline >> 10));
            if (mean > 2 * baseline + SLOW_MARGIN_NANOS) {
                limit = 0;
            } else {
                limit = Math.min(max, limit + 1);
            }
        }
        windowStart = now;
        windowAcks = 0;
        windowWait = 0;
        if (limit > before) {
            notifyAll();
        }
    }
}

package io.irflow.webex.webhook;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckFirstGateTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000_000 * MS);
    private final AckFirstGate gate = new AckFirstGate(16, now::get);

    /** One window of deliveries that each waited {@code waitMs}, then the window closes. */
    private void window(int acks, double waitMs) {
        for (int i = 0; i < acks; i++) {
            gate.acknowledged((long) (waitMs * MS));
        }
        now.addAndGet(AckFirstGate.WINDOW_NANOS);
    }

    @Test
    void everyWorkerRunsWhileAcknowledgementsAreQuick() {
        window(20, 1.0);
        window(20, 1.2);
        window(20, 0.9);
        assertEquals(16, gate.limit());
        assertEquals(900_000, gate.baseline());
    }

    @Test
    void aSlowWindowStopsNewHandlersAndOtherWindowsLetThemBackOneByOne() {
        window(20, 1.0);
        window(40, 12.0);
        assertEquals(0, gate.limit(), "mean 12 ms > 2 x 1 ms + 3 ms");
        window(40, 2.0);
        assertEquals(1, gate.limit());
        window(40, 2.0);
        assertEquals(2, gate.limit());
        window(40, 4.9);
        assertEquals(3, gate.limit(), "4.9 ms is not above 2 x 1 ms + 3 ms");
        window(40, 5.1);
        assertEquals(0, gate.limit());
    }

    @Test
    void aWindowWithoutDeliveriesFreesEveryWorker() {
        window(20, 1.0);
        window(40, 30.0);
        assertEquals(0, gate.limit());
        window(0, 0);
        assertEquals(16, gate.limit());
    }

    @Test
    void aDatabaseWhoseEveryCommitIsSlowIsNotABurst() {
        for (int i = 0; i < 5; i++) {
            window(20, 15.0); // a database across a network: 15 ms a commit, every time
        }
        assertEquals(16, gate.limit());
        window(20, 30.0);
        assertEquals(16, gate.limit(), "30 ms is not above 2 x 15 ms + 3 ms");
        window(20, 40.0);
        assertEquals(0, gate.limit());
    }

    @Test
    void theQuietWaitIsRelearntWhenTheDatabaseBecomesSlowerForGood() {
        window(20, 1.0);
        window(20, 8.0);
        assertEquals(0, gate.limit(), "8 ms after a quiet 1 ms: a burst");
        int windows = 1;
        while (gate.limit() == 0 && windows < 10_000) {
            window(20, 8.0);
            windows++;
        }
        // 1/1024 a window: from 1 ms to 2.5 ms (8 ms no longer above 2 x 2.5 ms + 3 ms) in about 940 windows (47 s)
        assertTrue(windows > 900 && windows < 1_000, windows + " windows");
        for (int i = 0; i < 15; i++) {
            window(20, 8.0);
        }
        assertEquals(16, gate.limit());
    }

    @Test
    void atZeroAHandlerStillStartsEveryHundredMillisecondsWhenNoneRuns() throws Exception {
        window(20, 1.0);
        window(40, 20.0);
        assertEquals(0, gate.limit());
        assertTrue(gate.enter(), "none started for 100 ms: one may");
        AtomicBoolean second = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            second.set(gate.enter());
            started.countDown();
        });
        t.start();
        assertFalse(started.await(200, TimeUnit.MILLISECONDS), "one runs: the next waits even after 100 ms");
        gate.exit();
        assertFalse(started.await(100, TimeUnit.MILLISECONDS), "none runs, but the last started under 100 ms ago");
        window(40, 20.0); // 50 ms later, still slow
        assertFalse(started.await(100, TimeUnit.MILLISECONDS), "50 ms since the last start");
        assertEquals(0, gate.limit());
        window(40, 20.0); // 100 ms since the last start
        assertTrue(started.await(2, TimeUnit.SECONDS));
        assertEquals(0, gate.limit());
        assertTrue(second.get());
        gate.exit();
    }

    @Test
    void aWaitingWorkerStartsOnceTheLimitRises() throws Exception {
        window(20, 1.0);
        window(40, 20.0);
        assertTrue(gate.enter()); // the starvation start
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            gate.enter();
            started.countDown();
        });
        t.start();
        assertFalse(started.await(100, TimeUnit.MILLISECONDS));
        window(0, 0); // no delivery for a window: every worker
        assertTrue(started.await(2, TimeUnit.SECONDS));
        assertEquals(16, gate.limit());
    }

    @Test
    void anInterruptedWaitGivesUp() throws Exception {
        window(20, 1.0);
        window(40, 20.0);
        assertTrue(gate.enter());
        AtomicBoolean entered = new AtomicBoolean(true);
        Thread t = new Thread(() -> entered.set(gate.enter()));
        t.start();
        Thread.sleep(50);
        t.interrupt();
        t.join(2_000);
        assertFalse(t.isAlive());
        assertFalse(entered.get());
    }
}

package io.irflow.adapters;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-product side-by-side calls: bounded, under one deadline per lookup, cancelled when abandoned. */
class ConcurrentCallsTest {
    private ConcurrentCalls calls;

    @AfterEach
    void close() {
        calls.close();
    }

    @Test
    void calls_run_side_by_side_up_to_the_products_limit_and_no_further() throws Exception {
        calls = new ConcurrentCalls("Product", 2, Duration.ofSeconds(10));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            List<ConcurrentCalls.Pending<Integer>> started = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                started.add(lookup.start(() -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    sleep(300);
                    inFlight.decrementAndGet();
                    return n;
                }));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(started.get(i).join()).isEqualTo(i);
            }
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void a_call_still_running_at_the_lookups_deadline_times_out_and_is_interrupted() throws Exception {
        calls = new ConcurrentCalls("Product", 2, Duration.ofMillis(300));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        long start = System.nanoTime();
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<String> slow = lookup.start(() -> {
                running.countDown();
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "late";
            });
            assertThat(running.await(2, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(slow::join).isInstanceOfSatisfying(AdapterException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).isEqualTo("Product did not answer in time");
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_000));
        assertThat(interrupted.await(2, TimeUnit.SECONDS)).as("the abandoned call was interrupted").isTrue();
    }

    @Test
    void the_deadline_is_shared_by_the_lookups_calls_not_given_to_each() throws Exception {
        calls = new ConcurrentCalls("Product", 4, Duration.ofMillis(600));
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<String> first = lookup.start(() -> {
                sleep(400);
                return "first";
            });
            ConcurrentCalls.Pending<String> second = lookup.start(() -> {
                sleep(1_000);
                return "second";
            });
            assertThat(first.join()).isEqualTo("first");
            long before = System.nanoTime();
            assertThatThrownBy(second::join).isInstanceOf(AdapterException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("only what was left of the 600 ms")
                    .isLessThan(Duration.ofMillis(450));
        }
    }

    @Test
    void a_calls_own_adapter_error_reaches_the_caller_unchanged() {
        calls = new ConcurrentCalls("Product", 2, Duration.ofSeconds(5));
        AdapterException refused = new AdapterException("Product", Kind.UNAUTHORIZED, "Product answered HTTP 401");
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<String> call = lookup.start(() -> {
                throw refused;
            });
            assertThatThrownBy(call::join).isSameAs(refused);
        }
    }

    @Test
    void closing_a_lookup_never_sends_its_queued_calls() throws Exception {
        calls = new ConcurrentCalls("Product", 1, Duration.ofSeconds(10));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger queuedRan = new AtomicInteger();
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            lookup.start(() -> {
                running.countDown();
                sleep(300);
                finished.countDown();
                return null;
            });
            lookup.start(() -> queuedRan.incrementAndGet());
            assertThat(running.await(2, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(finished.await(2, TimeUnit.SECONDS)).as("the call in flight is left to finish").isTrue();
        Thread.sleep(200);
        assertThat(queuedRan.get()).as("a queued call is never sent").isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

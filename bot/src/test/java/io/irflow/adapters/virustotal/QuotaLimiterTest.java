package io.irflow.adapters.virustotal;

import io.irflow.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));

    @Test
    void grants_the_permits_of_a_window_then_refuses_with_the_time_until_a_slot_frees() {
        QuotaLimiter limiter = new QuotaLimiter(4, Duration.ofMinutes(1), clock);

        for (int i = 0; i < 4; i++) {
            assertThat(limiter.tryAcquire()).isZero();
            clock.advance(Duration.ofSeconds(5));
        }

        assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void frees_slots_one_by_one_as_the_window_slides() {
        QuotaLimiter limiter = new QuotaLimiter(3, Duration.ofMinutes(1), clock);
        limiter.tryAcquire();
        clock.advance(Duration.ofSeconds(20));
        limiter.tryAcquire();
        clock.advance(Duration.ofSeconds(20));
        limiter.tryAcquire();
        clock.advance(Duration.ofSeconds(10));

        assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.tryAcquire()).isZero();
    }

    @Test
    void a_refused_attempt_does_not_use_up_a_slot() {
        QuotaLimiter limiter = new QuotaLimiter(1, Duration.ofMinutes(1), clock);
        limiter.tryAcquire();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire()).isPositive();
        }

        clock.advance(Duration.ofMinutes(1));

        assertThat(limiter.tryAcquire()).isZero();
    }

    @Test
    void grants_exactly_the_permits_when_many_threads_race() throws Exception {
        QuotaLimiter limiter = new QuotaLimiter(4, Duration.ofMinutes(1), clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            attempts.add(pool.submit(() -> {
                start.await();
                return limiter.tryAcquire().isZero();
            }));
        }
        start.countDown();
        int granted = 0;
        for (Future<Boolean> attempt : attempts) {
            granted += attempt.get(5, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(granted).isEqualTo(4);
    }

    @Test
    void rejects_a_limit_of_zero() {
        assertThatThrownBy(() -> new QuotaLimiter(0, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

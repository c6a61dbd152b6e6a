package io.irflow.investigate;

import io.irflow.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The rolling-hour count of fresh lookups per person. */
class FreshQuotaTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void each_person_has_their_own_hour_and_uses_age_out_one_by_one() {
        FreshQuota quota = new FreshQuota(3, clock);
        assertThat(quota.take("alice", 2).allowed()).isTrue();
        clock.advance(Duration.ofMinutes(20));
        assertThat(quota.take("alice", 1).allowed()).isTrue();
        assertThat(quota.take("bob", 3).allowed()).isTrue();

        FreshQuota.Decision refused = quota.take("alice", 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.used()).isEqualTo(3);
        assertThat(refused.nextAt()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));

        FreshQuota.Decision three = quota.take("alice", 3);
        assertThat(three.nextAt()).isEqualTo(Instant.parse("2026-12-01T11:20:00Z"));

        clock.advance(Duration.ofMinutes(40));
        assertThat(quota.take("alice", 2).allowed()).isTrue();
        assertThat(quota.take("alice", 1).allowed()).isFalse();
    }

    @Test
    void a_refused_request_is_not_counted() {
        FreshQuota quota = new FreshQuota(1, clock);
        assertThat(quota.take("alice", 1).allowed()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(quota.take("alice", 1).allowed()).isFalse();
        }
        clock.advance(Duration.ofHours(1));
        assertThat(quota.take("alice", 1).allowed()).isTrue();
    }

    @Test
    void more_than_the_limit_at_once_never_passes_and_zero_turns_fresh_off() {
        assertThat(new FreshQuota(2, clock).take("alice", 3)).satisfies(d -> {
            assertThat(d.allowed()).isFalse();
            assertThat(d.nextAt()).isNull();
        });
        assertThat(new FreshQuota(0, clock).take("alice", 1).allowed()).isFalse();
    }
}

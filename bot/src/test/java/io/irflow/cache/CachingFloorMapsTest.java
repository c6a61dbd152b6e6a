package io.irflow.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.FloorMaps;
import io.irflow.capabilities.Location;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Floor plans are asked once per floor and TTL, "no plan" too; failures are asked again. */
class CachingFloorMapsTest {
    private static final Location.Floor F3 = new Location.Floor("HQ", "B1", "F3", 10.0, 10.0, "f3.png");
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    /** Answers from a script, counting calls; an exception in the script is thrown. */
    private static final class Scripted implements FloorMaps {
        final Deque<Object> answers = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String source() {
            return "CMX";
        }

        @Override
        @SuppressWarnings("unchecked")
        public Optional<FloorPlan> plan(Location.Floor floor, Duration within) throws AdapterException {
            calls.incrementAndGet();
            Object next = answers.pop();
            if (next instanceof AdapterException e) {
                throw e;
            }
            return (Optional<FloorPlan>) next;
        }
    }

    @Test
    void a_plan_and_a_missing_plan_are_kept_for_the_ttl() throws Exception {
        Scripted cmx = new Scripted();
        cmx.answers.add(Optional.of(new FloorMaps.FloorPlan(new byte[]{1}, 10, 10)));
        cmx.answers.add(Optional.empty());
        CachingFloorMaps maps = new CachingFloorMaps(cmx, ticker);

        assertThat(maps.plan(F3, Duration.ofSeconds(1))).isPresent();
        assertThat(maps.plan(F3, Duration.ofSeconds(1))).isPresent();
        assertThat(cmx.calls).hasValue(1);

        nanos.addAndGet(CachingFloorMaps.TTL.toNanos() + 1);
        assertThat(maps.plan(F3, Duration.ofSeconds(1))).isEmpty();
        assertThat(maps.plan(F3, Duration.ofSeconds(1))).isEmpty();
        assertThat(cmx.calls).hasValue(2);
    }

    @Test
    void a_failure_is_not_kept() throws Exception {
        Scripted cmx = new Scripted();
        cmx.answers.add(new AdapterException("CMX", AdapterException.Kind.TIMEOUT, "slow"));
        cmx.answers.add(Optional.of(new FloorMaps.FloorPlan(new byte[]{1}, 10, 10)));
        CachingFloorMaps maps = new CachingFloorMaps(cmx, ticker);

        assertThatThrownBy(() -> maps.plan(F3, Duration.ofSeconds(1))).isInstanceOf(AdapterException.class);
        assertThat(maps.plan(F3, Duration.ofSeconds(1))).isPresent();
        assertThat(cmx.calls).hasValue(2);
    }
}

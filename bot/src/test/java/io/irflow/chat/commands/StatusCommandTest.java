package io.irflow.chat.commands;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Probe;
import io.irflow.cards.StatusCard;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /status} reuses its product probes for 30 s. */
class StatusCommandTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicInteger probes = new AtomicInteger();
    private final MessageRequest request = new MessageRequest("room", "direct", "m1", "m1", "p1", "alice@example.com",
            "status");

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private StatusCommand command(boolean reachable) {
        Probe amp = new Probe() {
            @Override
            public String source() {
                return "AMP for Endpoints";
            }

            @Override
            public void probe() throws AdapterException {
                probes.incrementAndGet();
                if (!reachable) {
                    throw new AdapterException(source(), AdapterException.Kind.UNAUTHORIZED, "401");
                }
            }
        };
        return new StatusCommand(List.of(amp), List.of(), List.of(), pool, clock, "test",
                () -> new StatusCard.Connection("webhook", "receiving", null, 0, "direct"));
    }

    private static String text(Reply reply) {
        return ((Reply.CardPart) reply.parts().get(0)).card().content().toString();
    }

    @Test
    void two_status_calls_within_30_s_probe_once_and_a_third_after_30_s_probes_again() {
        StatusCommand status = command(true);

        assertThat(text(status.handle(request, ""))).contains("AMP for Endpoints", "reachable");
        clock.advance(Duration.ofSeconds(29));
        assertThat(text(status.handle(request, ""))).contains("reachable");
        assertThat(probes).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        status.handle(request, "");
        assertThat(probes).hasValue(2);
    }

    @Test
    void a_failed_probe_is_cached_too_so_a_down_product_is_not_hammered() {
        StatusCommand status = command(false);

        for (int i = 0; i < 5; i++) {
            assertThat(text(status.handle(request, ""))).contains("refused credentials");
        }
        assertThat(probes).hasValue(1);
    }
}

package io.irflow.webex.socket;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket's default timings (docs/reference/webex.md#keep-alive, #reconnecting). */
class SocketSettingsTest {

    @Test
    void backoffDoublesFromOneSecondToThirtyTwo() {
        WebexSocket.Settings s = WebexSocket.Settings.defaults();
        assertThat(java.util.stream.IntStream.range(0, 8).mapToObj(s::backoff).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 32L, 32L);
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.pongTimeout()).isEqualTo(Duration.ofSeconds(14));
    }
}

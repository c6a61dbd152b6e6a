package io.irflow.sandbox;

import io.irflow.testing.ExternalAddress;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The demo's bot listens on its own port of loopback, apart from the chat page, and no other machine reaches it. */
class DemoLoopbackTest {

    @Test
    void the_demo_bot_binds_loopback_on_its_own_port() {
        try (Demo demo = Demo.start(0)) {
            int bot = demo.bot().port();
            assertThat(demo.bot().host()).isEqualTo("127.0.0.1");
            assertThat(bot).isNotEqualTo(demo.port());
            assertThat(ExternalAddress.accepts("127.0.0.1", bot)).isTrue();

            Optional<String> external = ExternalAddress.find();
            assumeTrue(external.isPresent(), "this machine has no non-loopback address to connect from");
            assertThat(ExternalAddress.accepts(external.get(), bot)).isFalse();
            assertThat(ExternalAddress.accepts(external.get(), demo.port())).isFalse();
        }
    }
}

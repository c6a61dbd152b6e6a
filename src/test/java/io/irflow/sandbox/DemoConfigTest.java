package io.irflow.sandbox;

import io.irflow.config.AppConfig;
import io.irflow.sandbox.sim.ProductSimulators;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The config the demo gives irflow: webhooks by default, the stand-in's event socket with {@code --websocket}. */
class DemoConfigTest {
    private static final String ROOT = "http://127.0.0.1:8080";
    private final DemoCredentials creds = DemoCredentials.forRun("s3cret");

    @Test
    void by_default_irflow_registers_signed_webhooks_at_its_public_url() {
        AppConfig c = config(false);

        assertThat(c.webex().mode()).isEqualTo(AppConfig.Webex.Mode.WEBHOOK);
        assertThat(c.server().publicUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(c.server().port()).isEqualTo(8081);
        assertThat(c.webex().webhookSecret().reveal()).isEqualTo("s3cret");
        assertThat(c.webex().url()).isEqualTo(ROOT + "/webex/v1");
    }

    @Test
    void with_websocket_irflow_finds_the_stand_ins_catalog_and_needs_no_public_url_or_secret() {
        AppConfig c = config(true);

        assertThat(c.webex().mode()).isEqualTo(AppConfig.Webex.Mode.WEBSOCKET);
        assertThat(c.webex().u2cUrl()).isEqualTo(ROOT + "/u2c/api/v1");
        assertThat(c.webex().url()).isEqualTo(ROOT + "/webex/v1");
        assertThat(c.server().publicUrl()).isNull();
        assertThat(c.webex().webhookSecret()).isNull();
        assertThat(c.webex().token().reveal()).isEqualTo(creds.webexToken());
    }

    @Test
    void alice_and_bob_are_responders_and_carol_is_an_analyst_only() {
        io.irflow.chat.Access access = io.irflow.chat.Access.from(config(false).security());

        assertThat(access.roleOf("alice@acme.example")).contains(io.irflow.chat.Role.RESPONDER);
        assertThat(access.roleOf("bob@acme.example")).contains(io.irflow.chat.Role.RESPONDER);
        assertThat(access.roleOf("carol@acme.example")).contains(io.irflow.chat.Role.ANALYST);
        assertThat(access.roleOf("mallory@evil.example")).isEmpty();
        assertThat(config(false).webex().irtRoom()).isEqualTo("irt-room");
    }

    private AppConfig config(boolean websocket) {
        return Demo.config(ROOT, 8081, websocket, Company.acme(), creds, "irt-room", ProductSimulators.baseUrls(ROOT));
    }
}

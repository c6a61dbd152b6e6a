package io.irflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.cards.Card;
import io.irflow.testing.CardValidator;
import io.irflow.testing.Fixtures;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.irflow.testing.EventChannel;
import io.irflow.testing.EventChannel.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A signed delivery into the running server, Webex stubbed: what the bot fetched and what it posted back. The
 * conversation tests run twice: once with webhooks, once with the same events arriving on the event socket
 * ({@code webex.mode: websocket}); the answers must not differ.
 */
class WebhookEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private AppWiring.Bot bot;
    private EventChannel channel;
    private String url;

    void start(Mode mode) {
        webex.bot("irflow");
        channel = EventChannel.open(mode);
        bot = channel.start(channel.config(webex.url(), ""), TestConfigs.fastTuning());
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        wm.resetRequests();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (channel != null) {
            channel.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void help_message_is_fetched_and_answered_with_a_help_card_in_the_same_room_and_thread(Mode mode) {
        start(mode);
        String id = "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvaGVscC0x";
        webex.message("capture-message-direct-user.json", id, "direct", "help");

        assertThat(channel.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> webex.posted().size() == 1);
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/messages/" + id)));
        JsonNode reply = webex.posted().get(0);
        assertThat(reply.path("roomId").asText()).isEqualTo(WebexStub.ROOM);
        assertThat(reply.path("parentId").asText()).isEqualTo(id);
        JsonNode card = reply.path("attachments").get(0);
        assertThat(card.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(Fixtures.write(card.path("content"))).contains("/help");
        CardValidator.assertValid(new Card((ObjectNode) card.path("content"), reply.path("markdown").asText()));
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/v1/messages/" + id)).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer test-token")))).hasSize(1);
    }

    @Test
    void wrong_or_missing_signature_gets_401_and_no_webex_call() {
        start(Mode.WEBHOOK);
        byte[] body = Fixtures.write(SignedWebhooks.message("Y2lzY29zcGFyazovL3VzL01FU1NBR0UveA", WebexStub.ROOM,
                "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL)).getBytes(StandardCharsets.UTF_8);

        assertThat(webhooks.post(url, body, "0".repeat(40))).isEqualTo(401);
        assertThat(webhooks.post(url, body, null)).isEqualTo(401);
        assertThat(webhooks.post(url, body, new SignedWebhooks("other-secret").sign(body))).isEqualTo(401);

        sleep(300);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_same_delivery_three_times_is_answered_once(Mode mode) {
        start(mode);
        String id = "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvaGVscC0y";
        webex.message("capture-message-direct-user.json", id, "direct", "help");
        for (int i = 0; i < 3; i++) {
            assertThat(channel.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL)).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> webex.posted().size() >= 1);
        sleep(300);
        assertThat(webex.posted()).hasSize(1);
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/messages/" + id)));
    }

    @Test
    void the_bots_own_message_is_ignored_without_any_webex_call() {
        start(Mode.WEBHOOK);
        ObjectNode env = Fixtures.json("fixtures/webex/webhooks/capture-envelope-messages-created-group-thread-from-bot-itself.json");

        assertThat(webhooks.deliver(url, env)).isEqualTo(200);

        sleep(300);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void group_mention_with_a_multi_word_non_ascii_name_is_stripped_before_routing(Mode mode) {
        start(mode);
        String id = "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvZ3JvdXAtMQ";
        ObjectNode m = webex.message("capture-message-group-bot-mention-item.json", id, "group", "Sécurité Ünïcode Bot HELP");
        m.put("html", "<p><spark-mention data-object-type=\"person\" data-object-id=\"" + WebexStub.BOT_ID
                + "\">Sécurité Ünïcode Bot</spark-mention> HELP</p>");
        webex.stub(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/messages/" + id)), m);

        channel.message(id, WebexStub.ROOM, "group", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL);

        await().atMost(Duration.ofSeconds(5)).until(() -> webex.posted().size() == 1);
        assertThat(webex.posted().get(0).path("attachments").get(0).path("content").toString()).contains("/help");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unknown_command_gets_the_closest_known_command(Mode mode) {
        start(mode);
        String id = "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvdHlwbw";
        webex.message("capture-message-direct-user.json", id, "direct", "/hlep me");

        channel.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL);

        await().atMost(Duration.ofSeconds(5)).until(() -> webex.posted().size() == 1);
        assertThat(webex.posted().get(0).path("markdown").asText()).contains("Did you mean **/help**");
    }

    @Test
    void oversize_body_gets_413_and_malformed_json_gets_400() {
        start(Mode.WEBHOOK);
        byte[] big = ("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(webhooks.post(url, big, webhooks.sign(big))).isEqualTo(413);

        byte[] broken = "{\"resource\": \"messages\", ".getBytes(StandardCharsets.UTF_8);
        assertThat(webhooks.post(url, broken, webhooks.sign(broken))).isEqualTo(400);

        sleep(200);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_bots_own_message_in_either_mode_is_ignored_without_any_webex_call(Mode mode) {
        start(mode);

        assertThat(channel.message("Y2lzY29zcGFyazovL3VzL01FU1NBR0Uvb3duLTE", WebexStub.ROOM, "group", WebexStub.BOT_ID,
                WebexStub.BOT_EMAIL)).isEqualTo(200);

        sleep(300);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void in_websocket_mode_the_webhook_endpoint_takes_nothing_even_correctly_signed() {
        start(Mode.WEBSOCKET);
        String id = "Y2lzY29zcGFyazovL3VzL01FU1NBR0Uvd2gtMQ";
        webex.message("capture-message-direct-user.json", id, "direct", "help");

        assertThat(webhooks.deliver(url, SignedWebhooks.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL))).isEqualTo(404);

        sleep(300);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_connection_state_shows_when_the_last_event_arrived(Mode mode) throws Exception {
        start(mode);
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + bot.port() + "/connection")).build();
        assertThat(client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body())
                .doesNotContain("lastEvent");
        String id = "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvbGFzdC0x";
        webex.message("capture-message-direct-user.json", id, "direct", "help");

        channel.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL);

        await().atMost(Duration.ofSeconds(5)).until(() -> webex.posted().size() == 1);
        assertThat(client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body())
                .containsPattern("\"lastEvent\":\"20\\d\\d-");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void healthz_answers_while_running(Mode mode) throws Exception {
        start(mode);
        var client = java.net.http.HttpClient.newHttpClient();
        var res = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + bot.port() + "/healthz")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        var ready = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + bot.port() + "/readyz")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"webex\":\"ok\"");
        var connection = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + bot.port() + "/connection")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(connection.body()).contains("\"mode\":\"" + mode.name().toLowerCase() + "\"", "\"proxy\":\"direct\"");
        if (mode == Mode.WEBSOCKET) {
            assertThat(ready.body()).contains("\"webex_socket\":\"ok\"");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

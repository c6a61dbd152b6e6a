package io.irflow.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running bot in webhook mode with {@code server.public_url}: registrations that are fine at start-up are left
 * alone, and once Webex disables one the watchdog (every {@link Tuning#webhookCheck()}) re-activates it and warns the
 * response room.
 */
class WebhookWatchdogEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    private static final String PUBLIC_URL = "https://irflow.example.com";
    private static final String TARGET = PUBLIC_URL + HttpServer.WEBHOOK_PATH;

    private final WebexStub webex = new WebexStub(wm);
    private AppWiring.Bot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private static void listed(String messagesStatus) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode items = page.putArray("items");
        items.add(hook("m1", "messages", messagesStatus));
        items.add(hook("a1", "attachmentActions", "active"));
        wm.stubFor(get(urlPathEqualTo("/v1/webhooks")).willReturn(okJson(Fixtures.write(page))));
    }

    private static ObjectNode hook(String id, String resource, String status) {
        ObjectNode h = (ObjectNode) Fixtures.json("fixtures/webex/webhook-registrations/openapi-list-webhooks.json")
                .get("items").get(0).deepCopy();
        h.put("id", id).put("name", "irflow " + resource).put("targetUrl", TARGET).put("resource", resource)
                .put("event", "created").put("status", status).put("secret", TestConfigs.SECRET);
        h.remove("filter");
        return h;
    }

    @Test
    void a_webhook_webex_disables_while_the_bot_runs_is_reactivated_and_the_room_warned() throws Exception {
        webex.bot("irflow");
        wm.stubFor(any(urlPathMatching("/v1/webhooks/.+")).willReturn(okJson(
                Fixtures.text("fixtures/webex/webhook-registrations/openapi-create-webhook-response.json"))));
        listed("active");
        String yaml = """
                server:
                  port: 0
                  public_url: "%s"
                webex:
                  url: "%s"
                  token: "test-token"
                  webhook_secret: "%s"
                  irt_room: "%s"
                security:
                  responders: ["alice@example.com"]
                storage:
                  url: "%s"
                """.formatted(PUBLIC_URL, webex.url(), TestConfigs.SECRET, WebexStub.ROOM, TestConfigs.memoryDatabase());
        bot = AppWiring.start(Products.configLoader(Map.of()).parse(yaml),
                TestConfigs.fastTuning().withWebhookCheck(Duration.ofMillis(300)));
        Thread.sleep(700);
        wm.verify(0, putRequestedFor(urlPathMatching("/v1/webhooks/.*")));
        assertThat(webex.posted()).isEmpty();

        listed("inactive");

        await().atMost(Duration.ofSeconds(5)).until(() -> !webex.posted().isEmpty());
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/webhooks/m1")).withRequestBody(equalToJson(
                "{\"name\":\"irflow messages\",\"targetUrl\":\"" + TARGET + "\",\"secret\":\"" + TestConfigs.SECRET
                        + "\",\"status\":\"active\"}")));
        assertThat(webex.posted().get(0).path("roomId").asText()).isEqualTo(WebexStub.ROOM);
        assertThat(webex.posted().get(0).path("markdown").asText()).contains("Webhook warning",
                "re-activated the messages/created webhook");
    }
}

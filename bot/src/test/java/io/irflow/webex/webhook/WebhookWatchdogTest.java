package io.irflow.webex.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook watchdog against a stubbed Webex: a registration Webex disabled is re-activated with
 * {@code PUT status: active} and the response room is warned; a missing one is re-created; all active means no writes.
 */
class WebhookWatchdogTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    private static final String TARGET = "https://bot.example.com/webhooks/webex";
    private static final String SECRET = "s3cret";
    private static final String ROOM = "Y2lzY29zcGFyazovL3VzL1JPT00vcmVzcG9uc2Utcm9vbQ";

    private WebexClient webex;
    private WebhookWatchdog watchdog;

    @BeforeEach
    void setUp() {
        webex = new WebexClient(wm.baseUrl() + "/v1", "t", new RetryPolicy(0, Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        watchdog = new WebhookWatchdog(webex, TARGET, SECRET, ROOM);
        String registration = Fixtures.text("fixtures/webex/webhook-registrations/openapi-create-webhook-response.json");
        wm.stubFor(post(urlPathEqualTo("/v1/webhooks")).willReturn(okJson(registration)));
        wm.stubFor(any(urlPathMatching("/v1/webhooks/.+")).willReturn(okJson(registration)));
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson(
                Fixtures.text("fixtures/webex/messages/capture-message-direct-bot-reply-threaded.json"))));
    }

    @AfterEach
    void tearDown() {
        webex.close();
    }

    private void listed(ObjectNode... hooks) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode items = page.putArray("items");
        for (ObjectNode h : hooks) {
            items.add(h);
        }
        wm.stubFor(get(urlPathEqualTo("/v1/webhooks")).willReturn(okJson(Fixtures.write(page))));
    }

    /** A registration as Webex lists it (the OpenAPI example), with our name, target, secret and a status. */
    private static ObjectNode hook(String id, String resource, String status) {
        ObjectNode h = (ObjectNode) Fixtures.json("fixtures/webex/webhook-registrations/openapi-list-webhooks.json")
                .get("items").get(0).deepCopy();
        h.put("id", id).put("name", "irflow " + resource).put("targetUrl", TARGET).put("resource", resource)
                .put("event", "created").put("status", status).put("secret", SECRET);
        h.remove("filter");
        return h;
    }

    private static List<JsonNode> posted() {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).stream()
                .map(r -> {
                    try {
                        return Json.mapper().readTree(r.getBodyAsString());
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    @Test
    void a_registration_webex_disabled_is_reactivated_and_the_response_room_is_warned() {
        listed(hook("m1", "messages", "inactive"), hook("a1", "attachmentActions", "active"));

        watchdog.run();

        wm.verify(1, putRequestedFor(urlPathEqualTo("/v1/webhooks/m1")).withRequestBody(equalToJson(
                "{\"name\":\"irflow messages\",\"targetUrl\":\"" + TARGET + "\",\"secret\":\"" + SECRET
                        + "\",\"status\":\"active\"}")));
        wm.verify(0, putRequestedFor(urlPathEqualTo("/v1/webhooks/a1")));
        wm.verify(0, postRequestedFor(urlPathEqualTo("/v1/webhooks")));
        wm.verify(0, deleteRequestedFor(urlPathMatching("/v1/webhooks/.*")));
        assertThat(posted()).hasSize(1);
        JsonNode warning = posted().get(0);
        assertThat(warning.path("roomId").asText()).isEqualTo(ROOM);
        assertThat(warning.path("markdown").asText()).contains("re-activated the messages/created webhook",
                "Webex had disabled");
        assertThat(warning.toString()).doesNotContain(SECRET);
    }

    @Test
    void all_registrations_active_means_no_writes_and_no_warning() {
        listed(hook("m1", "messages", "active"), hook("a1", "attachmentActions", "active"));

        watchdog.run();
        watchdog.run();

        wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/webhooks")));
        wm.verify(0, putRequestedFor(urlPathMatching("/v1/webhooks/.*")));
        wm.verify(0, postRequestedFor(urlPathMatching("/v1/.*")));
        wm.verify(0, deleteRequestedFor(urlPathMatching("/v1/.*")));
    }

    @Test
    void a_missing_registration_is_recreated_and_the_response_room_is_warned() {
        listed(hook("m1", "messages", "active"));

        watchdog.run();

        wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/webhooks")).withRequestBody(equalToJson(
                "{\"name\":\"irflow attachmentActions\",\"targetUrl\":\"" + TARGET
                        + "\",\"resource\":\"attachmentActions\",\"event\":\"created\",\"secret\":\"" + SECRET + "\"}")));
        wm.verify(0, putRequestedFor(urlPathMatching("/v1/webhooks/.*")));
        assertThat(posted()).singleElement().satisfies(m -> assertThat(m.path("markdown").asText())
                .contains("re-created the missing attachmentActions/created webhook"));
    }

    @Test
    void webex_failing_the_listing_ends_the_run_quietly_and_the_next_run_repairs() {
        wm.stubFor(get(urlPathEqualTo("/v1/webhooks")).willReturn(aResponse().withStatus(500)));

        watchdog.run();

        wm.verify(0, putRequestedFor(urlPathMatching("/v1/webhooks/.*")));
        assertThat(posted()).isEmpty();

        listed(hook("m1", "messages", "active"), hook("a1", "attachmentActions", "inactive"));
        watchdog.run();
        wm.verify(1, putRequestedFor(urlPathEqualTo("/v1/webhooks/a1")));
        assertThat(posted()).hasSize(1);
    }
}

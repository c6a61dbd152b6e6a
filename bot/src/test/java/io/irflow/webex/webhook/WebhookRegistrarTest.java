package io.irflow.webex.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookRegistrarTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    static final String TARGET = "https://bot.example.com/webhooks/webex";

    private WebhookRegistrar registrar;

    @BeforeEach
    void setUp() {
        registrar = new WebhookRegistrar(new WebexClient(wm.baseUrl() + "/v1", "t",
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(2))));
        wm.stubFor(post(urlPathEqualTo("/v1/webhooks")).willReturn(okJson(
                Fixtures.text("fixtures/webex/webhook-registrations/openapi-create-webhook-response.json"))));
        wm.stubFor(any(urlPathMatching("/v1/webhooks/.+")).willReturn(aResponse().withStatus(200).withHeader(
                "Content-Type", "application/json").withBody(
                Fixtures.text("fixtures/webex/webhook-registrations/openapi-create-webhook-response.json"))));
    }

    private void existing(ObjectNode... hooks) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode items = page.putArray("items");
        for (ObjectNode h : hooks) {
            items.add(h);
        }
        wm.stubFor(get(urlPathEqualTo("/v1/webhooks")).willReturn(okJson(Fixtures.write(page))));
    }

    private static ObjectNode hook(String id, String name, String target, String resource, String status, String secret) {
        ObjectNode h = (ObjectNode) Fixtures.json("fixtures/webex/webhook-registrations/openapi-list-webhooks.json")
                .get("items").get(0).deepCopy();
        h.put("id", id).put("name", name).put("targetUrl", target).put("resource", resource).put("event", "created")
                .put("status", status).put("secret", secret);
        h.remove("filter");
        return h;
    }

    @Test
    void creates_both_registrations_when_none_exist() {
        existing();

        var result = registrar.ensure(TARGET, "s3cret");

        assertThat(result.created()).isEqualTo(2);
        wm.verify(postRequestedFor(urlPathEqualTo("/v1/webhooks")).withRequestBody(equalToJson(
                "{\"name\":\"irflow messages\",\"targetUrl\":\"" + TARGET + "\",\"resource\":\"messages\",\"event\":\"created\",\"secret\":\"s3cret\"}")));
        wm.verify(postRequestedFor(urlPathEqualTo("/v1/webhooks")).withRequestBody(equalToJson(
                "{\"name\":\"irflow attachmentActions\",\"targetUrl\":\"" + TARGET + "\",\"resource\":\"attachmentActions\",\"event\":\"created\",\"secret\":\"s3cret\"}")));
    }

    @Test
    void keeps_correct_ones_updates_a_moved_one_and_reactivates_a_disabled_one() {
        existing(hook("m1", "irflow messages", "https://old.example.com/webhooks/webex", "messages", "active", "s3cret"),
                hook("a1", "irflow attachmentActions", TARGET, "attachmentActions", "inactive", "s3cret"));

        var result = registrar.ensure(TARGET, "s3cret");

        assertThat(result.updated()).isEqualTo(2);
        assertThat(result.created()).isZero();
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/webhooks/m1")).withRequestBody(equalToJson(
                "{\"name\":\"irflow messages\",\"targetUrl\":\"" + TARGET + "\",\"secret\":\"s3cret\",\"status\":\"active\"}")));
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/webhooks/a1")).withRequestBody(equalToJson(
                "{\"name\":\"irflow attachmentActions\",\"targetUrl\":\"" + TARGET + "\",\"secret\":\"s3cret\",\"status\":\"active\"}")));
        wm.verify(0, postRequestedFor(urlPathEqualTo("/v1/webhooks")));
    }

    @Test
    void deletes_duplicates_and_stale_irflow_registrations_and_leaves_others_alone() {
        existing(hook("m1", "irflow messages", TARGET, "messages", "active", "s3cret"),
                hook("m2", "irflow messages", TARGET, "messages", "active", "s3cret"),
                hook("a1", "irflow attachmentActions", TARGET, "attachmentActions", "active", "s3cret"),
                hook("x1", "irflow memberships", "https://old.example.com/hook", "memberships", "active", "s3cret"),
                hook("o1", "someone else's", "https://other.example.com/hook", "messages", "active", "zzz"));

        var result = registrar.ensure(TARGET, "s3cret");

        assertThat(result.kept()).isEqualTo(2);
        assertThat(result.deleted()).isEqualTo(2);
        wm.verify(deleteRequestedFor(urlPathEqualTo("/v1/webhooks/m2")));
        wm.verify(deleteRequestedFor(urlPathEqualTo("/v1/webhooks/x1")));
        wm.verify(0, deleteRequestedFor(urlPathEqualTo("/v1/webhooks/o1")));
        wm.verify(0, putRequestedFor(urlPathMatching("/v1/webhooks/.*")));
    }

    @Test
    void a_changed_secret_is_updated() {
        existing(hook("m1", "irflow messages", TARGET, "messages", "active", "old"),
                hook("a1", "irflow attachmentActions", TARGET, "attachmentActions", "active", "s3cret"));

        var result = registrar.ensure(TARGET, "s3cret");

        assertThat(result.updated()).isEqualTo(1);
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/webhooks/m1")));
    }
}

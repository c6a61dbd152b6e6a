package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.sandbox.SandboxServer;
import io.irflow.json.Json;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.irflow.webex.webhook.SignatureVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.sandbox.webex.Api.assertShapeLike;
import static io.irflow.sandbox.webex.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks leave the stand-in signed, reduced and in Webex's envelope; card presses merge inputs with button data. */
class WebhookDeliveryTest {
    @RegisterExtension
    static WireMockExtension target = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SECRET = "webhook-secret-for-tests";
    private final DemoCredentials creds = DemoCredentials.forRun(SECRET);
    private final WebexStandIn webex = new WebexStandIn(Company.acme(), creds, Clock.systemUTC());
    private final ChatPage page = new ChatPage(webex);
    private SandboxServer server;
    private Api api;

    @BeforeEach
    void start() {
        server = new SandboxServer(0, List.of(webex, page));
        api = new Api("http://127.0.0.1:" + server.port() + WebexStandIn.PREFIX, creds.webexToken());
        target.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
        for (String resource : new String[]{"messages", "attachmentActions"}) {
            assertThat(api.post("/webhooks", body("name", "irflow " + resource, "targetUrl", target.baseUrl() + "/hook",
                    "resource", resource, "event", "created", "secret", SECRET)).status()).isEqualTo(200);
        }
    }

    @AfterEach
    void stop() {
        server.close();
        page.close();
        webex.close();
    }

    @Test
    void a_direct_message_is_delivered_signed_with_the_reduced_data_and_no_text() throws IOException {
        String room = page.rooms(webex.state().personByEmail("alice@acme.example").orElseThrow()).get(1).id();
        var m = page.post(new ChatPage.Post(room, "alice@acme.example", "help", null, null));

        LoggedRequest req = awaitDeliveries(1).get(0);
        assertThat(new SignatureVerifier(SECRET).verify(req.getBody(), req.getHeader("X-Spark-Signature"))).isTrue();
        JsonNode env = Json.mapper().readTree(req.getBody());
        assertShapeLike(env, "webhooks/capture-envelope-messages-created-direct-from-user.json", "id", "name", "targetUrl",
                "resource", "event", "orgId", "createdBy", "appId", "ownedBy", "status", "created", "actorId", "data");
        assertThat(env.path("resource").asText()).isEqualTo("messages");
        assertThat(env.path("actorId").asText()).isEqualTo(m.personId());
        assertThat(env.path("data").path("id").asText()).isEqualTo(m.id());
        assertThat(env.path("data").path("roomType").asText()).isEqualTo("direct");
        assertThat(env.path("data").has("text")).isFalse();
        assertThat(env.has("secret")).isFalse();
    }

    @Test
    void in_the_group_room_only_messages_that_mention_the_bot_and_the_bots_own_are_delivered() throws IOException {
        page.post(new ChatPage.Post(webex.irtRoomId(), "bob@acme.example", "coffee anyone?", null, false));
        var mention = page.post(new ChatPage.Post(webex.irtRoomId(), "bob@acme.example", "@irflow status", null, null));
        api.post("/messages", body("roomId", webex.irtRoomId(), "parentId", mention.id(), "markdown", "ok"));

        List<LoggedRequest> got = awaitDeliveries(2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> deliveries().size() == 2);
        JsonNode first = Json.mapper().readTree(got.get(0).getBody());
        JsonNode second = Json.mapper().readTree(got.get(1).getBody());
        assertThat(first.path("data").path("id").asText()).isEqualTo(mention.id());
        assertThat(second.path("actorId").asText()).isEqualTo(webex.botId());
        assertShapeLike(second, "webhooks/capture-envelope-messages-created-group-thread-from-bot-itself.json", "data");
        assertThat(second.path("data").path("parentId").asText()).isEqualTo(mention.id());
    }

    @Test
    void a_card_press_merges_inputs_with_the_button_data_which_wins_and_is_delivered_without_inputs() throws IOException {
        Map<String, Object> card = Map.of("type", "AdaptiveCard", "version", "1.3", "body",
                List.of(Map.of("type", "Input.Text", "id", "comment")), "actions",
                List.of(Map.of("type", "Action.Submit", "title", "Quarantine", "data", Map.of("action", "quarantine", "host", "WKS-FIN-042"))));
        JsonNode msg = api.post("/messages", body("roomId", webex.irtRoomId(), "markdown", "card",
                "attachments", List.of(Map.of("contentType", "application/vnd.microsoft.card.adaptive", "content", card)))).body();
        awaitDeliveries(1);
        target.resetRequests();

        var action = page.press(new ChatPage.Press(msg.path("id").asText(), "alice@acme.example",
                Map.of("comment", "looks bad", "action", "input-value"), Map.of("action", "quarantine", "host", "WKS-FIN-042")));

        JsonNode fetched = api.get("/attachment/actions/" + action.id()).body();
        assertShapeLike(fetched, "attachment-actions/capture-attachment-action-form-submit-merged-inputs.json", "id", "type",
                "messageId", "inputs", "personId", "roomId", "created");
        assertThat(Json.mapper().convertValue(fetched.path("inputs"), Map.class))
                .isEqualTo(Map.of("comment", "looks bad", "action", "quarantine", "host", "WKS-FIN-042"));
        LoggedRequest req = awaitDeliveries(1).get(0);
        assertThat(new SignatureVerifier(SECRET).verify(req.getBody(), req.getHeader("X-Spark-Signature"))).isTrue();
        JsonNode env = Json.mapper().readTree(req.getBody());
        assertShapeLike(env, "webhooks/capture-envelope-attachmentActions-created.json", "resource", "data");
        assertThat(env.path("data").path("id").asText()).isEqualTo(action.id());
        assertThat(env.path("data").has("inputs")).isFalse();
        assertThat(page.press(new ChatPage.Press(msg.path("id").asText(), "carol@acme.example", Map.of(), Map.of())).id())
                .isNotEqualTo(action.id());
    }

    @Test
    void a_503_while_the_bot_starts_is_retried_until_it_is_accepted() {
        target.stubFor(post("/hook").inScenario("starting").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        target.stubFor(post("/hook").inScenario("starting").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ready"));
        target.stubFor(post("/hook").inScenario("starting").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200)));
        String room = page.rooms(webex.state().personByEmail("bob@acme.example").orElseThrow()).get(1).id();
        page.post(new ChatPage.Post(room, "bob@acme.example", "help", null, null));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries().size() == 3);
        List<LoggedRequest> all = deliveries();
        assertThat(all.get(0).getBodyAsString()).isEqualTo(all.get(2).getBodyAsString());
    }

    private List<LoggedRequest> awaitDeliveries(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries().size() >= n);
        return deliveries();
    }

    private static List<LoggedRequest> deliveries() {
        return target.findAll(postRequestedFor(urlEqualTo("/hook")));
    }
}

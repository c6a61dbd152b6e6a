package io.irflow.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.servicenow.ServiceNowConfig;
import io.irflow.adapters.servicenow.ServiceNowTicketing;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.config.AppConfig;
import io.irflow.json.Json;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the incident end-to-end tests share: the infected host's AMP event served by WireMock, and reading what the bot
 * posted to (stubbed) Webex — cards validated against the schema, uploaded report files.
 */
final class IncidentWire {
    static final String EVENTS = "/amp/v1/events";

    private IncidentWire() {
    }

    /**
     * The bot as the incident tests run it: alice a responder, bob the incidents' responder, ServiceNow on WireMock,
     * and with {@code alerts} every product stubbed and AMP polled every second.
     */
    static AppWiring.Bot start(WireMockExtension wm, WebexStub webex, boolean alerts) {
        String products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).yaml();
        AppConfig config = TestConfigs.bot(webex.url(), """
                lookups:
                  timeout: 2s
                  deadline: 3s
                security:
                  responders: ["alice@example.com"]
                  analysts: ["jane.doe@example.com"]
                incidents:
                  responders: ["bob@example.com"]
                """ + (alerts ? """
                alerts:
                  poll_interval: 1s
                  posts_per_second: 50
                """ + products : ""));
        ServiceNowTicketing snow = new ServiceNowTicketing(ServiceNowConfig.basic(new HttpSettings(wm.baseUrl(),
                Duration.ofSeconds(2), Duration.ofMillis(1000), null, true), "svc_webex_bot", "not-a-real-password",
                new ServiceNowConfig.TicketDefaults(null, null, "security", "malware", null)));
        return AppWiring.start(config, TestConfigs.fastTuning(), snow);
    }

    /** An "Executed malware" event on the harness's infected host a minute ago, from the authored AMP sample. */
    static ObjectNode executedMalware(long id) {
        Instant at = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ObjectNode e = (ObjectNode) Fixtures.json("fixtures/amp/events-executed-malware-1107296272-authored.json")
                .get("data").get(0).deepCopy();
        e.put("id", id).put("timestamp", at.getEpochSecond())
                .put("date", OffsetDateTime.ofInstant(at, ZoneOffset.UTC).toString())
                .put("event_type", "Executed malware").put("connector_guid", ProductStubs.HOST_GUID);
        ObjectNode c = (ObjectNode) e.get("computer");
        c.put("connector_guid", ProductStubs.HOST_GUID).put("hostname", ProductStubs.HOST_NAME_IN_AMP);
        ((ObjectNode) c.get("network_addresses").get(0)).put("ip", ProductStubs.HOST_IP).put("mac", ProductStubs.HOST_MAC);
        ((ObjectNode) e.get("file").get("identity")).put("sha256", ProductStubs.SHA256);
        return e;
    }

    /** AMP's event list answers with this one event (one page, as AMP shapes it). */
    static void serveEvent(WireMockExtension wm, ObjectNode event) {
        ObjectNode page = Json.mapper().createObjectNode().put("version", "v1.2.0");
        page.putObject("metadata").putObject("results").put("total", 1).put("current_item_count", 1).put("index", 0)
                .put("items_per_page", 500);
        ((ObjectNode) page.get("metadata")).putObject("links").put("self", wm.baseUrl() + EVENTS);
        ArrayNode data = page.putArray("data");
        data.add(event);
        wm.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).withQueryParam("event_type[]", matching(".+"))
                .willReturn(okJson(Fixtures.write(page))));
    }

    /** Webex answers GET /v1/messages/{id} with a group-room message from the harness's analyst. */
    static void stubMessage(WebexStub webex, String id, String roomId, String text) {
        ObjectNode m = webex.message("capture-message-direct-user.json", id, "group", text);
        m.put("roomId", roomId);
        webex.stub(get(urlPathEqualTo("/v1/messages/" + id)), m);
    }

    /** Webex answers GET /v1/attachment/actions/{id} with a button press by {@code person} carrying {@code inputs}. */
    static void stubCardAction(WebexStub webex, String id, String message, String roomId, String person, JsonNode inputs) {
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", message).put("personId", person).put("roomId", roomId);
        a.set("inputs", inputs.deepCopy());
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
    }

    /** Message posts with a file (multipart), as Webex takes uploads. */
    static List<LoggedRequest> multipartPosts(WireMockExtension wm) {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).stream()
                .filter(r -> String.valueOf(r.getHeader("Content-Type")).contains("multipart")).toList();
    }

    /** The body of the uploaded file whose name contains {@code name}. */
    static String reportFile(WireMockExtension wm, String name) {
        for (LoggedRequest r : multipartPosts(wm)) {
            for (Request.Part p : r.getParts()) {
                if ("files".equals(p.getName()) && String.valueOf(p.getHeader("Content-Disposition").firstValue())
                        .contains(name)) {
                    return p.getBody().asString();
                }
            }
        }
        throw new AssertionError("no uploaded " + name);
    }

    /** The post's card, checked against the Adaptive Card schema and what Webex renders. */
    static JsonNode valid(JsonNode post) {
        JsonNode content = post.path("attachments").path(0).path("content");
        assertThat(content.isObject()).as("a card in %s", post).isTrue();
        CardValidator.assertValid(new Card((ObjectNode) content, post.path("markdown").asText()));
        return content;
    }

    /** The one submit button with this title. */
    /**
     * The button of a confirmation card that carries the action out: named after what it does and to which host
     * ("Quarantine Demo-Kovter"), styled destructive (positive for an undo); Cancel is the other, plain.
     */
    static JsonNode confirmButton(JsonNode card, String verb) {
        List<JsonNode> found = CardText.submits(card).stream()
                .filter(s -> s.path("data").path("action").asText().equals("contain.confirm")).toList();
        assertThat(found).as("one confirm button among %s", CardText.titles(card)).hasSize(1);
        assertThat(found.get(0).path("title").asText()).startsWith(verb + " ").hasSizeGreaterThan(verb.length() + 1);
        assertThat(found.get(0).path("style").asText()).isIn("destructive", "positive");
        return found.get(0);
    }

    static JsonNode submit(JsonNode card, String title) {
        List<JsonNode> found = CardText.submits(card).stream().filter(s -> s.path("title").asText().equals(title)).toList();
        assertThat(found).as("one '%s' among %s", title, CardText.titles(card)).hasSize(1);
        return found.get(0);
    }

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

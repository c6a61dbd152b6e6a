package io.irflow.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.irflow.app.AppWiring;
import io.irflow.testing.Fixtures;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.incidents.IncidentWire.read;
import static io.irflow.incidents.IncidentWire.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The incident room's summary card follows what responders change in the room (issue 14, point 3): after each of
 * /status, /severity, /assign and /add, the card that was there is deleted from Webex and the one that replaces it shows
 * the change; the room ends with exactly one summary card. Signed webhooks into the running bot, Webex and ServiceNow
 * stubbed in WireMock.
 */
class SummaryCardEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .containerThreads(40)).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String INCIDENT_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM",
            "c00d1a7e-0000-4000-8000-000000000318");
    private static final String INCIDENTS = "/api/now/table/incident";
    private static final String SYS_ID = "f3b2a91c1b7d4a50a4c2e8d3b1f07e21";
    private static final AtomicInteger IDS = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(1).willReturn(okJson("""
                {"id": "MSG-{{randomValue length=24 type='ALPHANUMERIC'}}", "roomId": "x", "roomType": "group",
                 "created": "2026-01-01T00:00:00.000Z"}""").withTransformers("response-template")));
        wm.stubFor(delete(urlPathMatching("/v1/messages/.*")).willReturn(aResponse().withStatus(204)));
        webex.person(ALICE, ALICE_EMAIL);
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/openapi-create-room-response.json");
        room.put("id", INCIDENT_ROOM);
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(okJson(Fixtures.write(room))));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(okJson(
                Fixtures.text("fixtures/webex/memberships/openapi-create-membership-response.json"))));
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("fixtures/servicenow/create-incident-201-response.json"))));
        wm.stubFor(patch(urlPathEqualTo(INCIDENTS + "/" + SYS_ID)).willReturn(okJson(
                Fixtures.text("fixtures/servicenow/patch-incident-200-response.json"))));
        wm.stubFor(get(urlPathEqualTo("/api/now/table/sys_user")).willReturn(okJson(
                Fixtures.text("fixtures/servicenow/sys-user-by-email-200-authored.json"))));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void status_severity_assign_and_add_in_the_room_each_replace_the_summary_card_and_delete_the_old_one() {
        bot = IncidentWire.start(wm, webex, false);
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";
        IncidentStore repo = new IncidentStore(bot.database().dataSource());

        say(ROOM, "/incident open Phishing wave wks-fin-042");
        await().atMost(Duration.ofSeconds(15)).until(() -> repo.summary(id).isPresent());
        // The ticket sync replaces the card once the ticket exists; the room's own changes come after.
        await().atMost(Duration.ofSeconds(20)).until(() -> current(repo, id).toString().contains("INC0010017"));
        assertThat(fact(current(repo, id), "Status")).isEqualTo("new");

        replaces(repo, id, "/status investigating", card -> assertThat(fact(card, "Status")).isEqualTo("investigating"));
        replaces(repo, id, "/severity 1", card -> {
            assertThat(fact(card, "Severity")).isEqualTo("1");
            assertThat(card.toString()).contains(id + " · Critical");
        });
        replaces(repo, id, "/assign jane.doe@example.com", card -> assertThat(fact(card, "Assignee"))
                .isEqualTo("jane.doe@example.com"));
        replaces(repo, id, "/add evil.example 10.1.2.43", card -> assertThat(card.toString())
                .contains("**Observables**: evil.example").contains("**Hosts**: wks-fin-042, 10.1.2.43"));

        // Exactly one summary card is left in the room: the current one.
        List<String> left = new ArrayList<>(summaryIds());
        left.removeIf(m -> !wm.findAll(deleteRequestedFor(urlPathEqualTo("/v1/messages/" + m))).isEmpty());
        assertThat(left).containsExactly(repo.summary(id).orElseThrow()[0]);
        assertThat(repo.retiredSummaries(null)).isEmpty();
    }

    /**
     * Says {@code command} in the incident room: by its answer, the card before is deleted and the new one passes
     * {@code shows}.
     */
    private void replaces(IncidentStore repo, String id, String command, java.util.function.Consumer<JsonNode> shows) {
        String before = repo.summary(id).orElseThrow()[0];
        say(INCIDENT_ROOM, command);
        // Done by the command itself, before its answer (not left to the ticket sync, which would come later).
        assertThat(repo.summary(id).orElseThrow()[0]).as("the card after %s", command).isNotEqualTo(before);
        assertThat(wm.findAll(deleteRequestedFor(urlPathEqualTo("/v1/messages/" + before))))
                .as("the card before %s deleted", command).hasSize(1);
        JsonNode card = current(repo, id);
        assertThat(card.toString()).as("the card after %s", command).contains("In this room: /note");
        shows.accept(card);
    }

    private void say(String roomId, String text) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "summary-" + IDS.incrementAndGet());
        IncidentWire.stubMessage(webex, id, roomId, text);
        int answers = answers(roomId);
        assertThat(webhooks.deliver(url, SignedWebhooks.message(id, roomId, "group", ALICE, ALICE_EMAIL))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> answers(roomId) > answers);
    }

    /** The posts in a room that answer someone: no summary cards, no ticket link. */
    private static int answers(String roomId) {
        return (int) posted().stream().map(e -> read(e.getRequest().getBodyAsString()))
                .filter(p -> p.path("roomId").asText().equals(roomId) && !summary(p)
                        && !p.path("markdown").asText().startsWith("ServiceNow ticket **")).count();
    }

    /** The card the incident's stored summary message carries, checked against the schema. */
    private static JsonNode current(IncidentStore repo, String id) {
        String message = repo.summary(id).orElseThrow()[0];
        Optional<ServeEvent> post = posted().stream().filter(e -> message.equals(read(e.getResponse().getBodyAsString())
                .path("id").asText())).findFirst();
        assertThat(post).as("the post of %s", message).isPresent();
        return valid(read(post.get().getRequest().getBodyAsString()));
    }

    /** The ids Webex gave the summary cards posted. */
    private static List<String> summaryIds() {
        return posted().stream().filter(e -> summary(read(e.getRequest().getBodyAsString())))
                .map(e -> read(e.getResponse().getBodyAsString()).path("id").asText()).toList();
    }

    /** JSON message posts WireMock answered. */
    private static List<ServeEvent> posted() {
        return wm.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")
                && e.getRequest().getUrl().startsWith("/v1/messages")
                && !String.valueOf(e.getRequest().getHeader("Content-Type")).contains("multipart")).toList();
    }

    private static boolean summary(JsonNode post) {
        return post.path("roomId").asText().equals(INCIDENT_ROOM) && post.path("attachments").toString()
                .contains("In this room: /note");
    }

    /** A FactSet value by its title, as plain text. */
    private static String fact(JsonNode card, String title) {
        List<String> values = new ArrayList<>();
        card.findParents("facts").forEach(set -> set.path("facts").forEach(f -> {
            if (f.path("title").asText().equals(title)) {
                values.add(f.path("value").asText());
            }
        }));
        assertThat(values).as("fact %s in %s", title, card).hasSize(1);
        return values.get(0).replaceAll("\\\\(.)", "$1");
    }
}

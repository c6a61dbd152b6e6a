package io.irflow.incidents;

import io.irflow.webex.RestIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.capabilities.Ticketing;
import io.irflow.config.AppConfig;
import io.irflow.testing.CardValidator;
import io.irflow.testing.FakeTicketing;
import io.irflow.testing.Fixtures;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Incidents end to end: signed webhooks into the running bot, Webex played by WireMock (rooms, memberships, messages)
 * and ServiceNow by an in-memory {@link FakeTicketing}.
 */
class IncidentEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String INCIDENT_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM", "1ac1de47-0000-4000-8000-000000000042");
    private static final AtomicInteger IDS = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private final FakeTicketing ticketing = new FakeTicketing();
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void start() {
        webex.bot("irflow");
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/openapi-create-room-response.json");
        room.put("id", INCIDENT_ROOM);
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(okJson(Fixtures.write(room))));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(okJson(
                Fixtures.text("fixtures/webex/memberships/openapi-create-membership-response.json"))));
        // Bob is in the room already: Webex answers 409, which is fine.
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.personEmail", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("bob@example.com")))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"already a member\",\"trackingId\":\"T409\"}")));
        AppConfig config = TestConfigs.bot(webex.url(), """
                security:
                  responders: ["alice@example.com", "@soc.example.com"]
                  analysts: ["dave@example.com"]
                incidents:
                  responders: ["bob@example.com", "carol@example.com"]
                  assignment_group: SIR
                """);
        bot = AppWiring.start(config, TestConfigs.fastTuning(), ticketing);
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void open_creates_the_room_with_members_and_summary_then_notes_and_status_reach_the_timeline_and_close_resolves() {
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";

        List<JsonNode> opened = say(ROOM, "/incident open Ransomware on finance laptop WKS-FIN-042 evil.example", 2);

        JsonNode reply = opened.stream().filter(p -> p.path("roomId").asText().equals(ROOM)).findFirst().orElseThrow();
        assertThat(reply.path("markdown").asText()).contains("Opened **" + id + "**").contains("ServiceNow ticket");
        JsonNode summary = opened.stream().filter(p -> p.path("roomId").asText().equals(INCIDENT_ROOM)).findFirst()
                .orElseThrow();
        JsonNode card = valid(summary);
        assertThat(card.toString()).contains(id).contains("Ransomware on finance laptop").contains("wks-fin-042")
                .contains("evil.example");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/rooms")))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains(id + " · Ransomware on finance laptop"));
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/memberships"))).stream()
                .map(r -> parse(r.getBodyAsString()))).allSatisfy(b ->
                assertThat(b.path("roomId").asText()).isEqualTo(INCIDENT_ROOM))
                .extracting(b -> b.path("personEmail").asText())
                .containsExactlyInAnyOrder("bob@example.com", "carol@example.com", WebexStub.ANALYST_EMAIL);

        // The ticket is created with the room link, and its number comes back to the room.
        await().atMost(Duration.ofSeconds(10)).until(() -> ticketing.changes().size() >= 1);
        assertThat(ticketing.created()).singleElement().satisfies(t -> {
            assertThat(t.shortDescription()).isEqualTo("[" + id + "] Ransomware on finance laptop");
            assertThat(t.assignmentGroup()).isEqualTo("SIR");
            assertThat(t.description()).contains("webexteams://im?space=1ac1de47-0000-4000-8000-000000000042");
        });
        assertThat(ticketing.changes().get(0).workNote()).contains("webexteams://im?space=");
        await().atMost(Duration.ofSeconds(5)).until(() -> webex.posted().stream().anyMatch(p ->
                p.path("roomId").asText().equals(INCIDENT_ROOM) && p.path("markdown").asText().contains("INC0010001")));

        assertThat(say(INCIDENT_ROOM, "/note user clicked the link at 09:12", 1).get(0).path("markdown").asText())
                .contains("Noted on " + id);
        assertThat(say(INCIDENT_ROOM, "/status contained", 1).get(0).path("markdown").asText())
                .contains(id + " is now **contained**");
        assertThat(say(INCIDENT_ROOM, "/assign a@b.c^ORactive=true", 1).get(0).path("markdown").asText())
                .contains("Assign to an email address");
        // Assigning adds the person to the incident's room: only someone on the team may be named.
        assertThat(say(INCIDENT_ROOM, "/assign mallory@elsewhere.example", 1).get(0).path("markdown").asText())
                .contains("mallory@elsewhere.example is not on the team").contains("Nothing was changed");
        assertThat(say(INCIDENT_ROOM, "/assign Dave@Example.com", 1).get(0).path("markdown").asText())
                .contains(" is assigned to ");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticketing.changes().stream()
                .anyMatch(c -> "dave@example.com".equals(c.assignee())));
        assertThat(ticketing.changes()).extracting(Ticketing.TicketChange::assignee)
                .containsOnly(null, "dave@example.com");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/memberships"))))
                .noneMatch(r -> r.getBodyAsString().contains("mallory"));
        JsonNode timeline = valid(say(INCIDENT_ROOM, "/timeline", 1).get(0));
        assertThat(timeline.toString()).contains("user clicked the link at 09:12").contains("Status new → contained")
                .contains("Opened").contains(WebexStub.ANALYST_EMAIL);

        assertThat(say(INCIDENT_ROOM, "/close reimaged the laptop", 1).get(0).path("markdown").asText())
                .contains(id + " is **closed**");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticketing.changes().stream()
                .anyMatch(c -> "resolved".equals(c.state())));
        Ticketing.TicketChange resolve = ticketing.changes().get(ticketing.changes().size() - 1);
        assertThat(resolve.resolution()).isEqualTo("reimaged the laptop");
        assertThat(ticketing.changes()).extracting(Ticketing.TicketChange::state).contains("contained");

        JsonNode shown = valid(say(ROOM, "/incident " + id.toLowerCase(), 1).get(0));
        assertThat(shown.toString()).contains("closed").contains("reimaged the laptop").contains("INC0010001")
                .doesNotContain("Not yet synced");
        assertThat(valid(say(ROOM, "/incidents", 1).get(0)).toString()).contains("Open incidents (0)");
        // `/status` alone is still the bot's own status card.
        assertThat(valid(say(INCIDENT_ROOM, "/status", 1).get(0)).toString()).contains("irflow status");
    }

    @Test
    void a_room_webex_created_although_post_rooms_answered_500_becomes_the_incident_room_without_a_second_one() {
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).atPriority(1).willReturn(aResponse().withStatus(500)
                .withHeader("trackingid", "ROUTER_500")));
        ObjectNode made = (ObjectNode) Fixtures.json("fixtures/webex/rooms/openapi-list-rooms.json").get("items").get(0)
                .deepCopy();
        made.put("id", INCIDENT_ROOM).put("title", id + " · Ransomware on finance laptop")
                .put("created", java.time.Instant.now().toString());
        ObjectNode list = io.irflow.json.Json.mapper().createObjectNode();
        list.putArray("items").add(made);
        wm.stubFor(get(urlPathEqualTo("/v1/rooms")).willReturn(okJson(Fixtures.write(list))));

        List<JsonNode> opened = say(ROOM, "/incident open Ransomware on finance laptop WKS-FIN-042", 2);

        JsonNode reply = opened.stream().filter(p -> p.path("roomId").asText().equals(ROOM)).findFirst().orElseThrow();
        assertThat(reply.path("markdown").asText()).contains("Opened **" + id + "**")
                .doesNotContain("could not create the incident room");
        JsonNode summary = opened.stream().filter(p -> p.path("roomId").asText().equals(INCIDENT_ROOM)).findFirst()
                .orElseThrow();
        assertThat(valid(summary).toString()).contains(id);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/rooms")))).hasSize(1);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/memberships"))).stream()
                .map(r -> parse(r.getBodyAsString()).path("roomId").asText())).isNotEmpty().containsOnly(INCIDENT_ROOM);
        assertThat(say(INCIDENT_ROOM, "/note the adopted room is the incident's room", 1).get(0).path("markdown")
                .asText()).contains("Noted on " + id);
    }

    /** Alice types in a room; returns the posts it caused. */
    private List<JsonNode> say(String roomId, String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "incident-e2e-" + IDS.incrementAndGet());
        ObjectNode m = webex.message("capture-message-direct-user.json", id, "group", text);
        m.put("roomId", roomId);
        webex.stub(get(urlPathEqualTo("/v1/messages/" + id)), m);
        int before = webex.posted().size();
        assertThat(webhooks.deliver(url, SignedWebhooks.message(id, roomId, "group", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> since(before).size() >= posts);
        return since(before);
    }

    /** Posts from index {@code from} on, without replaced summary cards (a change replaces the room's card first). */
    private List<JsonNode> since(int from) {
        List<JsonNode> all = webex.posted();
        JsonNode first = all.stream().filter(IncidentEndToEndTest::summary).findFirst().orElse(null);
        return all.subList(from, all.size()).stream().filter(p -> !summary(p) || p == first).toList();
    }

    private static boolean summary(JsonNode post) {
        return post.path("roomId").asText().equals(INCIDENT_ROOM) && post.path("attachments").toString()
                .contains("In this room: /note");
    }

    private static JsonNode valid(JsonNode post) {
        JsonNode content = post.path("attachments").path(0).path("content");
        assertThat(content.isObject()).as("a card in %s", post).isTrue();
        CardValidator.assertValid(new Card((ObjectNode) content, post.path("markdown").asText()));
        return content;
    }

    private static JsonNode parse(String json) {
        try {
            return io.irflow.json.Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

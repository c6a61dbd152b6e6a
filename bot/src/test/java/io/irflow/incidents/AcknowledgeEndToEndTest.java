package io.irflow.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.app.AppWiring;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.json.Json;
import io.irflow.testing.CardText;
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
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.incidents.IncidentWire.read;
import static io.irflow.incidents.IncidentWire.submit;
import static io.irflow.incidents.IncidentWire.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "I'm on it" end to end (issue 17 §4): signed attachmentActions webhooks into the running bot, Webex, AMP and
 * ServiceNow stubbed in WireMock. An analyst takes the alert from its card (the answer goes to the card's thread), a
 * responder pressing after is told who is on it, a forged reference or digest key is refused, {@code /alerts} shows
 * who took what, the open incident on the host gets it on its timeline and its report a time to acknowledge.
 */
class AcknowledgeEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .containerThreads(40)).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    /** Jane is an analyst only (security.analysts in {@link IncidentWire#start}). */
    private static final String JANE = RestIds.restId(RestIds.HOME_CLUSTER, "PEOPLE",
            "a0a0a0a0-0000-4000-8000-00000000a17e");
    private static final String JANE_EMAIL = "jane.doe@example.com";
    private static final String INCIDENT_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM",
            "c00d1a7e-0000-4000-8000-0000000000ac");
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
        webex.person(JANE, JANE_EMAIL);
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/openapi-create-room-response.json");
        room.put("id", INCIDENT_ROOM);
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(okJson(Fixtures.write(room))));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(okJson(
                Fixtures.text("fixtures/webex/memberships/openapi-create-membership-response.json"))));
        new io.irflow.testing.ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(post(urlPathEqualTo("/api/now/table/incident")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("fixtures/servicenow/create-incident-201-response.json"))));
        wm.stubFor(patch(urlPathMatching("/api/now/table/incident/.*")).willReturn(okJson(
                Fixtures.text("fixtures/servicenow/patch-incident-200-response.json"))));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void the_first_press_takes_the_alert_in_its_thread_the_next_presser_is_told_and_it_counts_for_the_report() {
        IncidentWire.serveEvent(wm, IncidentWire.executedMalware(6533298001234500977L).put("severity", "High"));
        bot = IncidentWire.start(wm, webex, true);
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";
        await().atMost(Duration.ofSeconds(20)).until(() -> alertCard() != null);
        LoggedRequest cardPost = alertCard();
        JsonNode card = valid(read(cardPost.getBodyAsString()));
        String cardMessage = postedId(cardPost);
        assertThat(CardText.titles(card)).last().isEqualTo("I'm on it");
        JsonNode onIt = submit(card, "I'm on it").path("data");
        assertThat(onIt.path("action").asText()).isEqualTo(ActionIds.ALERT_ACK);

        // An open incident on the host, so the acknowledgement lands on its timeline.
        String opened = only(press(ALICE, cardMessage, submit(card, "Open incident").path("data"), 1), ROOM)
                .path("markdown").asText();
        assertThat(opened).contains("Opened **" + id + "**");

        // Jane, an analyst, takes it: the answer is in the card's thread and names her, with the time in words.
        JsonNode taken = only(press(JANE, cardMessage, onIt, 1), ROOM);
        assertThat(taken.path("parentId").asText()).isEqualTo(cardMessage);
        assertThat(taken.path("markdown").asText()).contains("**" + JANE_EMAIL.replace("_", "\\_") + " is on it** — ")
                .containsPattern("— \\d\\d:\\d\\d UTC \\(just now\\)");

        // Alice presses after her: told who is on it since when; nothing changes.
        String second = only(press(ALICE, cardMessage, onIt, 1), ROOM).path("markdown").asText();
        assertThat(second).contains(JANE_EMAIL + " is already on it** since ").containsPattern("\\d\\d:\\d\\d UTC");
        String again = only(press(JANE, cardMessage, onIt, 1), ROOM).path("markdown").asText();
        assertThat(again).startsWith("You are already on it since ");

        // A reference or digest key no card of this bot carries is refused, and records nothing.
        ObjectNode forged = Json.mapper().createObjectNode().put("action", ActionIds.ALERT_ACK)
                .put("ref", "AAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(only(press(ALICE, cardMessage, forged, 1), ROOM).path("markdown").asText())
                .startsWith("I don't know that alert").contains("Nothing was recorded");
        ObjectNode forgedDigest = Json.mapper().createObjectNode().put("action", ActionIds.ALERT_ACK)
                .put("digest", "storm|1|amp for endpoints|made up");
        assertThat(only(press(JANE, cardMessage, forgedDigest, 1), ROOM).path("markdown").asText())
                .startsWith("I don't know that alert");

        // /alerts: who took what, when.
        String alerts = only(say(ROOM, "/alerts", 1), ROOM).path("markdown").asText();
        assertThat(alerts).contains("**Taken (I'm on it), last 24 h**").contains(" · " + JANE_EMAIL + " · ")
                .containsPattern("on " + io.irflow.testing.ProductStubs.HOST_NAME_IN_AMP.replace(".", "\\.") + " · ")
                .contains("Not taken yet: 0 alert threads");

        // The incident: on its timeline (once), and in its report as the time to acknowledge.
        String timeline = valid(only(say(INCIDENT_ROOM, "/timeline", 1), INCIDENT_ROOM)).toString();
        assertThat(timeline).contains(JANE_EMAIL + " is on it: ");
        assertThat(timeline.split(" is on it: ", -1)).hasSize(2);
        say(INCIDENT_ROOM, "/report", 2);
        String report = IncidentWire.reportFile(wm, id + "-report.md");
        assertThat(report).containsPattern("\\| Acknowledged \\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC "
                + "\\(\\+0h 0\\dm \\d\\ds\\) by " + JANE_EMAIL.replace(".", "\\.") + " \\(")
                .containsPattern("\\| Time to acknowledge \\| 0h 0\\dm \\d\\ds \\(first \"I'm on it\"");
    }

    @Test
    void two_people_pressing_at_the_same_moment_leave_one_taker_and_the_other_is_told_who() throws Exception {
        IncidentWire.serveEvent(wm, IncidentWire.executedMalware(6533298001234500978L).put("severity", "High"));
        bot = IncidentWire.start(wm, webex, true);
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        await().atMost(Duration.ofSeconds(20)).until(() -> alertCard() != null);
        LoggedRequest cardPost = alertCard();
        String cardMessage = postedId(cardPost);
        JsonNode onIt = submit(valid(read(cardPost.getBodyAsString())), "I'm on it").path("data");
        List<String[]> presses = new ArrayList<>();
        for (String person : List.of(ALICE, JANE)) {
            String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "ack-" + IDS.incrementAndGet());
            IncidentWire.stubCardAction(webex, id, cardMessage, ROOM, person, onIt);
            presses.add(new String[]{id, person});
        }
        int start = posts().size();

        List<Integer> statuses = io.irflow.testing.Racing.run(2, new java.util.concurrent.Callable<>() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public Integer call() {
                String[] p = presses.get(next.getAndIncrement());
                return webhooks.deliver(url, SignedWebhooks.cardAction(p[0], cardMessage, ROOM, p[1]));
            }
        });

        assertThat(statuses).containsOnly(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> posts().size() >= start + 2);
        List<String> answers = posts().subList(start, posts().size()).stream()
                .filter(p -> p.path("parentId").asText().equals(cardMessage))
                .map(p -> p.path("markdown").asText()).toList();
        assertThat(answers).hasSize(2);
        String winner = answers.stream().filter(a -> a.contains(" is on it** — ")).findFirst().orElseThrow();
        String taker = winner.contains(JANE_EMAIL) ? JANE_EMAIL : ALICE_EMAIL;
        String other = taker.equals(JANE_EMAIL) ? ALICE_EMAIL : JANE_EMAIL;
        assertThat(answers).filteredOn(a -> a.contains(" is on it** — ")).hasSize(1);
        assertThat(answers).anySatisfy(a -> assertThat(a).startsWith(other + ": **" + taker + " is already on it**"));
        assertThat(new io.irflow.alerts.AlertAckStore(bot.database().dataSource()).since(java.time.Instant.EPOCH, 10))
                .singleElement().satisfies(a -> assertThat(a.by()).isEqualTo(taker));
    }

    // --- Webex

    private static List<LoggedRequest> jsonPosts() {
        List<LoggedRequest> all = new ArrayList<>(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))));
        all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return all.stream().filter(r -> !String.valueOf(r.getHeader("Content-Type")).contains("multipart")).toList();
    }

    private static List<JsonNode> posts() {
        return jsonPosts().stream().map(r -> read(r.getBodyAsString())).toList();
    }

    private static LoggedRequest alertCard() {
        return jsonPosts().stream().filter(r -> {
            JsonNode p = read(r.getBodyAsString());
            return p.has("attachments") && p.path("markdown").asText().startsWith("**Alert:**");
        }).findFirst().orElse(null);
    }

    /** The id WireMock answered for this post. */
    private static String postedId(LoggedRequest request) {
        for (ServeEvent e : wm.getAllServeEvents()) {
            if (e.getRequest().getId().equals(request.getId())) {
                return read(e.getResponse().getBodyAsString()).path("id").asText();
            }
        }
        throw new AssertionError("no answer logged for " + request.getUrl());
    }

    private List<JsonNode> say(String roomId, String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "ack-" + IDS.incrementAndGet());
        IncidentWire.stubMessage(webex, id, roomId, text);
        int start = posts().size();
        return delivered(roomId, start, posts, webhooks.deliver(url, SignedWebhooks.message(id, roomId, "group", ALICE,
                ALICE_EMAIL)), text.startsWith("/report"));
    }

    /** {@code person} presses a button with this data on the card posted as {@code message} in the alert room. */
    private List<JsonNode> press(String person, String message, JsonNode data, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "ack-" + IDS.incrementAndGet());
        IncidentWire.stubCardAction(webex, id, message, ROOM, person, data);
        int start = posts().size();
        return delivered(ROOM, start, posts, webhooks.deliver(url,
                SignedWebhooks.cardAction(id, message, ROOM, person)), false);
    }

    private List<JsonNode> delivered(String roomId, int start, int posts, int status, boolean uploads) {
        assertThat(status).isEqualTo(200);
        if (uploads) {
            await().atMost(Duration.ofSeconds(10)).until(() -> IncidentWire.multipartPosts(wm).size() >= posts);
            return List.of();
        }
        // Summary cards and the ticket's link come at any time (the ticket sync runs on its own): they are no answers.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<JsonNode> all = posts();
            return all.subList(start, all.size()).stream().filter(p -> answer(p, roomId)).count() >= posts;
        });
        List<JsonNode> all = posts();
        return List.copyOf(all.subList(start, all.size()));
    }

    private static boolean answer(JsonNode p, String roomId) {
        return p.path("roomId").asText().equals(roomId) && !summary(p)
                && !p.path("markdown").asText().startsWith("ServiceNow ticket **");
    }

    private static boolean summary(JsonNode post) {
        return post.path("roomId").asText().equals(INCIDENT_ROOM) && post.path("attachments").toString()
                .contains("In this room: /note");
    }

    /** The one answer in this room (summary cards and ticket links aside). */
    private static JsonNode only(List<JsonNode> posts, String roomId) {
        List<JsonNode> found = posts.stream().filter(p -> answer(p, roomId)).toList();
        assertThat(found).as("answers in %s: %s", roomId, posts).hasSize(1);
        return found.get(0);
    }
}

package io.irflow.incidents;

import io.irflow.webex.RestIds;
import io.irflow.testing.CardText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.app.AppWiring;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.incidents.IncidentWire.confirmButton;
import static io.irflow.incidents.IncidentWire.read;
import static io.irflow.incidents.IncidentWire.submit;
import static io.irflow.incidents.IncidentWire.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coordinate end to end: signed webhooks into the running bot; Webex, AMP, ISE and the other products stubbed in one
 * WireMock, and ServiceNow too, from the reference samples (create 201, PATCH 200). An alert card's Open incident
 * button opens the incident; investigating and quarantining in its room reach the timeline and the ticket's work
 * notes; closing resolves the ticket; the report carries every timeline entry and the time to contain.
 */
class CoordinateEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .containerThreads(40)).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String INCIDENT_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM", "c00d1a7e-0000-4000-8000-000000000007");
    private static final String INCIDENTS = "/api/now/table/incident";
    private static final String SYS_ID = "f3b2a91c1b7d4a50a4c2e8d3b1f07e21";
    private static final String APPLY = "/ise-ers/ers/config/ancendpoint/apply";
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
        webex.person(ALICE, ALICE_EMAIL);
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/openapi-create-room-response.json");
        room.put("id", INCIDENT_ROOM);
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(okJson(Fixtures.write(room))));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(okJson(
                Fixtures.text("fixtures/webex/memberships/openapi-create-membership-response.json"))));
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(Fixtures.text("fixtures/ise/ers-ancendpoint-list-empty.json"))
                        .withHeader("X-CSRF-Token", "csrf-coordinate")));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
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
    void open_from_an_alert_card_then_investigate_quarantine_close_and_report_reach_room_ticket_and_report() {
        snowCreates(false);
        amp(event());
        boot(true);
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";
        String host = ProductStubs.HOST_NAME_IN_AMP;

        await().atMost(Duration.ofSeconds(20)).until(() -> alertCard() != null);
        JsonNode alertCard = valid(alertCard());
        JsonNode open = submit(alertCard, "Open incident");
        assertThat(fieldNames(open.path("data"))).containsExactlyInAnyOrder("action", "ref");
        assertThat(open.path("data").path("action").asText()).isEqualTo("incident.open");

        List<JsonNode> opened = press(ROOM, open.path("data"), 2);

        assertThat(opened.stream().filter(p -> p.path("roomId").asText().equals(ROOM)).findFirst().orElseThrow()
                .path("markdown").asText()).contains("Opened **" + id + "**", "Executed malware on " + host);
        JsonNode summary = valid(opened.stream().filter(p -> p.path("roomId").asText().equals(INCIDENT_ROOM))
                .findFirst().orElseThrow());
        assertThat(summary.toString()).contains(id, "Executed malware on " + host, host.toLowerCase(),
                ProductStubs.HOST_MAC);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/rooms")))).singleElement().satisfies(r ->
                assertThat(r.getBodyAsString()).contains(id + " · Executed malware on " + host));
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/memberships"))).stream()
                .map(r -> read(r.getBodyAsString()))).allSatisfy(b ->
                assertThat(b.path("roomId").asText()).isEqualTo(INCIDENT_ROOM))
                .extracting(b -> b.path("personEmail").asText())
                .containsExactlyInAnyOrder("bob@example.com", ALICE_EMAIL);
        await().atMost(Duration.ofSeconds(10)).until(() -> !wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS)))
                .isEmpty());
        JsonNode created = read(wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS))).get(0).getBodyAsString());
        assertThat(created.path("short_description").asText()).contains(id, "Executed malware on " + host);
        assertThat(created.path("description").asText()).contains("webexteams://im?space=");
        await().atMost(Duration.ofSeconds(10)).until(() -> workNotes().stream().anyMatch(n ->
                n.contains("Webex room for " + id)));

        // Investigate inside the room: the verdict reaches the timeline; the card offers quarantine, not another incident.
        JsonNode investigation = valid(say(INCIDENT_ROOM, "/investigate " + ProductStubs.HOST_MAC, 1).get(0));
        String quarantine = CardText.titles(investigation).stream().filter(t -> t.startsWith("Quarantine ")).findFirst()
                .orElseThrow(() -> new AssertionError("no Quarantine button: " + CardText.titles(investigation)));
        assertThat(CardText.titles(investigation)).doesNotContain("Open incident");
        JsonNode confirm = valid(press(INCIDENT_ROOM, submit(investigation, quarantine).path("data"), 1).get(0));
        JsonNode done = valid(press(INCIDENT_ROOM, confirmButton(confirm, "Quarantine").path("data"), 1).get(0));
        assertThat(done.toString()).contains("Quarantined");
        wm.verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlPathEqualTo(APPLY)));

        String timeline = valid(say(INCIDENT_ROOM, "/timeline", 1).get(0)).toString();
        assertThat(timeline).contains("Investigated " + ProductStubs.HOST_MAC).contains("executed quarantine of")
                .contains("Opened");
        await().atMost(Duration.ofSeconds(10)).until(() -> workNotes().stream().anyMatch(n ->
                n.contains("Investigated " + ProductStubs.HOST_MAC)) && workNotes().stream().anyMatch(n ->
                n.contains("Containment: executed quarantine of")));

        assertThat(say(INCIDENT_ROOM, "/close reimaged the laptop", 1).get(0).path("markdown").asText())
                .contains(id + " is **closed**");
        await().atMost(Duration.ofSeconds(10)).until(() -> patches().stream().anyMatch(p ->
                "6".equals(p.path("state").asText()) && p.path("close_notes").asText().contains("reimaged the laptop")));

        say(INCIDENT_ROOM, "/report", 2);
        String report = reportFile(id + "-report.md");
        IncidentStore repo = new IncidentStore(bot.database().dataSource());
        List<TimelineEntry> entries = repo.timeline(id);
        assertThat(entries).extracting(TimelineEntry::kind).contains(TimelineEntry.Kind.OPENED,
                TimelineEntry.Kind.ROOM, TimelineEntry.Kind.INVESTIGATION, TimelineEntry.Kind.CLOSED);
        for (TimelineEntry e : entries) {
            assertThat(report).contains(e.text());
        }
        assertThat(report).contains("executed quarantine").contains("Time to contain")
                .doesNotContain("Time to contain | n/a").containsPattern("Time to contain\\W+\\d");
        assertThat(report).contains("verdict: ").doesNotContain(ProductStubs.HOST_MAC + " (mac, verdict: not recorded");
    }

    @Test
    void servicenow_503_then_success_is_retried_from_the_outbox_and_nothing_is_lost_not_even_the_assignee() {
        snowCreates(true);
        boot(false);
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";

        say(ROOM, "/incident open Phishing wave wks-fin-042", 2);
        say(INCIDENT_ROOM, "/note mail purged from inboxes", 1);
        say(INCIDENT_ROOM, "/assign jane.doe@example.com", 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> workNotes().stream().anyMatch(n ->
                n.contains("mail purged from inboxes")));
        // The sys_user stub answers the reference sample's user: its sys_id goes out as assigned_to, with the note.
        await().atMost(Duration.ofSeconds(10)).until(() -> patches().stream().anyMatch(p ->
                "62826bf03710200044e0bfc8bcbe5df1".equals(p.path("assigned_to").asText())
                        && p.path("work_notes").asText().startsWith("Assigned to jane.doe@example.com by ")));
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS)))).hasSize(2);
        assertThat(wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(INCIDENTS))
                .withQueryParam("sysparm_query", equalTo("correlation_id=" + id
                        + "^correlation_display=irflow^ORDERBYDESCsys_created_on")))).hasSize(1);
        assertThat(workNotes()).anyMatch(n -> n.contains("Webex room for " + id));
        assertThat(new TicketOutboxStore(bot.database().dataSource()).pending(id)).isEmpty();
        assertThat(new IncidentStore(bot.database().dataSource()).find(id).orElseThrow().ticketNumber())
                .isNotBlank();
    }

    @Test
    void code_tags_typed_in_chat_never_reach_the_ticket_as_markup() {
        snowCreates(false);
        boot(false);

        say(ROOM, "/incident open Phish [code]<script>alert(1)</script>[/code]", 2);
        say(INCIDENT_ROOM, "/note [ CODE ]<img src=x onerror=alert(2)>[ /Code ] seen on wks-fin-042", 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> workNotes().stream().anyMatch(n ->
                n.contains("onerror=alert(2)")));
        JsonNode created = read(wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS))).get(0).getBodyAsString());
        assertThat(created.path("short_description").asText()).contains("Phish (code)<script>alert(1)</script>(/code)");
        assertThat(workNotes()).anyMatch(n ->
                n.contains("(code)<img src=x onerror=alert(2)>(/code) seen on wks-fin-042"));
        List<String> written = new ArrayList<>();
        wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS))).forEach(r -> written.add(r.getBodyAsString()));
        patches().forEach(p -> written.add(p.toString()));
        assertThat(written).noneMatch(body -> body.matches("(?is).*\\[\\s*/?\\s*code\\s*].*"));
    }

    // --- set-up

    private void snowCreates(boolean firstUnavailable) {
        String createdBody = Fixtures.text("fixtures/servicenow/create-incident-201-response.json");
        if (!firstUnavailable) {
            wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody(createdBody)));
            return;
        }
        // The retry first asks for a ticket the failed create may have made: there is none.
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).withQueryParam("sysparm_query", matching("correlation_id=IR-.*"))
                .willReturn(okJson(Fixtures.text("fixtures/servicenow/get-incidents-empty-200.json"))));
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).inScenario("snow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Service unavailable\"},\"status\":\"failure\"}"))
                .willSetStateTo("up"));
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).inScenario("snow").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(createdBody)));
    }

    private void boot(boolean alerts) {
        bot = IncidentWire.start(wm, webex, alerts);
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
    }

    /** AMP's sample event, for the demo host the other products know. */
    private static ObjectNode event() {
        return IncidentWire.executedMalware(6533298001234500777L);
    }

    private static void amp(ObjectNode event) {
        IncidentWire.serveEvent(wm, event);
    }

    // --- Webex

    /** JSON posts to /v1/messages, oldest first. */
    private static List<JsonNode> posts() {
        List<LoggedRequest> all = new ArrayList<>(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))));
        all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return all.stream().filter(r -> !String.valueOf(r.getHeader("Content-Type")).contains("multipart"))
                .map(r -> read(r.getBodyAsString())).toList();
    }

    private static JsonNode alertCard() {
        return posts().stream().filter(p -> p.has("attachments") && p.path("markdown").asText().startsWith("**Alert:**"))
                .findFirst().orElse(null);
    }

    private List<JsonNode> say(String roomId, String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "coordinate-" + IDS.incrementAndGet());
        IncidentWire.stubMessage(webex, id, roomId, text);
        int start = posts().size();
        return delivered(start, posts, webhooks.deliver(url, SignedWebhooks.message(id, roomId, "group", ALICE, ALICE_EMAIL)),
                roomId.equals(INCIDENT_ROOM) && text.startsWith("/report"));
    }

    private List<JsonNode> press(String roomId, JsonNode data, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "coordinate-" + IDS.incrementAndGet());
        String message = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "coordinate-card-" + IDS.get());
        IncidentWire.stubCardAction(webex, id, message, roomId, ALICE, data);
        int start = posts().size();
        return delivered(start, posts, webhooks.deliver(url, SignedWebhooks.cardAction(id, message, roomId, ALICE)), false);
    }

    private List<JsonNode> delivered(int start, int posts, int status, boolean uploads) {
        assertThat(status).isEqualTo(200);
        if (uploads) {
            await().atMost(Duration.ofSeconds(10)).until(() -> multipartPosts().size() >= posts);
            return List.of();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> since(start).size() >= posts);
        return since(start);
    }

    /** Posts from index {@code from} on, without replaced summary cards (a change replaces the room's card first). */
    private static List<JsonNode> since(int from) {
        List<JsonNode> all = posts();
        JsonNode first = all.stream().filter(CoordinateEndToEndTest::summary).findFirst().orElse(null);
        return all.subList(from, all.size()).stream().filter(p -> !summary(p) || p == first).toList();
    }

    private static boolean summary(JsonNode post) {
        return post.path("roomId").asText().equals(INCIDENT_ROOM) && post.path("attachments").toString()
                .contains("In this room: /note");
    }

    private static List<LoggedRequest> multipartPosts() {
        return IncidentWire.multipartPosts(wm);
    }

    private static String reportFile(String name) {
        return IncidentWire.reportFile(wm, name);
    }

    // --- ServiceNow

    private static List<JsonNode> patches() {
        return wm.findAll(patchRequestedFor(urlPathMatching(INCIDENTS + "/.*"))).stream()
                .map(r -> read(r.getBodyAsString())).toList();
    }

    private static List<String> workNotes() {
        return patches().stream().map(p -> p.path("work_notes").asText()).filter(s -> !s.isEmpty()).toList();
    }

    // --- cards

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

package io.irflow.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.app.AppWiring;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.AuditStore;
import io.irflow.testing.CardText;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
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
 * The demo's incident sequence end to end (issue 14, point 3): signed webhooks into the running bot, Webex, AMP, ISE,
 * CMX and ServiceNow stubbed in WireMock. The host is quarantined from its alert card, the incident opened from the
 * card (twice: one incident), the host isolated from the card after; the incident has the alert's severity, the host's
 * user and location, both steps on its timeline and in its report (the quarantine is the first containment), its
 * summary card is replaced once the ticket exists, and another card for the same host offers to add to it.
 */
class IncidentPerHostEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .containerThreads(40)).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String INCIDENT_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM",
            "c00d1a7e-0000-4000-8000-000000000014");
    private static final String INCIDENTS = "/api/now/table/incident";
    private static final String SYS_ID = "f3b2a91c1b7d4a50a4c2e8d3b1f07e21";
    private static final String APPLY = "/ise-ers/ers/config/ancendpoint/apply";
    private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
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
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(Fixtures.text("fixtures/ise/ers-ancendpoint-list-empty.json"))
                        .withHeader("X-CSRF-Token", "csrf-per-host")));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
        String isolation = "/amp/v1/computers/" + ProductStubs.HOST_GUID + "/isolation";
        wm.stubFor(get(urlPathEqualTo(isolation)).atPriority(1).willReturn(okJson(
                Fixtures.text("fixtures/amp/isolation-get-not-isolated-authored.json"))));
        wm.stubFor(put(urlPathEqualTo(isolation)).atPriority(1).willReturn(okJson(
                Fixtures.text("fixtures/amp/isolation-put-pending-start.json"))));
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("fixtures/servicenow/create-incident-201-response.json"))));
        wm.stubFor(patch(urlPathEqualTo(INCIDENTS + "/" + SYS_ID)).willReturn(okJson(
                Fixtures.text("fixtures/servicenow/patch-incident-200-response.json"))));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void quarantine_open_twice_isolate_then_one_incident_with_severity_host_facts_both_steps_and_a_current_summary() {
        amp(event("High"));
        boot();
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";
        String host = ProductStubs.HOST_NAME_IN_AMP;
        await().atMost(Duration.ofSeconds(20)).until(() -> alertCard() != null);
        JsonNode alertCard = valid(alertCard());
        String user = fact(alertCard, "User");
        String location = fact(alertCard, "Location");
        assertThat(user).as("the alert card shows the host's user").isNotBlank();
        assertThat(location).as("the alert card shows the host's location").isNotBlank();

        // 1. Quarantined from the alert card, before any incident.
        JsonNode confirm = valid(only(press(ROOM, submit(alertCard, "Quarantine " + host).path("data"), 1), ROOM));
        assertThat(valid(only(press(ROOM, confirmButton(confirm, "Quarantine").path("data"), 1), ROOM)).toString())
                .contains("Quarantined");
        Instant quarantinedAt = executed(ContainmentKind.QUARANTINE, ProductStubs.HOST_MAC);

        // 2. Open incident, twice: one incident; the second press answers with it.
        JsonNode open = submit(alertCard, "Open incident").path("data");
        List<JsonNode> opened = press(ROOM, open, 1);
        assertThat(only(opened, ROOM).path("markdown").asText()).contains("Opened **" + id + "**");
        // The summary card goes out before the answer.
        JsonNode summary = valid(read(summaryPosts().get(0).getBodyAsString()));
        assertThat(summary.toString()).contains(id + " · High").contains("Executed malware on " + host)
                .contains("executed quarantine of " + ProductStubs.HOST_MAC);
        String again = only(press(ROOM, open, 1), ROOM).path("markdown").asText();
        assertThat(again).contains("already opened **" + id + "**").contains("severity 2");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/rooms")))).hasSize(1);
        IncidentStore repo = new IncidentStore(bot.database().dataSource());
        assertThat(repo.open()).singleElement().satisfies(i -> assertThat(i.severity()).isEqualTo(2));

        // 3. The summary card is replaced once the ticket exists: a new card with the number, the old one deleted.
        String firstSummary = postedId(summaryPosts().get(0));
        await().atMost(Duration.ofSeconds(15)).until(() -> !wm.findAll(deleteRequestedFor(
                urlPathEqualTo("/v1/messages/" + firstSummary))).isEmpty());
        List<LoggedRequest> summaries = summaryPosts();
        assertThat(summaries).hasSizeGreaterThanOrEqualTo(2);
        JsonNode current = valid(read(summaries.get(summaries.size() - 1).getBodyAsString()));
        assertThat(current.toString()).contains("INC0010017").doesNotContain("being created")
                .doesNotContain("Not yet synced");

        // 4. Isolated from the alert card after opening: on the incident's timeline although done in another room.
        JsonNode isolate = valid(only(press(ROOM, submit(alertCard, "Isolate " + host).path("data"), 1), ROOM));
        valid(only(press(ROOM, confirmButton(isolate, "Isolate").path("data"), 1), ROOM));
        executed(ContainmentKind.ISOLATE, ProductStubs.HOST_GUID);
        // The incident's room learns of it: its summary card is replaced with one showing the step.
        await().atMost(Duration.ofSeconds(10)).until(() -> summaryPosts().stream().anyMatch(r ->
                r.getBodyAsString().contains("executed isolate of " + ProductStubs.HOST_GUID)));
        List<LoggedRequest> cards = summaryPosts();
        assertThat(cards.get(cards.size() - 1).getBodyAsString()).contains("executed quarantine of "
                + ProductStubs.HOST_MAC).contains("INC0010017");
        for (LoggedRequest replaced : cards.subList(0, cards.size() - 1)) {
            String old = postedId(replaced);
            await().atMost(Duration.ofSeconds(5)).until(() -> !wm.findAll(deleteRequestedFor(
                    urlPathEqualTo("/v1/messages/" + old))).isEmpty());
        }

        String timeline = valid(only(say(INCIDENT_ROOM, "/timeline", 1), INCIDENT_ROOM)).toString();
        assertThat(timeline).contains("executed quarantine of " + ProductStubs.HOST_MAC)
                .contains("executed isolate of " + ProductStubs.HOST_GUID);

        say(INCIDENT_ROOM, "/report", 2);
        String report = reportFile(id + "-report.md");
        assertThat(report).contains("| First containment | " + REPORT_TIME.format(quarantinedAt))
                .contains("executed quarantine " + ProductStubs.HOST_MAC)
                .contains("executed isolate " + ProductStubs.HOST_GUID)
                .contains(host.toLowerCase() + " (hostname, user: " + mdEscape(user) + ", location: "
                        + mdEscape(location) + ")")
                .doesNotContain("user: not recorded")
                .contains(ProductStubs.SHA256 + " (sha256, verdict: detected by AMP for Endpoints: ");
    }

    @Test
    void another_card_for_a_host_with_an_open_incident_offers_to_add_to_it_and_then_stands_for_it() {
        amp(event("Medium"));
        boot();
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";
        await().atMost(Duration.ofSeconds(20)).until(() -> alertCard() != null);
        JsonNode alertCard = valid(alertCard());
        press(ROOM, submit(alertCard, "Open incident").path("data"), 1);
        assertThat(new IncidentStore(bot.database().dataSource()).find(id).orElseThrow().severity()).isEqualTo(3);

        JsonNode investigation = valid(only(say(ROOM, "/investigate " + ProductStubs.HOST_MAC, 1), ROOM));
        JsonNode openAgain = submit(investigation, "Open incident").path("data");
        JsonNode choice = valid(only(press(ROOM, openAgain, 1), ROOM));
        assertThat(CardText.titles(choice)).containsExactly("Add to " + id, "Open a new one anyway");
        assertThat(choice.toString()).contains("Already an open incident for this host");

        String added = only(press(ROOM, submit(choice, "Add to " + id).path("data"), 1), ROOM).path("markdown").asText();
        assertThat(added).contains("Added to **" + id + "**");
        // The investigation card now stands for that incident: no second incident, no second room.
        assertThat(only(press(ROOM, openAgain, 1), ROOM).path("markdown").asText())
                .contains("already opened **" + id + "**");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/rooms")))).hasSize(1);
        assertThat(new IncidentStore(bot.database().dataSource()).open()).hasSize(1);

        // A responder who means a separate incident says so.
        String second = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0002";
        JsonNode byIp = valid(only(say(ROOM, "/investigate " + ProductStubs.HOST_IP, 1), ROOM));
        JsonNode choose = valid(only(press(ROOM, submit(byIp, "Open incident").path("data"), 1), ROOM));
        assertThat(only(press(ROOM, submit(choose, "Open a new one anyway").path("data"), 1), ROOM).path("markdown")
                .asText()).contains("Opened **" + second + "**");
        assertThat(new IncidentStore(bot.database().dataSource()).open()).extracting(Incident::id)
                .containsExactly(id, second);
    }

    // --- set-up

    private void boot() {
        bot = IncidentWire.start(wm, webex, true);
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
    }

    /** AMP's sample event for the demo host, with this severity. */
    private static ObjectNode event(String severity) {
        return IncidentWire.executedMalware(6533298001234500914L).put("severity", severity);
    }

    private static void amp(ObjectNode event) {
        IncidentWire.serveEvent(wm, event);
    }

    /** When the audit recorded this containment as executed (waiting for it). */
    private Instant executed(ContainmentKind kind, String target) {
        AuditStore audit = new AuditStore(bot.database().dataSource());
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.forTarget(kind, target).stream()
                .anyMatch(e -> e.event() == AuditStore.Event.EXECUTED));
        return audit.forTarget(kind, target).stream().filter(e -> e.event() == AuditStore.Event.EXECUTED).findFirst()
                .orElseThrow().at();
    }

    // --- Webex

    /** JSON posts to /v1/messages, oldest first. */
    private static List<JsonNode> posts() {
        return jsonPosts().stream().map(r -> read(r.getBodyAsString())).toList();
    }

    private static List<LoggedRequest> jsonPosts() {
        List<LoggedRequest> all = new ArrayList<>(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))));
        all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return all.stream().filter(r -> !String.valueOf(r.getHeader("Content-Type")).contains("multipart")).toList();
    }

    /** The summary cards posted in the incident room, oldest first. */
    private static List<LoggedRequest> summaryPosts() {
        return jsonPosts().stream().filter(r -> summary(read(r.getBodyAsString()))).toList();
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

    private static JsonNode alertCard() {
        return posts().stream().filter(p -> p.has("attachments") && p.path("markdown").asText().startsWith("**Alert:**"))
                .findFirst().orElse(null);
    }

    private List<JsonNode> say(String roomId, String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "per-host-" + IDS.incrementAndGet());
        IncidentWire.stubMessage(webex, id, roomId, text);
        int start = posts().size();
        return delivered(roomId, start, posts, webhooks.deliver(url, SignedWebhooks.message(id, roomId, "group", ALICE,
                ALICE_EMAIL)), text.startsWith("/report"));
    }

    private List<JsonNode> press(String roomId, JsonNode data, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "per-host-" + IDS.incrementAndGet());
        String message = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "per-host-card-" + IDS.get());
        IncidentWire.stubCardAction(webex, id, message, roomId, ALICE, data);
        int start = posts().size();
        return delivered(roomId, start, posts, webhooks.deliver(url, SignedWebhooks.cardAction(id, message, roomId, ALICE)),
                false);
    }

    private List<JsonNode> delivered(String roomId, int start, int posts, int status, boolean uploads) {
        assertThat(status).isEqualTo(200);
        if (uploads) {
            await().atMost(Duration.ofSeconds(10)).until(() -> multipartPosts().size() >= posts);
            return List.of();
        }
        // Summary cards may be replaced and the ticket's link posted at any time (the ticket sync runs on its own):
        // they are no answers. Answers go to the room asked in.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<JsonNode> all = posts();
            return all.subList(start, all.size()).stream().filter(p -> p.path("roomId").asText().equals(roomId)
                    && !summary(p) && !p.path("markdown").asText().startsWith("ServiceNow ticket **")).count() >= posts;
        });
        List<JsonNode> all = posts();
        return List.copyOf(all.subList(start, all.size()));
    }

    private static boolean summary(JsonNode post) {
        return post.path("roomId").asText().equals(INCIDENT_ROOM) && post.path("attachments").toString()
                .contains("In this room: /note");
    }

    /** The one post in this room that is not a summary card (those may be replaced at any time). */
    private static JsonNode only(List<JsonNode> posts, String roomId) {
        List<JsonNode> found = posts.stream().filter(p -> p.path("roomId").asText().equals(roomId)).toList();
        assertThat(found).as("posts in %s: %s", roomId, posts).isNotEmpty();
        return found.stream().filter(p -> !summary(p) && !p.path("markdown").asText().startsWith("ServiceNow ticket **"))
                .findFirst().orElse(found.get(0));
    }

    private static List<LoggedRequest> multipartPosts() {
        return IncidentWire.multipartPosts(wm);
    }

    private static String reportFile(String name) {
        return IncidentWire.reportFile(wm, name);
    }

    // --- cards

    /** A FactSet value by its title, anywhere in the card, as plain text. */
    private static String fact(JsonNode card, String title) {
        List<String> values = new ArrayList<>();
        card.findParents("facts").forEach(set -> set.path("facts").forEach(f -> {
            if (f.path("title").asText().equals(title)) {
                values.add(f.path("value").asText());
            }
        }));
        return values.isEmpty() ? null : values.get(0).replaceAll("\\\\(.)", "$1");
    }

    /** As the report's Markdown escapes text. */
    private static String mdEscape(String s) {
        return s.replaceAll("([\\\\`*_\\[\\]<>])", "\\\\$1");
    }
}

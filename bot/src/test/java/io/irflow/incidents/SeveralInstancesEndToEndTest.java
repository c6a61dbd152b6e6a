package io.irflow.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.servicenow.ServiceNowConfig;
import io.irflow.adapters.servicenow.ServiceNowTicketing;
import io.irflow.app.AppWiring;
import io.irflow.config.AppConfig;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.incidents.IncidentWire.read;
import static io.irflow.incidents.IncidentWire.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three bots started as production starts them, sharing one PostgreSQL schema, AMP polled every second, Webex and
 * ServiceNow on WireMock: one of them leads and polls; the alert card is posted once; the incident opened from it
 * (through another bot) gets one ServiceNow ticket; and when the leader goes away (its lock connection closes, as on
 * a kill) another bot polls within one interval.
 */
class SeveralInstancesEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .containerThreads(60)).build();

    private static final String INCIDENTS = "/api/now/table/incident";
    private static final String SYS_ID = "f3b2a91c1b7d4a50a4c2e8d3b1f07e21";
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final String ALICE = WebexStub.ANALYST;

    @TempDir
    Path dir;
    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private final List<AppWiring.Bot> bots = new ArrayList<>();

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(1).willReturn(okJson("""
                {"id": "MSG-{{randomValue length=24 type='ALPHANUMERIC'}}", "roomId": "x", "roomType": "group",
                 "created": "2026-01-01T00:00:00.000Z"}""").withTransformers("response-template")));
        webex.person(ALICE, WebexStub.ANALYST_EMAIL);
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(okJson(
                Fixtures.text("fixtures/webex/rooms/openapi-create-room-response.json"))));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(okJson(
                Fixtures.text("fixtures/webex/memberships/openapi-create-membership-response.json"))));
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("fixtures/servicenow/create-incident-201-response.json"))));
        wm.stubFor(patch(urlPathEqualTo(INCIDENTS + "/" + SYS_ID)).willReturn(okJson(
                Fixtures.text("fixtures/servicenow/patch-incident-200-response.json"))));
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(
                Fixtures.text("fixtures/servicenow/get-incidents-empty-200.json"))));
    }

    @AfterEach
    void stop() {
        bots.forEach(AppWiring.Bot::close);
    }

    @Test
    void one_leader_polls_one_card_one_ticket_and_a_new_leader_polls_within_an_interval() {
        String storage = TestDatabases.freshUrl("postgres", dir);
        for (int i = 0; i < 3; i++) {
            bots.add(start(storage));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> bots.stream().filter(AppWiring.Bot::leading).count() == 1);
        assertThat(bots).filteredOn(AppWiring.Bot::leading).hasSize(1);

        IncidentWire.serveEvent(wm, IncidentWire.executedMalware(6533298001234500914L));
        await().atMost(Duration.ofSeconds(20)).until(() -> !alertCards().isEmpty());
        int polled = polls();
        sleep(POLL.multipliedBy(4)); // every bot's pollers and publishers have run a few more times
        assertThat(alertCards()).hasSize(1);
        // One poller at one poll a second, not three: at most one more for timing.
        assertThat(polls() - polled).isBetween(3, 5);

        // The incident is opened through a bot that does not lead: every bot serves chat; one makes the ticket.
        AppWiring.Bot follower = bots.stream().filter(b -> !b.leading()).findFirst().orElseThrow();
        press(follower, submit(alertCards().get(0), "Open incident").path("data"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS)))
                .isEmpty());
        sleep(POLL.multipliedBy(3));
        List<LoggedRequest> creates = wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS)));
        assertThat(creates).hasSize(1);
        String incident = read(creates.get(0).getBodyAsString()).path("correlation_id").asText();
        assertThat(new IncidentStore(follower.database().dataSource()).find(incident).orElseThrow().ticketNumber())
                .isEqualTo("INC0010017");

        AppWiring.Bot leader = bots.stream().filter(AppWiring.Bot::leading).findFirst().orElseThrow();
        bots.remove(leader);
        leader.close();
        Date gone = new Date();
        long goneAt = System.nanoTime();
        await().atMost(POLL.plus(Duration.ofMillis(1500))).pollInterval(Duration.ofMillis(20)).until(() ->
                bots.stream().anyMatch(AppWiring.Bot::leading) && polledSince(gone));
        long takeoverMillis = (System.nanoTime() - goneAt) / 1_000_000;
        System.out.println("leader failover: a new leader polled " + takeoverMillis + " ms after the old one went");
        assertThat(bots).filteredOn(AppWiring.Bot::leading).hasSize(1);
        assertThat(alertCards()).hasSize(1);
    }

    private AppWiring.Bot start(String storage) {
        String products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).yaml();
        AppConfig config = TestConfigs.bot(webex.url(), """
                lookups:
                  timeout: 2s
                  deadline: 3s
                security:
                  responders: ["alice@example.com"]
                incidents:
                  responders: ["bob@example.com"]
                storage:
                  url: "%s"
                alerts:
                  poll_interval: 1s
                  posts_per_second: 50
                """.formatted(storage) + products);
        ServiceNowTicketing snow = new ServiceNowTicketing(ServiceNowConfig.basic(new HttpSettings(wm.baseUrl(),
                Duration.ofSeconds(5), Duration.ofSeconds(20), null, true), "svc_webex_bot", "not-a-real-password",
                new ServiceNowConfig.TicketDefaults(null, null, "security", "malware", null)));
        return AppWiring.start(config, TestConfigs.fastTuning(), snow);
    }

    private void press(AppWiring.Bot bot, JsonNode data) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "several-instances-1");
        String message = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "several-instances-card-1");
        IncidentWire.stubCardAction(webex, id, message, WebexStub.ROOM, ALICE, data);
        int status = webhooks.deliver("http://127.0.0.1:" + bot.port() + "/webhooks/webex",
                SignedWebhooks.cardAction(id, message, WebexStub.ROOM, ALICE));
        assertThat(status).isEqualTo(200);
    }

    private static int polls() {
        return wm.findAll(getRequestedFor(urlPathEqualTo(IncidentWire.EVENTS))).size();
    }

    private static boolean polledSince(Date since) {
        return wm.findAll(getRequestedFor(urlPathEqualTo(IncidentWire.EVENTS))).stream()
                .anyMatch(r -> r.getLoggedDate().after(since));
    }

    /** The alert cards posted to Webex. */
    private static List<JsonNode> alertCards() {
        return webex().stream().filter(p -> p.has("attachments")
                && p.path("markdown").asText().startsWith("**Alert:**")).toList();
    }

    private static List<JsonNode> webex() {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).stream()
                .filter(r -> !String.valueOf(r.getHeader("Content-Type")).contains("multipart"))
                .map(r -> (JsonNode) read(r.getBodyAsString())).toList();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

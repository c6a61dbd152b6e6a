package io.irflow.adapters.servicenow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.incidents.Incident;
import io.irflow.incidents.IncidentStore;
import io.irflow.incidents.IncidentService;
import io.irflow.incidents.TicketOutboxStore;
import io.irflow.incidents.TicketSync;
import io.irflow.json.Json;
import io.irflow.store.Database;
import io.irflow.testing.FakeRooms;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.basic;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static io.irflow.adapters.servicenow.SnowFixtures.fixtureJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ServiceNow create that fails after ServiceNow may have acted (503, timeout) is not repeated blindly: the ticket
 * carries the incident id in {@code correlation_id}, and the retry first queries for it and adopts what it finds. The
 * ticket outbox, the incident and the ServiceNow adapter are real; ServiceNow is WireMock; both databases.
 */
class ServiceNowUncertainCreateTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant OPENED = Instant.parse("2026-11-27T10:00:00Z");
    private static final String ID = "IR-2026-0001";
    private static final String QUERY = "correlation_id=" + ID
            + "^correlation_display=irflow^ORDERBYDESCsys_created_on";

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(OPENED);
    private final FakeRooms rooms = new FakeRooms();
    private final ServiceNowTicketing snow = basic(wm.baseUrl());

    @AfterEach
    void close() {
        open.forEach(Database::close);
        snow.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_503_after_servicenow_created_the_ticket_is_followed_by_a_lookup_that_adopts_it(String kind) {
        Stack s = stack(kind);
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(503)));
        found(record(ID, "2026-11-27 10:00:01"));

        String id = s.open();
        s.sync().runOnce();
        assertThat(s.ticketNumber(id)).isNull();
        clock.advance(Duration.ofSeconds(3));
        s.sync().runOnce();

        wm.verify(1, postRequestedFor(urlPathEqualTo(INCIDENTS)));
        assertThat(created()).singleElement().satisfies(body -> {
            assertThat(body.path("correlation_id").asText()).isEqualTo(ID);
            assertThat(body.path("correlation_display").asText()).isEqualTo("irflow");
        });
        wm.verify(1, getRequestedFor(urlPathEqualTo(INCIDENTS)).withQueryParam("sysparm_query", equalTo(QUERY)));
        assertThat(s.ticketNumber(id)).isEqualTo("INC0010017");
        assertThat(s.repo().ticketSysId(id)).contains(SYS_ID);
        assertThat(s.service().timeline(s.incident(id))).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("ServiceNow ticket INC0010017 found (created by an earlier try whose answer was lost)"));
        assertThat(rooms.texts).anySatisfy(t -> assertThat(t).contains("INC0010017"));

        clock.advance(Duration.ofMinutes(10));
        s.sync().runOnce();
        wm.verify(1, postRequestedFor(urlPathEqualTo(INCIDENTS)));
        assertThat(s.service().unsynced(id)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_503_before_servicenow_created_anything_is_followed_by_exactly_one_more_create(String kind) {
        Stack s = stack(kind);
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).inScenario("create").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).inScenario("create").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(fixture("create-incident-201-response.json"))));
        // Nothing for this incident: an old ticket of a reused id (before a database reset) and a row whose
        // correlation_id differs (what an instance returns when it ignores an unknown query field) do not count.
        found(record(ID, "2026-10-01 09:00:00"), record("IR-2026-0099", "2026-11-27 10:00:01"));

        String id = s.open();
        s.sync().runOnce();
        clock.advance(Duration.ofSeconds(3));
        s.sync().runOnce();
        clock.advance(Duration.ofMinutes(10));
        s.sync().runOnce();

        wm.verify(2, postRequestedFor(urlPathEqualTo(INCIDENTS)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(INCIDENTS)).withQueryParam("sysparm_query", equalTo(QUERY)));
        assertThat(created()).allSatisfy(body -> assertThat(body.path("correlation_id").asText()).isEqualTo(ID));
        assertThat(s.ticketNumber(id)).isEqualTo("INC0010017");
        assertThat(s.service().timeline(s.incident(id))).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("ServiceNow ticket INC0010017 created"));
        assertThat(s.service().unsynced(id)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_lookup_answered_404_as_the_v1_api_does_for_no_match_creates_once_more(String kind) {
        lookupAnswered(kind, 404, "error-404-no-record.json");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_lookup_refused_with_403_cannot_check_and_creates_once_more_rather_than_never(String kind) {
        lookupAnswered(kind, 403, "error-403-acl-update.json");
    }

    private void lookupAnswered(String kind, int status, String body) {
        Stack s = stack(kind);
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).inScenario("create").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).inScenario("create").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(fixture("create-incident-201-response.json"))));
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(fixture(body))));

        String id = s.open();
        s.sync().runOnce();
        clock.advance(Duration.ofSeconds(3));
        s.sync().runOnce();

        wm.verify(2, postRequestedFor(urlPathEqualTo(INCIDENTS)));
        assertThat(s.ticketNumber(id)).isEqualTo("INC0010017");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_failed_lookup_creates_nothing_and_is_tried_again(String kind) {
        Stack s = stack(kind);
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(504)));
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(503)));

        String id = s.open();
        s.sync().runOnce();
        clock.advance(Duration.ofSeconds(3));
        s.sync().runOnce();

        wm.verify(1, postRequestedFor(urlPathEqualTo(INCIDENTS)));
        assertThat(s.ticketNumber(id)).isNull();
        assertThat(s.service().unsynced(id)).first().asString().contains("2 tries");
    }

    /** The service and its sync over a fresh database, with the real ServiceNow adapter. */
    private record Stack(IncidentService service, TicketSync sync, IncidentStore repo) {
        String open() {
            return service.open("Ransomware on finance laptop", 2,
                    List.of(new Observable(ObservableType.HOSTNAME, "wks-fin-042")), "carol@example.com", null)
                    .incident().id();
        }

        Incident incident(String id) {
            return service.find(id).orElseThrow();
        }

        String ticketNumber(String id) {
            return incident(id).ticketNumber();
        }
    }

    private Stack stack(String kind) {
        Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        open.add(db);
        IncidentStore repo = new IncidentStore(db.dataSource());
        TicketOutboxStore outbox = new TicketOutboxStore(db.dataSource());
        IncidentService service = new IncidentService(repo, outbox, rooms, List.of("bob@example.com"),
                snow.product(), room -> List.of(), clock);
        TicketSync sync = new TicketSync(outbox, repo, snow, rooms, clock, Duration.ofSeconds(2),
                Duration.ofMinutes(5), null);
        wm.stubFor(patch(urlPathEqualTo(INCIDENTS + "/" + SYS_ID)).willReturn(okJson(
                fixture("patch-incident-200-response.json"))));
        wm.stubFor(get(urlPathEqualTo(SnowFixtures.USERS)).willReturn(okJson(fixture("get-incidents-empty-200.json"))));
        return new Stack(service, sync, repo);
    }

    /** ServiceNow answers the correlation query with these rows. */
    private static void found(ObjectNode... rows) {
        ObjectNode answer = Json.mapper().createObjectNode();
        for (ObjectNode r : rows) {
            answer.withArray("result").add(r);
        }
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).withQueryParam("sysparm_query", equalTo(QUERY))
                .willReturn(okJson(answer.toString())));
    }

    /** The reference record with this correlation id and creation time (only the fields the query asks for). */
    private static ObjectNode record(String correlationId, String createdOn) {
        ObjectNode full = (ObjectNode) fixtureJson("create-incident-201-response.json").get("result");
        return Json.mapper().createObjectNode().put("sys_id", full.path("sys_id").asText())
                .put("number", full.path("number").asText()).put("correlation_id", correlationId)
                .put("sys_created_on", createdOn);
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> created() {
        return wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS))).stream().map(LoggedRequest::getBodyAsString)
                .map(b -> {
                    try {
                        return Json.mapper().readTree(b);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
    }
}

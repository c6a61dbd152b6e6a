package io.irflow.adapters.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.incidents.IncidentService;
import io.irflow.incidents.IncidentStore;
import io.irflow.incidents.TicketOutboxStore;
import io.irflow.incidents.TicketSync;
import io.irflow.json.Json;
import io.irflow.store.Claimant;
import io.irflow.store.Database;
import io.irflow.testing.FakeRooms;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances on one database drain one ticket outbox: each incident gets exactly one ServiceNow ticket, its
 * changes follow the create, and a create claimed by an instance that died is finished by another once the claim lapses
 * (looking first for the ticket the dead one may have made). Real stores, sync and ServiceNow adapter; ServiceNow is
 * WireMock; each instance has its own connection pool.
 */
class ServiceNowSharedOutboxTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant OPENED = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final List<ServiceNowTicketing> clients = new ArrayList<>();
    private final MutableClock clock = new MutableClock(OPENED);

    /** One irflow instance: its own pool, stores, service, sync and ServiceNow client. */
    private record Instance(IncidentService service, TicketSync sync, TicketOutboxStore outbox, IncidentStore repo) {
    }

    @BeforeEach
    void servicenow() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(fixture("create-incident-201-response.json"))));
        wm.stubFor(patch(urlPathEqualTo(INCIDENTS + "/" + SYS_ID)).willReturn(okJson(
                fixture("patch-incident-200-response.json"))));
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(fixture("get-incidents-empty-200.json"))));
        wm.stubFor(get(urlPathEqualTo(SnowFixtures.USERS)).willReturn(okJson(fixture("get-incidents-empty-200.json"))));
    }

    @AfterEach
    void close() {
        clients.forEach(ServiceNowTicketing::close);
        open.forEach(Database::close);
    }

    @Test
    void three_instances_make_exactly_one_ticket_per_incident_and_send_its_changes_after_it() throws Exception {
        String url = TestDatabases.freshUrl("postgres", dir);
        List<Instance> instances = List.of(instance(url, "a"), instance(url, "b"), instance(url, "c"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = open(instances.get(i % 3));
            ids.add(id);
            instances.get(0).outbox().enqueue(id, TicketOutboxStore.Op.UPDATE, "note", null, null, "note for " + id,
                    null, null, OPENED);
        }

        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Instance instance : instances) {
            Thread t = new Thread(() -> {
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ids.stream().anyMatch(id -> !instance.outbox().pending(id).isEmpty())
                        && System.nanoTime() < until) {
                    try {
                        instance.sync().runOnce();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(failures).isEmpty();
        List<LoggedRequest> all = wm.findAll(anyRequestedFor(urlPathMatching(INCIDENTS + "(/" + SYS_ID + ")?")));
        for (String id : ids) {
            assertThat(instances.get(0).outbox().pending(id)).isEmpty();
            List<Integer> creates = new ArrayList<>();
            int note = -1;
            for (int i = 0; i < all.size(); i++) {
                LoggedRequest r = all.get(i);
                if (r.getMethod().getName().equals("POST") && json(r).path("correlation_id").asText().equals(id)) {
                    creates.add(i);
                } else if (r.getMethod().getName().equals("PATCH") && r.getBodyAsString().contains("note for " + id)) {
                    note = i;
                }
            }
            assertThat(creates).as("creates for %s", id).hasSize(1);
            assertThat(note).as("the note for %s follows its create", id).isGreaterThan(creates.get(0));
        }
        wm.verify(ids.size(), postRequestedFor(urlPathEqualTo(INCIDENTS)));
        wm.verify(0, getRequestedFor(urlPathEqualTo(INCIDENTS)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_create_claimed_by_an_instance_that_died_is_finished_by_another_once_the_claim_lapses(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Instance dead = instance(url, "dead");
        Instance alive = instance(url, "alive");
        String id = open(dead);
        long create = dead.outbox().pending(id).get(0).id();
        assertThat(dead.outbox().claim(create, OPENED)).isPresent();

        alive.sync().runOnce();
        clock.advance(Duration.ofMinutes(4));
        alive.sync().runOnce();
        wm.verify(0, postRequestedFor(urlPathEqualTo(INCIDENTS)));

        clock.advance(Duration.ofMinutes(2));
        alive.sync().runOnce();

        // The dead instance may have created the ticket before it died: the one taking over looks first.
        wm.verify(1, getRequestedFor(urlPathEqualTo(INCIDENTS)));
        wm.verify(1, postRequestedFor(urlPathEqualTo(INCIDENTS)));
        assertThat(alive.repo().find(id).orElseThrow().ticketNumber()).isEqualTo("INC0010017");
        assertThat(alive.outbox().pending(id)).isEmpty();
    }

    private Instance instance(String url, String name) {
        Database db = TestDatabases.open(url);
        open.add(db);
        DataSource ds = db.dataSource();
        // Generous timeouts: a try that times out after ServiceNow acted would be retried, which is another test.
        ServiceNowTicketing snow = new ServiceNowTicketing(ServiceNowConfig.basic(new HttpSettings(wm.baseUrl(),
                Duration.ofSeconds(5), Duration.ofSeconds(20), null, true), SnowFixtures.USER, SnowFixtures.PASSWORD,
                SnowFixtures.DEFAULTS));
        clients.add(snow);
        FakeRooms rooms = new FakeRooms();
        IncidentStore repo = new IncidentStore(ds);
        TicketOutboxStore outbox = new TicketOutboxStore(ds, new Claimant(name, Duration.ofMinutes(5)));
        IncidentService service = new IncidentService(repo, outbox, rooms, List.of("bob@example.com"), snow.product(),
                room -> List.of(), clock);
        TicketSync sync = new TicketSync(outbox, repo, snow, rooms, clock, Duration.ofSeconds(2), Duration.ofMinutes(5),
                null);
        return new Instance(service, sync, outbox, repo);
    }

    private static String open(Instance instance) {
        return instance.service().open("Ransomware on finance laptop", 2,
                List.of(new Observable(ObservableType.HOSTNAME, "wks-fin-042")), "carol@example.com", null)
                .incident().id();
    }

    private static JsonNode json(LoggedRequest r) {
        try {
            return Json.mapper().readTree(r.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

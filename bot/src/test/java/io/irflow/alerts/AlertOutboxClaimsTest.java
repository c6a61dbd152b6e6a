package io.irflow.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.capabilities.Alert;
import io.irflow.json.Json;
import io.irflow.store.Claimant;
import io.irflow.store.Database;
import io.irflow.store.Jdbc;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances on one database drain one alert outbox: every card and threaded update reaches (stubbed) Webex
 * once, in its thread; a post claimed by an instance that died is posted by another once the claim lapses; threaded
 * posts waiting for their card never crowd out other hosts' cards, and those whose card failed for good are given up.
 * Real stores, real Webex client against WireMock; each instance has its own connection pool.
 */
class AlertOutboxClaimsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String ROOM = "room-alerts";

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final List<WebexClient> clients = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void webexPostsAnswerWithTheirOwnMessageId() {
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\":\"MSG-{{randomValue length=16 type='ALPHANUMERIC'}}\",\"roomId\":\"" + ROOM
                        + "\"}")));
    }

    @AfterEach
    void close() {
        clients.forEach(WebexClient::close);
        open.forEach(Database::close);
    }

    @Test
    void three_instances_post_every_card_and_update_once_each_in_its_own_thread() throws Exception {
        String url = TestDatabases.freshUrl("postgres", dir);
        List<DataSource> instances = IntStream.range(0, 3).mapToObj(i -> open(url)).toList();
        List<String> hosts = IntStream.range(0, 30).mapToObj(i -> "wks-" + i).toList();
        ingest(instances.get(0), hosts, "1", NOW);
        ingest(instances.get(1), hosts, "2", NOW);

        List<AlertPublisher> publishers = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            publishers.add(publisher(instances.get(i), new Claimant("instance-" + i, Duration.ofMinutes(5))));
        }
        AlertOutboxStore reader = new AlertOutboxStore(instances.get(2));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (AlertPublisher p : publishers) {
            Thread t = new Thread(() -> {
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (reader.pendingPosts() > 0 && System.nanoTime() < until) {
                    try {
                        p.run();
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
        assertThat(reader.pendingPosts()).isZero();
        List<JsonNode> posts = posts();
        assertThat(posts).extracting(p -> p.path("markdown").asText()).doesNotHaveDuplicates().hasSize(60);
        Map<String, String> cardMessage = new HashMap<>();
        Jdbc jdbc = new Jdbc(instances.get(0));
        for (Object[] row : jdbc.query("SELECT markdown, message_id, state, claimed_by FROM outbox "
                + "WHERE thread_of_group = FALSE", rs -> new Object[]{rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4)})) {
            assertThat(row[2]).isEqualTo("SENT");
            assertThat(row[3]).isNull();
            cardMessage.put((String) row[0], (String) row[1]);
        }
        for (String host : hosts) {
            JsonNode update = posts.stream().filter(p -> p.path("markdown").asText().equals("2 events on " + host))
                    .findFirst().orElseThrow();
            assertThat(update.path("parentId").asText()).isEqualTo(cardMessage.get("Executed malware on " + host));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_post_claimed_by_an_instance_that_died_is_posted_by_another_once_the_claim_lapses(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        DataSource db = open(url);
        ingest(db, List.of("wks-1"), "1", NOW);
        AlertOutboxStore dead = new AlertOutboxStore(db, new Claimant("dead", Duration.ofMinutes(5)));
        long card = dead.claimable(NOW, 10).get(0).id();
        assertThat(dead.claim(card, NOW)).isPresent();
        AlertPublisher alive = publisher(db, new Claimant("alive", Duration.ofMinutes(5)));

        alive.run();
        clock.advance(Duration.ofMinutes(4));
        alive.run();
        assertThat(posts()).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        alive.run();
        alive.run();

        // The dead instance may have posted it before it died: the copy says so.
        assertThat(posts()).singleElement().satisfies(p -> assertThat(p.path("markdown").asText())
                .isEqualTo("_" + AlertPublisher.RESENT_NOTE + "_\n\nExecuted malware on wks-1"));
        assertThat(new Jdbc(db).query("SELECT state, attempts, claimed_by FROM outbox WHERE id = ?",
                rs -> rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getString(3), card))
                .containsExactly("SENT/1/null");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void threads_waiting_for_their_card_never_block_other_hosts_and_those_whose_card_failed_for_good_are_given_up(
            String kind) {
        DataSource db = open(TestDatabases.freshUrl(kind, dir));
        List<String> bad = IntStream.range(0, 25).mapToObj(i -> "bad-" + i).toList();
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).withRequestBody(containing("bad-")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"bad request\",\"trackingId\":\"T-1\"}")));
        ingest(db, bad, "1", NOW);
        ingest(db, bad, "2", NOW);
        ingest(db, List.of("good"), "1", NOW);
        AlertPublisher publisher = publisher(db, new Claimant("only", Duration.ofMinutes(5)));

        publisher.run();
        publisher.run();
        ingest(db, List.of("good"), "2", NOW);
        publisher.run();
        publisher.run();

        // The bad hosts' cards are retrying and their 25 updates wait for them, yet the good host's card and update
        // went out (with the old outbox, the waiting updates filled every batch of 20).
        assertThat(posts()).extracting(p -> p.path("markdown").asText())
                .containsExactly("Executed malware on good", "2 events on good");

        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofMinutes(10));
            publisher.run();
        }

        List<String> updates = new Jdbc(db).query("SELECT state, last_error FROM outbox WHERE thread_of_group = TRUE "
                + "AND markdown LIKE '2 events on bad-%'", rs -> rs.getString(1) + ": " + rs.getString(2));
        assertThat(updates).hasSize(25).allSatisfy(u -> assertThat(u)
                .isEqualTo("FAILED: its group's first card was never posted"));
        assertThat(new AlertOutboxStore(db).pendingPosts()).isZero();
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages")).withRequestBody(containing("bad-"))))
                .hasSize(25 * AlertPublisher.MAX_ATTEMPTS);
        assertThat(posts()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_held_card_being_posted_after_its_hold_ran_out_can_no_longer_be_released(String kind) {
        DataSource db = open(TestDatabases.freshUrl(kind, dir));
        AlertOutboxStore outbox = new AlertOutboxStore(db, new Claimant("poster", Duration.ofMinutes(5)));
        long held = outbox.enqueue(ROOM, new AlertOutboxStore.Post("as rendered", null, true), NOW);
        long other = outbox.enqueue(ROOM, new AlertOutboxStore.Post("other", null, true), NOW);
        Instant ranOut = NOW.plus(AlertOutboxStore.HOLD).plusSeconds(1);

        assertThat(outbox.claim(held, ranOut)).hasValueSatisfying(r -> assertThat(r.markdown())
                .isEqualTo("as rendered"));

        // The pipeline must post its outcome separately: the card going out now would not carry it.
        assertThat(outbox.release(held, new AlertOutboxStore.Post("with outcome", null), ranOut)).isFalse();
        assertThat(outbox.release(other, new AlertOutboxStore.Post("with outcome", null), ranOut)).isTrue();
    }

    private DataSource open(String url) {
        Database db = TestDatabases.open(url);
        open.add(db);
        return db.dataSource();
    }

    private AlertPublisher publisher(DataSource db, Claimant claimant) {
        // No client retries; production timeouts, so a slow first answer on a busy machine is no failed try (a
        // try that may have posted is re-sent with a note, which is another test).
        WebexClient webex = new WebexClient(wm.baseUrl() + "/v1", "token", new RetryPolicy(0, Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(20)), d -> { });
        clients.add(webex);
        return new AlertPublisher(new AlertOutboxStore(db, claimant), new AlertGroupStore(db), webex, clock, 1000);
    }

    /** One event per host (ids {@code <host>-<n>}): a host's first makes its card, its second one threaded update. */
    private static void ingest(DataSource db, List<String> hosts, String n, Instant at) {
        List<Alert> alerts = hosts.stream().map(h -> new Alert("AMP for Endpoints", h + "-" + n, at, "Executed malware",
                null, null, new Alert.AlertHost(h, null, null, null), null, null, null, null)).toList();
        new AlertSeenStore(db).ingest("AMP for Endpoints", alerts, n, ROOM, Duration.ofMinutes(10), at,
                new AlertSeenStore.Renderer() {
                    @Override
                    public AlertOutboxStore.Post card(Alert alert, String ref) {
                        return new AlertOutboxStore.Post("Executed malware on " + alert.host().hostname(), null);
                    }

                    @Override
                    public AlertOutboxStore.Post update(Alert alert, int count) {
                        return new AlertOutboxStore.Post(count + " events on " + alert.host().hostname(), null);
                    }
                });
    }

    private static List<JsonNode> posts() {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).stream()
                .filter(r -> !r.getBodyAsString().contains("bad-")).map(LoggedRequest::getBodyAsString).map(b -> {
                    try {
                        return Json.mapper().readTree(b);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }
}

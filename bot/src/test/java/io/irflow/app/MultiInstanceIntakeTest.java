package io.irflow.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.config.AppConfig;
import io.irflow.store.Jdbc;
import io.irflow.testing.Fixtures;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import io.irflow.testing.WebexStub;
import io.irflow.webex.webhook.IntakeStore;
import io.irflow.webex.webhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several bots on one PostgreSQL database, Webex stubbed: the same signed deliveries sent to every instance are
 * answered once, events an instance held when it died are finished by another, a replay after a restart is a
 * duplicate, and a burst beyond the workers' room gets only 2xx.
 */
class MultiInstanceIntakeTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @TempDir
    Path dir;

    private final WebexStub webex = new WebexStub(wm);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SignedWebhooks signer = new SignedWebhooks(TestConfigs.SECRET);
    private final List<AppWiring.Bot> bots = new ArrayList<>();
    private AppConfig config;

    /** A status and body of one delivery. */
    record Answer(int status, String body) {
    }

    private List<AppWiring.Bot> start(int instances) {
        webex.bot("irflow");
        config = TestConfigs.bot(webex.url(), "storage:\n  url: \"" + TestDatabases.freshUrl("postgres", dir) + "\"\n");
        for (int i = 0; i < instances; i++) {
            bots.add(AppWiring.start(config, TestConfigs.fastTuning()));
        }
        return bots;
    }

    @AfterEach
    void stop() {
        bots.forEach(AppWiring.Bot::close);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void the_same_deliveries_sent_to_every_instance_are_answered_once(int instances) throws Exception {
        start(instances);
        List<String> ids = messages("multi-" + instances, 40);
        ExecutorService senders = Executors.newFixedThreadPool(12);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (String id : ids) {
                for (AppWiring.Bot bot : bots) {
                    answers.add(senders.submit(() -> deliver(bot, id)));
                }
            }
            List<Answer> all = new ArrayList<>();
            for (Future<Answer> f : answers) {
                all.add(f.get());
            }
            assertThat(all).extracting(Answer::status).containsOnly(200);
            assertThat(all.stream().filter(a -> a.body().contains("accepted")).count()).isEqualTo(ids.size());
            assertThat(all.stream().filter(a -> a.body().contains("duplicate")).count())
                    .isEqualTo((long) ids.size() * (instances - 1));
        } finally {
            senders.shutdownNow();
        }
        assertAnsweredOnce(ids);
    }

    @Test
    void events_an_instance_held_when_it_died_are_finished_by_another() {
        start(2);
        List<String> ids = messages("crashed", 20);
        // What a dead instance leaves: rows recorded (acknowledged) and leased to it, never finished.
        // The dead instance had replied to the first one before it died, but not marked it done.
        String repliedBeforeTheKill = ids.get(0);
        ObjectNode replies = io.irflow.json.Json.mapper().createObjectNode();
        replies.putArray("items").add(Fixtures.json("fixtures/webex/messages/capture-message-direct-bot-reply-threaded.json")
                .put("personId", WebexStub.BOT_ID).put("parentId", repliedBeforeTheKill));
        webex.stub(get(urlPathEqualTo("/v1/messages")).withQueryParam("parentId", equalTo(repliedBeforeTheKill)), replies);
        IntakeStore store = new IntakeStore(bots.get(0).database().dataSource(), Clock.systemUTC());
        store.write(ids.stream().map(id -> new IntakeStore.NewEvent(event(id), "killed-instance",
                Instant.now().plusSeconds(2))).toList(), List.of());
        sleep(1000);
        assertThat(webex.posted()).as("not while its lease holds").isEmpty();

        assertAnsweredOnce(ids.subList(1, ids.size()));
        assertThat(repliedTo()).as("answered before the kill: not again").doesNotContainKey(repliedBeforeTheKill);
        assertThat(deliver(bots.get(1), ids.get(0)).body()).as("still known after the takeover").contains("duplicate");
    }

    @Test
    void a_replay_after_a_restart_is_answered_duplicate_and_not_processed_again() {
        start(1);
        List<String> ids = messages("replay", 3);
        ids.forEach(id -> assertThat(deliver(bots.get(0), id).body()).contains("accepted"));
        assertAnsweredOnce(ids);

        bots.remove(0).close();
        bots.add(AppWiring.start(config, TestConfigs.fastTuning()));

        for (String id : ids) {
            Answer a = deliver(bots.get(0), id);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).contains("duplicate");
        }
        sleep(500);
        assertAnsweredOnce(ids);
    }

    @Test
    void a_burst_beyond_the_old_queue_gets_only_2xx_and_every_delivery_is_answered_once() throws Exception {
        start(2);
        int burst = TestConfigs.fastTuning().queueCapacity() * 3;
        List<String> ids = messages("burst", burst);
        ExecutorService senders = Executors.newFixedThreadPool(24);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                AppWiring.Bot bot = bots.get(i % 2 == 0 || i > burst / 2 ? 0 : 1);
                String id = ids.get(i);
                answers.add(senders.submit(() -> deliver(bot, id)));
            }
            for (Future<Answer> f : answers) {
                assertThat(f.get().status()).isEqualTo(200);
            }
        } finally {
            senders.shutdownNow();
        }
        assertAnsweredOnce(ids);
    }

    /** Stubs {@code GET /messages/{id}} ("help" in a 1:1 room) for n new ids. */
    private List<String> messages(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "Y2lzY29zcGFyazovL3VzL01FU1NBR0Uv" + prefix + "-" + i;
            webex.message("capture-message-direct-user.json", id, "direct", "help");
            ids.add(id);
        }
        return ids;
    }

    private void assertAnsweredOnce(List<String> ids) {
        await().atMost(Duration.ofSeconds(30)).until(() -> repliedTo().keySet().containsAll(ids));
        sleep(500);
        Map<String, Long> replies = repliedTo();
        assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(replies.values()).as("each answered once").containsOnly(1L);
        assertThat(new Jdbc(bots.get(0).database().dataSource()).query(
                "SELECT COUNT(*) FROM webex_event WHERE done_at IS NULL", rs -> rs.getLong(1))).containsExactly(0L);
    }

    private Map<String, Long> repliedTo() {
        return webex.posted().stream().map(p -> p.path("parentId").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static WebhookEvent event(String id) {
        return new WebhookEvent("wh", "irflow messages", "messages", "created", WebexStub.ANALYST,
                new WebhookEvent.Data(id, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL, null,
                        null, null, Instant.now().toString()));
    }

    private Answer deliver(AppWiring.Bot bot, String id) {
        byte[] body = Fixtures.write(SignedWebhooks.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL)).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/webhooks/webex"))
                .header("Content-Type", "application/json").header("X-Spark-Signature", signer.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.irflow.app;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.store.Database;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /readyz} reads what a background job found; a Webex that hangs cannot hold the request, only go stale. */
class ReadinessTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private ScheduledExecutorService scheduler;
    private WebexClient webex;
    private Database database;
    private HttpServer server;

    @BeforeEach
    void setUp() {
        new WebexStub(wm).bot("irflow");
        webex = new WebexClient(wm.baseUrl() + "/v1", "t", new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofSeconds(30)));
        database = Database.open(TestConfigs.memoryDatabase());
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        if (server != null) {
            server.close();
        }
        wm.resetAll();
        webex.close();
        database.close();
    }

    private void serve(Readiness readiness) {
        server = new HttpServer("127.0.0.1", 0, new HttpServer.Routes(null, null, readiness, java.util.Map::of));
        server.start();
    }

    private HttpResponse<String> readyz() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyz_answers_at_once_while_webex_hangs_and_is_not_ready_once_the_checks_are_stale() throws Exception {
        Readiness readiness = new Readiness(webex, database, clock, null, INTERVAL);
        readiness.start(scheduler);
        serve(readiness);
        assertThat(readyz().statusCode()).isEqualTo(200);

        wm.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(aResponse().withFixedDelay(8_000).withStatus(200)));
        int before = wm.findAll(getRequestedFor(urlPathEqualTo("/v1/people/me"))).size();
        await().atMost(Duration.ofSeconds(3)).until(() ->
                wm.findAll(getRequestedFor(urlPathEqualTo("/v1/people/me"))).size() > before);
        Thread.sleep(300);

        long started = System.nanoTime();
        HttpResponse<String> during = readyz();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMs).isLessThan(1_000);
        assertThat(during.statusCode()).isEqualTo(200);

        clock.advance(INTERVAL.multipliedBy(Readiness.STALE_INTERVALS).plusMillis(1));
        started = System.nanoTime();
        HttpResponse<String> stale = readyz();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
        assertThat(stale.statusCode()).isEqualTo(503);
        assertThat(stale.body()).contains("\"checks\":\"stale: none completed since 2026-12-01T10:00:00Z");
    }

    @Test
    void a_refused_token_is_reported_by_the_next_round_without_a_request_asking_webex() throws Exception {
        Readiness readiness = new Readiness(webex, database, clock, null, INTERVAL);
        readiness.start(scheduler);
        serve(readiness);
        wm.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(aResponse().withStatus(401)));

        await().atMost(Duration.ofSeconds(3)).until(() -> readyz().statusCode() == 503);
        assertThat(readyz().body()).contains("\"webex\":\"token refused (401)\"", "\"database\":\"ok\"");
        scheduler.shutdownNow();
        int asked = wm.findAll(getRequestedFor(urlPathEqualTo("/v1/people/me"))).size();
        for (int i = 0; i < 5; i++) {
            readyz();
        }
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/v1/people/me")))).hasSize(asked);
    }

    @Test
    void before_the_first_round_it_is_not_ready() {
        Readiness readiness = new Readiness(webex, database, clock, () -> "ok", INTERVAL);
        assertThat(readiness.check()).containsEntry("checks", "not run yet");
        assertThat(readiness.ready()).isFalse();
    }

    @Test
    void a_load_balancer_polling_many_times_a_second_costs_webex_and_the_database_one_check_per_interval()
            throws Exception {
        Duration interval = Duration.ofSeconds(2);
        Readiness readiness = new Readiness(webex, database, clock, null, interval);
        readiness.start(scheduler);
        serve(readiness);
        int atStart = wm.findAll(getRequestedFor(urlPathEqualTo("/v1/people/me"))).size();

        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            assertThat(readyz().statusCode()).isEqualTo(200);
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        int asked = wm.findAll(getRequestedFor(urlPathEqualTo("/v1/people/me"))).size() - atStart;
        // One round ran at start; within the polling at most one more per started interval.
        assertThat(asked).isLessThanOrEqualTo((int) (tookMs / interval.toMillis()) + 1);
    }

    @Test
    void a_database_that_is_down_makes_readyz_503_naming_the_database() throws Exception {
        Readiness readiness = new Readiness(webex, database, clock, null, INTERVAL);
        readiness.start(scheduler);
        serve(readiness);
        assertThat(readyz().statusCode()).isEqualTo(200);

        database.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> readyz().statusCode() == 503);
        assertThat(readyz().body()).contains("\"database\":\"unreachable\"", "\"webex\":\"ok\"");
    }
}

package io.irflow.alerts;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.capabilities.Alert;
import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.MutableClock;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.alerts.AlertSeenStoreTest.T0;
import static io.irflow.alerts.AlertSeenStoreTest.WINDOW;
import static io.irflow.alerts.HostThreadsTest.amp;
import static io.irflow.alerts.HostThreadsTest.cognitive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host's top card that named only its address is replaced, once a product names the host, by one naming it: the
 * replacement is recorded with the event, the old card is deleted only after the new one is posted, a failed delete
 * is finished by the next round or a restarted publisher, and later posts thread under the new card. Real stores on
 * both databases, real Webex client against WireMock.
 */
class HostCardReplacementTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private final MutableClock clock = new MutableClock(T0);
    private final WebexClient webex = new WebexClient(wm.baseUrl() + "/v1", "token",
            new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(2),
                    Duration.ofSeconds(2)), d -> { });
    private final List<String> earlierSeen = new java.util.ArrayList<>();
    private DataSource ds;
    private AlertSeenStore store;
    private HostThreads threads;

    /** Cards as "card <id> on <host>", replacements also list what came before; updates "<n> events". */
    private final AlertSeenStore.Renderer renderer = new AlertSeenStore.Renderer() {
        @Override
        public AlertOutboxStore.Post card(Alert a, String ref) {
            String host = a.host().hostname() != null ? a.host().hostname() : a.host().ip();
            return new AlertOutboxStore.Post("card " + a.id() + " on " + host, "{\"type\":\"AdaptiveCard\"}");
        }

        @Override
        public AlertOutboxStore.Post replacement(Alert a, String ref, List<String> earlier) {
            earlierSeen.addAll(earlier);
            return new AlertOutboxStore.Post("card " + a.id() + " on " + a.host().hostname() + " replacing: "
                    + String.join("; ", earlier), "{\"type\":\"AdaptiveCard\"}");
        }

        @Override
        public AlertOutboxStore.Post update(Alert a, int count) {
            return new AlertOutboxStore.Post(count + " events", null);
        }
    };

    @AfterEach
    void close() {
        webex.close();
    }

    private void open(String kind) {
        ds = databases.open(kind);
        store = new AlertSeenStore(ds);
        threads = new HostThreads(store.hosts(), IdentityResolver.none());
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson("""
                {"id": "MSG-{{randomValue length=12 type='ALPHANUMERIC'}}"}""")
                .withTransformers("response-template")));
    }

    private void ingest(Alert... alerts) {
        store.ingestPlaced(alerts[0].source(), threads.place(List.of(alerts), false), null, "room", WINDOW, T0, renderer);
    }

    private AlertPublisher publisher() {
        return new AlertPublisher(new AlertOutboxStore(ds), new AlertGroupStore(ds), webex, clock, 1000);
    }

    /** The Webex posts, oldest first: "top: markdown" or "under <parent>: markdown", with the id Webex gave. */
    private static List<String[]> posts() {
        List<LoggedRequest> requests = new java.util.ArrayList<>(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))));
        requests.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return requests.stream().map(r -> {
            var body = io.irflow.json.Json.mapper().valueToTree(parse(r.getBodyAsString()));
            return new String[]{body.has("parentId") ? body.path("parentId").asText() : null,
                    body.path("markdown").asText()};
        }).toList();
    }

    private static Object parse(String json) {
        try {
            return io.irflow.json.Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String messageOf(String markdownStart) {
        return new Jdbc(ds).query("SELECT message_id FROM outbox WHERE markdown LIKE ?", rs -> rs.getString(1),
                markdownStart + "%").get(0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void the_old_card_is_deleted_after_the_new_one_is_posted_and_a_failed_delete_is_finished_after_a_restart(String kind) {
        open(kind);
        wm.stubFor(delete(urlPathMatching("/v1/messages/.+")).willReturn(aResponse().withStatus(502)));
        ingest(cognitive("c1", HostThreadsTest.IP, 0), cognitive("c2", HostThreadsTest.IP, 1));
        publisher().run();
        publisher().run(); // a threaded update goes out in the round after its first card has a Webex id
        String old = messageOf("card c1");

        ingest(amp("a1", 2));
        publisher().run();
        // Webex failed the delete: the replacement stays recorded (a crash here would leave the same state).
        wm.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/messages/" + old)));
        assertThat(new Jdbc(ds).query("SELECT replaced_outbox_id FROM alert_group", rs -> rs.getObject(1)))
                .singleElement().isNotNull();

        wm.stubFor(delete(urlPathMatching("/v1/messages/.+")).willReturn(aResponse().withStatus(204)));
        publisher().run(); // a restarted publisher on the same database
        publisher().run();

        wm.verify(2, deleteRequestedFor(urlPathEqualTo("/v1/messages/" + old)));
        wm.verify(2, deleteRequestedFor(urlPathMatching("/v1/messages/.+")));
        assertThat(new Jdbc(ds).query("SELECT replaced_outbox_id FROM alert_group", rs -> rs.getObject(1)))
                .singleElement().isNull();
        String named = messageOf("card a1");
        List<String[]> posts = posts();
        assertThat(posts).extracting(p -> p[0] == null ? "top: " + p[1] : "under " + p[0] + ": " + p[1])
                .containsExactly("top: card c1 on " + HostThreadsTest.IP, "under " + old + ": 2 events",
                        "top: card a1 on " + HostThreadsTest.NAME + " replacing: " + HostThreadsTest.COGNITIVE
                                + ": C2: gate.badguys.example (2 events)");
        assertThat(new AlertGroupStore(ds).groupMessage("host|ip:" + HostThreadsTest.IP)).contains(named);

        // Later events on the host thread under the card that names it, and count their own kind.
        ingest(cognitive("c3", HostThreadsTest.IP, 3));
        publisher().run();
        assertThat(posts().get(posts().size() - 1)).containsExactly(named, "3 events");
        assertThat(posts()).filteredOn(p -> p[0] == null).hasSize(2);
    }

    @Test
    void an_old_card_still_waiting_goes_out_first_and_is_then_deleted_and_one_given_up_needs_nothing() {
        open("h2");
        wm.stubFor(delete(urlPathMatching("/v1/messages/.+")).willReturn(aResponse().withStatus(204)));
        ingest(cognitive("c1", HostThreadsTest.IP, 0));
        ingest(amp("a1", 1));

        publisher().run();

        String old = messageOf("card c1");
        wm.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/messages/" + old)));
        assertThat(posts()).extracting(p -> p[1]).containsExactly("card c1 on " + HostThreadsTest.IP,
                "card a1 on " + HostThreadsTest.NAME + " replacing: " + HostThreadsTest.COGNITIVE
                        + ": C2: gate.badguys.example (1 event)");

        // The same on a host whose first card Webex never took: nothing to delete, the replacement is settled.
        ingest(new Alert(HostThreadsTest.COGNITIVE, "c9", T0, "C2", "C2: x", "High",
                new Alert.AlertHost(null, "10.10.20.99", null, null), null, null, null, null));
        new Jdbc(ds).update("UPDATE outbox SET state = 'FAILED' WHERE markdown LIKE 'card c9%'");
        ingest(new Alert(HostThreadsTest.AMP, "a9", T0.plusSeconds(5), "Executed malware", "W32.X", "High",
                new Alert.AlertHost("WKS-9", "10.10.20.99", null, null), null, null, null, null));
        publisher().run();

        wm.verify(1, deleteRequestedFor(urlPathMatching("/v1/messages/.+")));
        assertThat(new Jdbc(ds).query("SELECT COUNT(*) FROM alert_group WHERE replaced_outbox_id IS NOT NULL",
                rs -> rs.getInt(1))).containsExactly(0);
    }
}

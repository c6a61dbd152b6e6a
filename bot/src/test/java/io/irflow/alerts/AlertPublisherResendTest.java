package io.irflow.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.capabilities.Alert;
import io.irflow.cards.Card;
import io.irflow.json.Json;
import io.irflow.store.Database;
import io.irflow.testing.CardValidator;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
import org.junit.jupiter.api.AfterEach;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An alert post that failed after reaching Webex (a 5xx: it may be in the room already, and a bot cannot read its own
 * group-room messages to check) is re-sent once with a visible note; one Webex certainly did not take (429) is re-sent
 * as it was. Threaded group updates still reply to the card that was posted. Real store on both databases, real
 * Webex client against WireMock (no client-side retries, so each failure reaches the publisher).
 */
class AlertPublisherResendTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final String ROOM = "room-alerts";

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final WebexClient webex = new WebexClient(wm.baseUrl() + "/v1", "token",
            new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(2),
                    Duration.ofSeconds(2)), d -> { });

    @AfterEach
    void close() {
        open.forEach(Database::close);
        webex.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_card_answered_500_is_re_sent_once_with_the_note_and_the_thread_follows_the_re_sent_card(String kind) {
        DataSource store = store(kind);
        answers(500, 200, 200);
        ingest(store, "e1", NOW);
        ingest(store, "e2", NOW.plusSeconds(1));
        AlertPublisher publisher = new AlertPublisher(new AlertOutboxStore(store), new AlertGroupStore(store), webex, clock, 1000);

        publisher.run();
        clock.advance(Duration.ofSeconds(3));
        publisher.run();
        clock.advance(Duration.ofMinutes(10));
        publisher.run();

        List<JsonNode> posts = posts();
        assertThat(posts).hasSize(3);
        JsonNode first = posts.get(0);
        JsonNode resent = posts.get(1);
        assertThat(first.path("markdown").asText()).isEqualTo("Executed malware on wks-1");
        assertThat(resent.path("markdown").asText())
                .isEqualTo("_" + AlertPublisher.RESENT_NOTE + "_\n\nExecuted malware on wks-1");
        JsonNode card = resent.path("attachments").path(0).path("content");
        assertThat(card.path("body").path(0).path("text").asText()).isEqualTo(AlertPublisher.RESENT_NOTE);
        assertThat(card.path("body").path(1).path("text").asText()).isEqualTo("Executed malware on wks-1");
        CardValidator.assertValid(new Card((ObjectNode) card, resent.path("markdown").asText()));
        // The update replies in the thread of the card that was posted (message 2), and carries no note of its own.
        JsonNode update = posts.get(2);
        assertThat(update.path("parentId").asText()).isEqualTo("MSG-2");
        assertThat(update.path("markdown").asText()).startsWith("2 events").doesNotContain("Re-sent");
        assertThat(new AlertOutboxStore(store).pendingPosts()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_card_answered_429_is_re_sent_without_the_note(String kind) {
        DataSource store = store(kind);
        answers(429, 200);
        ingest(store, "e1", NOW);
        AlertPublisher publisher = new AlertPublisher(new AlertOutboxStore(store), new AlertGroupStore(store), webex, clock, 1000);

        publisher.run();
        clock.advance(Duration.ofSeconds(3));
        publisher.run();

        List<JsonNode> posts = posts();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).path("markdown").asText()).isEqualTo("Executed malware on wks-1");
        assertThat(posts.get(1).toString()).doesNotContain("Re-sent");
        assertThat(new AlertOutboxStore(store).pendingPosts()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void once_a_copy_may_exist_every_later_try_carries_the_note_even_after_a_429(String kind) {
        DataSource store = store(kind);
        answers(502, 429, 200);
        ingest(store, "e1", NOW);
        AlertPublisher publisher = new AlertPublisher(new AlertOutboxStore(store), new AlertGroupStore(store), webex, clock, 1000);

        for (int i = 0; i < 3; i++) {
            publisher.run();
            clock.advance(Duration.ofMinutes(1));
        }

        List<JsonNode> posts = posts();
        assertThat(posts).hasSize(3);
        assertThat(posts.get(0).path("markdown").asText()).doesNotContain("Re-sent");
        assertThat(posts.get(1).path("markdown").asText()).startsWith("_Re-sent:");
        assertThat(posts.get(2).path("markdown").asText()).startsWith("_Re-sent:");
    }

    private DataSource store(String kind) {
        Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        open.add(db);
        return db.dataSource();
    }

    /** Webex answers the posts with these statuses in turn; a 200 gives message MSG-n (n counts the posts). */
    private static void answers(int... statuses) {
        String state = "Started";
        for (int i = 0; i < statuses.length; i++) {
            String next = "post-" + (i + 1);
            var response = statuses[i] == 200
                    ? okJson("{\"id\":\"MSG-" + (i + 1) + "\",\"roomId\":\"" + ROOM + "\"}")
                    : aResponse().withStatus(statuses[i]).withHeader("Retry-After", "1");
            wm.stubFor(post(urlPathEqualTo("/v1/messages")).inScenario("posts").whenScenarioStateIs(state)
                    .willReturn(response).willSetStateTo(next));
            state = next;
        }
    }

    /** One AMP-style event for host wks-1: the first makes a card, later ones one threaded update. */
    private static void ingest(DataSource store, String id, Instant at) {
        Alert a = new Alert("AMP for Endpoints", id, at, "Executed malware", null, null,
                new Alert.AlertHost("wks-1", "10.1.2.3", "00:50:56:9a:4b:1c", null), null, null, null, null);
        new AlertSeenStore(store).ingest(a.source(), List.of(a), id, ROOM, Duration.ofMinutes(10), at, new AlertSeenStore.Renderer() {
            @Override
            public AlertOutboxStore.Post card(Alert alert, String ref) {
                ObjectNode card = Json.mapper().createObjectNode().put("type", "AdaptiveCard").put("version", "1.3")
                        .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
                card.putArray("body").addObject().put("type", "TextBlock").put("text", "Executed malware on wks-1")
                        .put("wrap", true);
                return new AlertOutboxStore.Post("Executed malware on wks-1", card.toString());
            }

            @Override
            public AlertOutboxStore.Post update(Alert alert, int count) {
                return new AlertOutboxStore.Post(count + " events of this kind on wks-1", null);
            }
        });
    }

    private static List<JsonNode> posts() {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).stream()
                .map(LoggedRequest::getBodyAsString).map(b -> {
                    try {
                        return Json.mapper().readTree(b);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }
}

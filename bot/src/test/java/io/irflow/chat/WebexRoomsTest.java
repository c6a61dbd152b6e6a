package io.irflow.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;
import io.irflow.testing.MutableClock;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Incident rooms and memberships stay exactly-once when Webex fails after it may have acted: an uncertain
 * {@code POST /rooms} is followed by a look at the bot's newest rooms, and the room is created again only when it is
 * not there; an uncertain {@code POST /memberships} is sent again, and its 409 counts as done. Deleting a message
 * already gone (404) is done.
 */
class WebexRoomsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TITLE = "IR-2026-0007 · Ransomware on finance laptop";
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final WebexClient client = new WebexClient(wm.baseUrl() + "/v1", "token",
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(2),
                    Duration.ofSeconds(2)), d -> { });
    private final WebexRooms rooms = new WebexRooms(client, clock);

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void a_room_webex_created_despite_answering_500_is_adopted_without_a_second_post() {
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(500)));
        listRooms(room("room-other", "IR-2026-0006 · Phishing", NOW.plusSeconds(1)),
                room("room-made", TITLE, NOW.plusSeconds(2)),
                room("room-old", TITLE, NOW.minus(Duration.ofDays(30))));

        assertThat(rooms.create(TITLE)).isEqualTo("room-made");

        wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/rooms")));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/rooms")).withQueryParam("type", equalTo("group"))
                .withQueryParam("sortBy", equalTo("created")));
    }

    @Test
    void a_500_with_no_such_room_creates_it_once_more() {
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).inScenario("rooms").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).inScenario("rooms").whenScenarioStateIs("up")
                .willReturn(okJson(Fixtures.write(room("room-new", TITLE, NOW)))));
        // Same title but from a month ago (an incident id reused after a database reset), and another incident's room.
        listRooms(room("room-old", TITLE, NOW.minus(Duration.ofDays(30))),
                room("room-other", "IR-2026-0006 · Phishing", NOW));

        assertThat(rooms.create(TITLE)).isEqualTo("room-new");

        wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/rooms")));
    }

    @Test
    void a_refused_post_rooms_is_not_looked_for_nor_repeated() {
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(403)));

        assertThatThrownBy(() -> rooms.create(TITLE)).isInstanceOfSatisfying(WebexException.class,
                e -> assertThat(e.status()).isEqualTo(403));

        wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/rooms")));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/rooms")));
    }

    @Test
    void when_the_rooms_cannot_be_listed_the_room_is_not_created_a_second_time() {
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(502)));
        wm.stubFor(get(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> rooms.create(TITLE)).isInstanceOfSatisfying(WebexException.class, e -> {
            assertThat(e.mayHaveActed()).isTrue();
            assertThat(e.getMessage()).contains("may or may not have created the room");
        });

        wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/rooms")));
    }

    @Test
    void a_second_500_is_checked_again_before_giving_up() {
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(500)));
        wm.stubFor(get(urlPathEqualTo("/v1/rooms")).inScenario("list").whenScenarioStateIs("Started")
                .willReturn(okJson("{\"items\":[]}")).willSetStateTo("made"));
        wm.stubFor(get(urlPathEqualTo("/v1/rooms")).inScenario("list").whenScenarioStateIs("made")
                .willReturn(okJson(list(room("room-late", TITLE, NOW.plusSeconds(3))))));

        assertThat(rooms.create(TITLE)).isEqualTo("room-late");

        wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/rooms")));
    }

    @Test
    void a_membership_webex_added_despite_a_500_is_confirmed_by_the_409_of_the_second_try() {
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).inScenario("m").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("member"));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).inScenario("m").whenScenarioStateIs("member")
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"already a member\",\"trackingId\":\"T409\"}")));

        rooms.addMember("room-1", "bob@example.com");

        wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/memberships")));
    }

    @Test
    void a_membership_refused_with_404_is_reported_after_one_try() {
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> rooms.addMember("room-1", "nobody@example.com")).isInstanceOf(WebexException.class);

        wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/memberships")));
    }

    @Test
    void deleting_a_message_already_gone_is_done_and_other_refusals_are_reported() {
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlPathEqualTo("/v1/messages/gone"))
                .willReturn(aResponse().withStatus(404)));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlPathEqualTo("/v1/messages/kept"))
                .willReturn(aResponse().withStatus(403)));

        rooms.deleteMessage("gone");
        assertThatThrownBy(() -> rooms.deleteMessage("kept")).isInstanceOf(WebexException.class);

        wm.verify(1, com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlPathEqualTo("/v1/messages/gone")));
    }

    private static void listRooms(ObjectNode... items) {
        wm.stubFor(get(urlPathEqualTo("/v1/rooms")).willReturn(okJson(list(items))));
    }

    private static String list(ObjectNode... items) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode array = page.putArray("items");
        for (ObjectNode i : items) {
            array.add(i);
        }
        return Fixtures.write(page);
    }

    /** The reference list item with another id, title and creation time. */
    private static ObjectNode room(String id, String title, Instant created) {
        ObjectNode r = (ObjectNode) Fixtures.json("fixtures/webex/rooms/openapi-list-rooms.json").get("items").get(0)
                .deepCopy();
        return r.put("id", id).put("title", title).put("created", created.toString());
    }
}

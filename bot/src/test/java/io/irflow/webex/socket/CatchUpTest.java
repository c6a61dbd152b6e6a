package io.irflow.webex.socket;

import io.irflow.webex.RestIds;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;
import io.irflow.testing.LogCapture;
import io.irflow.testing.TestConfigs;
import io.irflow.webex.WebexClient;
import io.irflow.webex.webhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** The REST catch-up against list answers shaped like the reference fixtures. */
class CatchUpTest {
    static final String BOT = RestIds.restId("us", "PEOPLE", "8d4be214-a870-5d8b-adca-e9b55ddda714");
    static final String ALICE = RestIds.restId("us", "PEOPLE", "13e8a49f-e586-5347-ad79-563b09120748");
    static final Instant SINCE = Instant.parse("2026-11-27T10:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    WebexClient webex;

    @BeforeEach
    void setUp() {
        webex = new WebexClient(wm.baseUrl() + "/v1", "token", TestConfigs.fastTuning().webexRetry());
    }

    @AfterEach
    void tearDown() {
        webex.close();
    }

    static ObjectNode room(String id, String type, String lastActivity) {
        return Fixtures.json("fixtures/webex/rooms/capture-room-group.json").put("id", id).put("type", type)
                .put("lastActivity", lastActivity);
    }

    static ObjectNode message(String id, String room, String person, String created) {
        return Fixtures.json("fixtures/webex/messages/capture-message-direct-user.json").put("id", id).put("roomId", room)
                .put("personId", person).put("created", created);
    }

    static void list(String path, String roomId, ObjectNode... items) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode array = page.putArray("items");
        for (ObjectNode i : items) {
            array.add(i);
        }
        var request = get(urlPathEqualTo(path));
        if (roomId != null) {
            request = request.withQueryParam("roomId", equalTo(roomId));
        }
        wm.stubFor(request.willReturn(okJson(Fixtures.write(page))));
    }

    @Test
    void readsRecentRoomsOnlyOldestFirstSkippingTheBotAndAskingGroupRoomsForMentions() {
        list("/v1/rooms", null, room("direct-1", "direct", "2026-11-27T10:05:00Z"), room("group-1", "group", "2026-11-27T10:03:00Z"),
                room("not-served", "group", "2026-11-27T10:02:00Z"), room("old", "direct", "2026-11-27T09:00:00Z"));
        list("/v1/messages", "direct-1", message("d3", "direct-1", BOT, "2026-11-27T10:05:00Z"),
                message("d2", "direct-1", ALICE, "2026-11-27T10:04:00Z"), message("d1", "direct-1", ALICE, "2026-11-27T09:59:00Z"));
        list("/v1/messages", "group-1", message("g1", "group-1", ALICE, "2026-11-27T10:03:00Z"));

        List<WebhookEvent> missed = new CatchUp(webex, BOT, room -> !room.equals("not-served"), id -> false).since(SINCE);

        assertThat(missed).extracting(e -> e.data().id()).containsExactly("g1", "d2");
        assertThat(missed).allSatisfy(e -> assertThat(e.isMessageCreated()).isTrue());
        assertThat(missed.get(0).data().roomType()).isEqualTo("group");
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/rooms")).withQueryParam("sortBy", equalTo("lastactivity")));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/messages")).withQueryParam("roomId", equalTo("group-1"))
                .withQueryParam("mentionedPeople", equalTo("me")));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/messages")).withQueryParam("roomId", equalTo("direct-1"))
                .withQueryParam("mentionedPeople", absent()));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/messages")).withQueryParam("roomId", equalTo("old")));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/messages")).withQueryParam("roomId", equalTo("not-served")));
    }

    @Test
    void directRoomsAreAlwaysReadAndGroupRoomsOnlyWhenServed() {
        list("/v1/rooms", null, room("direct-9", "direct", "2026-11-27T10:05:00Z"),
                room("group-9", "group", "2026-11-27T10:03:00Z"));
        list("/v1/messages", "direct-9", message("d9", "direct-9", ALICE, "2026-11-27T10:05:00Z"));
        list("/v1/messages", "group-9", message("g9", "group-9", ALICE, "2026-11-27T10:03:00Z"));

        List<WebhookEvent> missed = new CatchUp(webex, BOT, room -> false, id -> false).since(SINCE);

        assertThat(missed).extracting(e -> e.data().id()).containsExactly("d9");
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/messages")).withQueryParam("roomId", equalTo("group-9")));
    }

    @Test
    void aFullPageWarnsOnlyWhenEvenItsOldestMessageWasNeverHandled() {
        list("/v1/rooms", null, room("busy", "direct", "2026-11-27T10:59:00Z"));
        ObjectNode[] page = new ObjectNode[CatchUp.MESSAGES_PER_ROOM];
        for (int i = 0; i < page.length; i++) {
            page[i] = message("m" + i, "busy", ALICE, SINCE.plusSeconds(60L * (page.length - i)).toString());
        }
        list("/v1/messages", "busy", page);
        String oldest = "m" + (page.length - 1);

        try (LogCapture log = new LogCapture(CatchUp.class)) {
            new CatchUp(webex, BOT, room -> true, Set.of(oldest)::contains).since(SINCE);
            assertThat(log.lines()).noneMatch(l -> l.contains("unanswered"));
            assertThat(new CatchUp(webex, BOT, room -> true, id -> false).since(SINCE)).hasSize(page.length);
            assertThat(log.lines()).anyMatch(l -> l.contains("more than 50 unanswered messages in room busy"));
        }
    }
}

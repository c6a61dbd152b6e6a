package io.irflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.chat.AccessMiddleware;
import io.irflow.chat.RoomRule;
import io.irflow.config.AppConfig;
import io.irflow.testing.EventChannel;
import io.irflow.testing.EventChannel.Mode;
import io.irflow.testing.Fixtures;
import io.irflow.testing.MutableClock;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.RepoRoot;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may use the bot and where, end to end: signed webhooks (and, for the room rule, the event socket) into the
 * running bot, Webex and every product played by WireMock. Refusals are checked to reach no product at all.
 */
class AccessEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String EVE = RestIds.restId(RestIds.HOME_CLUSTER, "PEOPLE", "e0e0e0e0-1111-4111-8111-00000000000e");
    private static final String EVE_EMAIL = "eve@outside.example";
    private static final String DAVE = RestIds.restId(RestIds.HOME_CLUSTER, "PEOPLE", "da0eda0e-2222-4222-8222-00000000000d");
    private static final String DAVE_EMAIL = "dave@soc.example.com";
    private static final String DIRECT = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM", "d1d1d1d1-3333-4333-8333-000000000001");
    private static final String ELSEWHERE = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM", "0e0e0e0e-4444-4444-8444-000000000002");
    private static final String ALLOWED = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM", "a1a1a1a1-5555-4555-8555-000000000003");
    private static final String INCIDENT_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM", "1c1c1c1c-6666-4666-8666-000000000004");
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private final WebexStub webex = new WebexStub(wm);
    private final MutableClock clock = new MutableClock(Instant.now());
    private EventChannel channel;
    private AppConfig config;
    private AppWiring.Bot bot;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/openapi-create-room-response.json");
        room.put("id", INCIDENT_ROOM);
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(okJson(Fixtures.write(room))));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(okJson(
                Fixtures.text("fixtures/webex/memberships/openapi-create-membership-response.json"))));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (channel != null) {
            channel.close();
        }
    }

    private void start(Mode mode, String extraYaml) {
        start(mode, "", extraYaml);
    }

    private void start(Mode mode, String webexLines, String extraYaml) {
        channel = EventChannel.open(mode);
        config = channel.config(webex.url(), webexLines, new ProductStubs(wm.getRuntimeInfo().getWireMock(),
                wm.baseUrl()).yaml() + extraYaml);
        boot();
    }

    private void boot() {
        bot = channel.start(config, TestConfigs.fastTuning().withClock(clock));
        wm.resetRequests();
    }

    // --- people

    @Test
    void an_outsider_in_a_direct_room_gets_one_refusal_then_silence_for_an_hour_and_no_product_hears_of_it() {
        start(Mode.WEBHOOK, "");

        JsonNode refusal = single(say(DIRECT, "direct", EVE, EVE_EMAIL, "/investigate " + ProductStubs.HOST, 1));
        assertThat(refusal.path("markdown").asText()).isEqualTo(AccessMiddleware.REFUSAL);
        assertThat(refusal.path("roomId").asText()).isEqualTo(DIRECT);
        silent(DIRECT, "direct", EVE, EVE_EMAIL, "help");
        clock.advance(Duration.ofMinutes(59));
        silent(DIRECT, "direct", EVE, EVE_EMAIL, "/quarantine " + ProductStubs.HOST);
        clock.advance(Duration.ofMinutes(2));
        assertThat(single(say(DIRECT, "direct", EVE, EVE_EMAIL, "/status", 1)).path("markdown").asText())
                .isEqualTo(AccessMiddleware.REFUSAL);
        assertOnlyWebex();

        // Audited for the responders: two refusals, the second counting the two attempts left unanswered.
        List<String> log = single(say(DIRECT, "direct", ALICE, ALICE_EMAIL, "/access", 1)).path("markdown").asText()
                .lines().filter(l -> l.contains(EVE_EMAIL)).toList();
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).contains("/status", "refused: not an analyst or responder", "2 more attempt(s)");
        assertThat(log.get(1)).contains("/investigate", "refused: not an analyst or responder")
                .doesNotContain("more attempt");
    }

    @Test
    void the_access_log_is_for_responders_only() {
        start(Mode.WEBHOOK, """
                security:
                  responders: ["alice@example.com"]
                  analysts: ["@soc.example.com"]
                """);
        String answer = single(say(DIRECT, "direct", DAVE, DAVE_EMAIL, "/access", 1)).path("markdown").asText();
        assertThat(answer).contains("/access").contains("needs a **responder**");
        assertThat(single(say(DIRECT, "direct", ALICE, ALICE_EMAIL, "/access", 1)).path("markdown").asText())
                .contains(DAVE_EMAIL, "refused: analyst, needs a responder");
    }

    @Test
    void without_security_analysts_the_responders_are_the_analysts_and_domain_entries_match() {
        start(Mode.WEBHOOK, """
                security:
                  responders: ["alice@example.com", "@soc.example.com"]
                """);
        assertThat(config.security().analysts()).isEqualTo(config.security().responders());

        // dave@soc.example.com is a responder through "@soc.example.com": reading and acting both work.
        assertThat(single(say(DIRECT, "direct", DAVE, DAVE_EMAIL, "/contained", 1)).has("attachments")).isTrue();
        JsonNode confirm = single(say(DIRECT, "direct", DAVE, DAVE_EMAIL, "/quarantine " + ProductStubs.HOST_MAC, 1));
        assertThat(io.irflow.testing.CardText.titles(confirm.path("attachments").get(0).path("content")))
                .containsExactly("Quarantine " + ProductStubs.HOST_MAC, "Cancel");
        // A look-alike domain is nobody.
        wm.resetRequests();
        assertThat(single(say(DIRECT, "direct", EVE, "dave@soc.example.com.evil.example", "/contained", 1))
                .path("markdown").asText()).isEqualTo(AccessMiddleware.REFUSAL);
        assertOnlyWebex();
    }

    // --- declared roles

    @Test
    void every_registered_command_and_button_declares_a_role_and_the_readme_table_says_the_same() throws Exception {
        start(Mode.WEBHOOK, """
                umbrella:
                  url: "http://127.0.0.1:9/umbrella"
                  customer_key: "k"
                """);
        io.irflow.chat.Router router = bot.router();
        List<String> rows = accessTable();
        assertThat(router.commands()).extracting(io.irflow.chat.Command::name).contains("help", "investigate", "status",
                "alerts", "quarantine", "isolate", "block", "contained", "audit", "access", "incident", "incidents",
                "note", "timeline", "close");
        assertThat(router.actions()).containsKeys("contain.press", "contain.confirm", "contain.cancel",
                "incident.open", "alert.investigate");

        for (io.irflow.chat.Command c : router.commands()) {
            assertThat(c.role()).as(c.name()).isNotNull();
            String role = roleCell(rows, "`/" + c.name() + "`", "`/" + c.name() + " ");
            assertThat(role).as("README role of /" + c.name()).startsWith(c.role().word());
            if (c.responderWhen() != null) {
                assertThat(role).as("README role of /" + c.name() + " with arguments").contains("responder");
            }
        }
        router.actions().forEach((id, role) -> assertThat(roleCell(rows, "`" + id + "`"))
                .as("README role of button " + id).startsWith(role.word()));
    }

    /** The rows of the README's access table. */
    private static List<String> accessTable() throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(RepoRoot.resolve("README.md"));
        int start = lines.indexOf("| Command or button | Role |");
        assertThat(start).as("the README's access table").isNotNegative();
        return lines.subList(start + 2, lines.size()).stream().takeWhile(l -> l.startsWith("|")).toList();
    }

    /** The role cell of the one row whose first cell names the command or button. */
    private static String roleCell(List<String> rows, String... names) {
        List<String> found = rows.stream().filter(r -> {
            String first = r.split("\\|")[1];
            return java.util.Arrays.stream(names).anyMatch(first::contains);
        }).toList();
        assertThat(found).as("README rows for " + names[0]).hasSize(1);
        return found.get(0).split("\\|")[2].strip();
    }

    // --- rooms

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_group_room_that_is_not_enabled_gets_one_line_then_silence_even_after_a_restart(Mode mode) {
        start(mode, "storage:\n  url: " + TestDatabases.freshUrl("h2", dir) + "\n");

        JsonNode notice = single(say(ELSEWHERE, "group", ALICE, ALICE_EMAIL, "/investigate " + ProductStubs.HOST, 1));
        assertThat(notice.path("markdown").asText()).isEqualTo(RoomRule.NOT_ENABLED);
        assertThat(notice.path("roomId").asText()).isEqualTo(ELSEWHERE);
        assertThat(notice.has("parentId")).isFalse();
        silent(ELSEWHERE, "group", ALICE, ALICE_EMAIL, "help");
        silent(ELSEWHERE, "group", EVE, EVE_EMAIL, "help");
        assertOnlyWebex();

        bot.close();
        boot();
        silent(ELSEWHERE, "group", ALICE, ALICE_EMAIL, "/investigate " + ProductStubs.HOST);
        assertOnlyWebex();
        // The 1:1 room still works after the restart, and the notice is in the access log.
        assertThat(single(say(DIRECT, "direct", ALICE, ALICE_EMAIL, "/access", 1)).path("markdown").asText())
                .contains("told once that the bot is not enabled here");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_irt_room_the_allowed_rooms_and_the_incident_rooms_it_created_are_served(Mode mode) {
        start(mode, "  allowed_rooms: [\"" + ALLOWED + "\"]\n", "");

        assertThat(single(say(WebexStub.ROOM, "group", ALICE, ALICE_EMAIL, "help", 1)).has("attachments")).isTrue();
        assertThat(single(say(ALLOWED, "group", ALICE, ALICE_EMAIL, "help", 1)).has("attachments")).isTrue();
        // Before the incident exists its room is like any other; once the bot created it, it is served.
        List<JsonNode> opened = say(WebexStub.ROOM, "group", ALICE, ALICE_EMAIL, "/incident open Phish on laptop", 2);
        assertThat(opened).anySatisfy(p -> assertThat(p.path("roomId").asText()).isEqualTo(INCIDENT_ROOM));
        assertThat(single(say(INCIDENT_ROOM, "group", ALICE, ALICE_EMAIL, "/timeline", 1)).has("attachments")).isTrue();
        assertThat(webex.posted()).noneSatisfy(p -> assertThat(p.path("markdown").asText()).isEqualTo(RoomRule.NOT_ENABLED));
    }

    @Test
    void a_button_works_in_a_1_1_room_but_not_in_a_group_room_that_is_not_enabled() {
        start(Mode.WEBHOOK, "");
        webex.person(ALICE, ALICE_EMAIL);

        // 1:1: the card's message says "direct"; when Webex cannot give the message, the room does.
        String direct = press(DIRECT, "direct", true);
        assertThat(single(delivered(direct, 1)).path("markdown").asText()).startsWith("That button can no longer be used");
        String fallback = press(DIRECT, "direct", false);
        assertThat(single(delivered(fallback, 1)).path("markdown").asText()).startsWith("That button can no longer be used");

        String group = press(ELSEWHERE, "group", true);
        JsonNode notice = single(delivered(group, 1));
        assertThat(notice.path("markdown").asText()).isEqualTo(RoomRule.NOT_ENABLED);
        assertThat(notice.path("roomId").asText()).isEqualTo(ELSEWHERE);
        int before = webex.posted().size();
        channel.cardAction(press(ELSEWHERE, "group", true), CARD, ELSEWHERE, "group", ALICE, ALICE_EMAIL);
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(webex.posted()).hasSize(before);
        assertOnlyWebex();
    }

    @Test
    void a_button_pressed_in_a_group_room_is_judged_by_that_room_not_by_a_card_message_from_a_1_1_room() {
        start(Mode.WEBHOOK, "");
        webex.person(ALICE, ALICE_EMAIL);
        String action = press(ELSEWHERE, "group", true);
        // The action names a card whose message Webex places in a 1:1 room: a card lives in one room, so that
        // message says nothing about ELSEWHERE, and the room itself (group, not enabled) decides.
        ObjectNode m = webex.message("capture-message-direct-user.json", CARD, "direct", "card");
        m.put("roomId", DIRECT);
        webex.stub(get(urlPathEqualTo("/v1/messages/" + CARD)), m);

        JsonNode notice = single(delivered(action, 1));
        assertThat(notice.path("markdown").asText()).isEqualTo(RoomRule.NOT_ENABLED);
        assertThat(notice.path("roomId").asText()).isEqualTo(ELSEWHERE);
        assertOnlyWebex();
    }

    private static final String CARD = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "ca4dca4d-7777-4777-8777-000000000005");

    /**
     * Stubs Alice pressing Confirm on a card in the room (a forged, unknown reference) and returns the action id;
     * {@code cardKnown} false makes the card's message a 404, so only {@code GET /rooms/{id}} tells the room's type.
     */
    private String press(String roomId, String roomType, boolean cardKnown) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "acce55ed-1111-4111-8111-"
                + String.format("%012d", IDS.incrementAndGet()));
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        String card = cardKnown ? CARD : RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "ca4dca4d-7777-4777-8777-"
                + String.format("%012d", IDS.incrementAndGet()));
        a.put("id", id).put("messageId", card).put("personId", ALICE).put("roomId", roomId);
        ObjectNode in = a.putObject("inputs");
        in.put("action", "contain.confirm").put("ref", "forged-ref");
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        if (cardKnown) {
            ObjectNode m = webex.message("capture-message-direct-user.json", CARD, roomType, "card");
            m.put("roomId", roomId);
            webex.stub(get(urlPathEqualTo("/v1/messages/" + CARD)), m);
        }
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/openapi-create-room-response.json");
        room.put("id", roomId).put("type", roomType);
        webex.stub(get(urlPathEqualTo("/v1/rooms/" + roomId)), room);
        return id;
    }

    private List<JsonNode> delivered(String actionId, int posts) {
        int before = webex.posted().size();
        assertThat(channel.cardAction(actionId, CARD, DIRECT, "direct", ALICE, ALICE_EMAIL)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.posted().size() >= before + posts);
        List<JsonNode> all = webex.posted();
        return List.copyOf(all.subList(before, all.size()));
    }

    // --- helpers

    /** Someone writes in a room; returns the posts it caused. */
    private List<JsonNode> say(String roomId, String roomType, String personId, String email, String text, int posts) {
        int before = webex.posted().size();
        deliver(roomId, roomType, personId, email, text);
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.posted().size() >= before + posts);
        List<JsonNode> all = webex.posted();
        return List.copyOf(all.subList(before, all.size()));
    }

    /** Someone writes and the bot posts nothing. */
    private void silent(String roomId, String roomType, String personId, String email, String text) {
        int before = webex.posted().size();
        String id = deliver(roomId, roomType, personId, email, text);
        // Handled means: the message was fetched (a 1:1 room) or the event reached a worker (a group room).
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(webex.posted()).as("posts after '" + text + "' (" + id + ")").hasSize(before);
    }

    private String deliver(String roomId, String roomType, String personId, String email, String text) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "acce55ed-0000-4000-8000-"
                + String.format("%012d", IDS.incrementAndGet()));
        ObjectNode m = webex.message("capture-message-direct-user.json", id, roomType, text);
        m.put("roomId", roomId).put("personId", personId).put("personEmail", email);
        webex.stub(get(urlPathEqualTo("/v1/messages/" + id)), m);
        assertThat(channel.message(id, roomId, roomType, personId, email)).isEqualTo(200);
        return id;
    }

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    /** Since the last reset, only Webex was asked anything: no product request at all. */
    private void assertOnlyWebex() {
        // The alert poller asks AMP for events (GET /amp/v1/events) on its own schedule, whatever happens in chat.
        assertThat(webex.requests()).filteredOn(r -> !r.getUrl().startsWith("/amp/v1/events?"))
                .allSatisfy(r -> assertThat(r.getUrl()).startsWith("/v1/"));
    }
}

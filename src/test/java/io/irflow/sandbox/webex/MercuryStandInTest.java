package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.SandboxServer;
import io.irflow.json.Json;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.irflow.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static io.irflow.sandbox.webex.Api.assertShapeLike;
import static io.irflow.sandbox.webex.Api.body;
import static io.irflow.sandbox.webex.SocketClient.eventType;
import static io.irflow.sandbox.webex.SocketClient.verb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Websocket mode of the stand-in, driven as irflow's client will: the catalog, a device, the socket's authorization,
 * buffer state and pings, and messages and card presses made through the chat page arriving as activity frames
 * whose UUIDs map to the REST ids the stand-in answers with.
 */
class MercuryStandInTest {
    private static final String WS = "websocket/";
    private final DemoCredentials creds = DemoCredentials.forRun("s3cret");
    private final WebexStandIn webex = new WebexStandIn(Company.acme(), creds, Clock.systemUTC());
    private final ChatPage page = new ChatPage(webex);
    private final List<SocketClient> sockets = new ArrayList<>();
    private SandboxServer server;
    private Api root;
    private Api rest;
    private Api chat;

    @BeforeEach
    void start() {
        server = new SandboxServer(0, List.of(webex, page));
        String base = "http://127.0.0.1:" + server.port();
        root = new Api(base, creds.webexToken());
        rest = new Api(base + WebexStandIn.PREFIX, creds.webexToken());
        chat = new Api(base + ChatPage.API, null);
    }

    @AfterEach
    void stop() {
        sockets.forEach(SocketClient::close);
        server.close();
        page.close();
        webex.close();
    }

    @Test
    void the_catalog_points_at_this_servers_device_rest_and_conversation_services() {
        Api.Answer a = root.get("/u2c/api/v1/catalog?format=hostmap");

        assertThat(a.status()).isEqualTo(200);
        assertShapeLike(a.body(), WS + "authored-u2c-catalog-hostmap-response-minimal.json", "serviceLinks");
        JsonNode links = a.body().path("serviceLinks");
        String base = "http://127.0.0.1:" + server.port();
        assertThat(links.path("wdm").asText()).isEqualTo(base + "/wdm/api/v1");
        assertThat(links.path("hydra").asText()).isEqualTo(base + WebexStandIn.PREFIX);
        assertThat(links.path("conversation").asText()).isEqualTo(base + "/conversation/api/v1");
        assertThat(new Api(base, "wrong").get("/u2c/api/v1/catalog?format=hostmap").status()).isEqualTo(401);
    }

    @Test
    void a_created_device_is_listed_once_for_reuse_and_deleting_it_closes_its_socket_route() {
        assertThat(root.get("/wdm/api/v1/devices").body().path("devices")).isEmpty();
        JsonNode created = createDevice();
        assertShapeLike(created, WS + "authored-wdm-create-device-response-minimal.json", "url", "webSocketUrl",
                "deviceType", "name", "userId");
        assertThat(created.path("name").asText()).isEqualTo("ir-bot-java");
        assertThat(created.path("userId").asText()).isEqualTo(WebexIds.uuid(webex.botId()));
        assertThat(created.path("webSocketUrl").asText())
                .matches("ws://127\\.0\\.0\\.1:\\d+/v1/apps/wx2/registrations/[0-9a-f-]{36}/messages");

        JsonNode devices = root.get("/wdm/api/v1/devices").body().path("devices");
        assertThat(devices).hasSize(1);
        assertShapeLike(devices.get(0), WS + "authored-wdm-create-device-response-minimal.json", "url", "webSocketUrl", "name");
        assertThat(devices.get(0).path("url").asText()).isEqualTo(created.path("url").asText());
        assertThat(devices.get(0).path("webSocketUrl").asText()).isEqualTo(created.path("webSocketUrl").asText());
        assertThat(root.post("/wdm/api/v1/devices", body("deviceType", "DESKTOP")).status()).isEqualTo(400);

        String path = URI.create(created.path("url").asText()).getPath();
        assertThat(root.send("DELETE", path, null).status()).isEqualTo(204);
        assertThat(root.get("/wdm/api/v1/devices").body().path("devices")).isEmpty();
        assertThat(upgradeStatus(created.path("webSocketUrl").asText())).isEqualTo(404);
    }

    @Test
    void the_socket_of_an_unknown_device_is_404_and_a_wrong_bearer_401_on_upgrade() {
        String url = "ws://127.0.0.1:" + server.port() + "/v1/apps/wx2/registrations/" + UUID.randomUUID() + "/messages";
        assertThat(upgradeStatus(url)).isEqualTo(404);
        assertThat(upgradeStatus(createDevice().path("webSocketUrl").asText(), "wrong")).isEqualTo(401);
    }

    @Test
    void after_authorization_the_socket_reports_buffer_state_and_answers_pings() {
        SocketClient socket = connect().authorize(creds.webexToken());

        JsonNode ready = socket.await(eventType("mercury.buffer_state"));
        assertShapeLike(ready, WS + "authored-mercury-server-buffer-state-frame.json", "id", "data", "timestamp",
                "trackingId", "sequenceNumber");
        assertThat(ready.path("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(ready.path("trackingId").asText()).startsWith("irflow-test_");

        String ping = UUID.randomUUID().toString();
        socket.send(Map.of("id", ping, "type", "ping"));
        JsonNode pong = socket.await(f -> "pong".equals(f.path("type").asText()));
        assertShapeLike(pong, WS + "authored-mercury-server-pong-frame.json", "id", "type");
        assertThat(pong.path("id").asText()).isEqualTo(ping);
    }

    @Test
    void a_wrong_token_or_a_frame_before_authorization_closes_the_socket() {
        assertThat(connect().authorize("wrong").awaitClose()).isEqualTo(4401);
        assertThat(connect().send(Map.of("id", UUID.randomUUID().toString(), "type", "ping")).awaitClose()).isEqualTo(4400);
    }

    @Test
    void a_mention_in_the_group_room_arrives_as_a_post_whose_uuids_map_to_the_rest_ids() {
        SocketClient socket = authorized();
        chat.post("/messages", body("roomId", webex.irtRoomId(), "personEmail", "bob@acme.example", "text", "coffee anyone?"));
        JsonNode sent = chat.post("/messages", body("roomId", webex.irtRoomId(), "personEmail", "bob@acme.example",
                "text", "/investigate WKS-FIN-042", "mentionBot", true)).body();

        JsonNode frame = socket.await(verb("post"));
        assertShapeLike(frame, WS + "authored-mercury-frame-conversation-activity-post-group.json", "id", "data",
                "timestamp", "trackingId", "alertType", "sequenceNumber", "filterMessage");
        assertThat(frame.path("sequenceNumber").asLong()).isEqualTo(2);
        JsonNode activity = frame.path("data").path("activity");
        assertThat(restId("MESSAGE", activity.path("id").asText())).isEqualTo(sent.path("id").asText());
        assertThat(restId("ROOM", activity.path("target").path("id").asText())).isEqualTo(webex.irtRoomId());
        assertThat(restId("PEOPLE", activity.path("actor").path("entryUUID").asText())).isEqualTo(sent.path("personId").asText());
        assertThat(activity.path("actor").path("emailAddress").asText()).isEqualTo("bob@acme.example");
        assertThat(activity.path("target").path("tags")).isEmpty();
        assertThat(activity.path("object").path("mentions").path("items").get(0).path("id").asText())
                .isEqualTo(WebexIds.uuid(webex.botId()));
        assertThat(frame.toString()).doesNotContain("WKS-FIN-042", "coffee");
        String conversation = root.get("/u2c/api/v1/catalog").body().path("serviceLinks").path("conversation").asText();
        assertThat(URI.create(activity.path("target").path("url").asText()).getHost()).isEqualTo(URI.create(conversation).getHost());
        assertThat(root.get("/conversation/api/v1/messages/" + activity.path("id").asText()).body().path("id").asText())
                .isEqualTo(sent.path("id").asText());

        socket.send(Map.of("type", "ack", "messageId", frame.path("id").asText()));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> socket.frames.stream()
                .filter(verb("post")).count() == 1);
    }

    @Test
    void a_card_press_arrives_as_a_card_action_whose_parent_is_the_card_message() {
        SocketClient socket = authorized();
        Map<String, Object> card = Map.of("type", "AdaptiveCard", "version", "1.3", "body",
                List.of(Map.of("type", "Input.Text", "id", "comment")), "actions",
                List.of(Map.of("type", "Action.Submit", "title", "Quarantine", "data", Map.of("action", "quarantine"))));
        JsonNode message = rest.post("/messages", body("toPersonEmail", "alice@acme.example", "markdown", "card",
                "attachments", List.of(Map.of("contentType", WebexState.CARD_TYPE, "content", card)))).body();
        JsonNode own = socket.await(verb("post"));
        assertThat(restId("PEOPLE", own.path("data").path("activity").path("actor").path("entryUUID").asText()))
                .isEqualTo(webex.botId());

        JsonNode action = chat.post("/press", body("messageId", message.path("id").asText(), "personEmail",
                "alice@acme.example", "inputs", Map.of("comment", "looks bad"), "data", Map.of("action", "quarantine"))).body();

        JsonNode frame = socket.await(verb("cardAction"));
        ObjectNode withoutObject = frame.deepCopy();
        ((ObjectNode) withoutObject.path("data").path("activity")).remove("object");
        assertShapeLike(withoutObject, WS + "authored-mercury-frame-conversation-activity-cardAction-direct.json", "id",
                "data", "sequenceNumber");
        JsonNode activity = frame.path("data").path("activity");
        assertThat(restId("ATTACHMENT_ACTION", activity.path("id").asText())).isEqualTo(action.path("id").asText());
        assertThat(restId("MESSAGE", activity.path("parent").path("id").asText())).isEqualTo(message.path("id").asText());
        assertThat(restId("ROOM", activity.path("target").path("id").asText())).isEqualTo(message.path("roomId").asText());
        assertThat(restId("PEOPLE", activity.path("actor").path("entryUUID").asText())).isEqualTo(action.path("personId").asText());
        assertThat(activity.path("target").path("tags").get(0).asText()).isEqualTo("ONE_ON_ONE");
        assertThat(frame.toString()).doesNotContain("looks bad", "quarantine");
        assertThat(frame.path("sequenceNumber").asLong()).isGreaterThan(own.path("sequenceNumber").asLong());
        assertThat(root.get("/conversation/api/v1/attachment/actions/" + activity.path("id").asText()).body().path("id")
                .asText()).isEqualTo(action.path("id").asText());
    }

    @Test
    void events_while_no_socket_is_connected_arrive_in_order_after_the_next_authorization() {
        JsonNode device = createDevice();
        SocketClient first = open(device).authorize(creds.webexToken());
        first.await(eventType("mercury.buffer_state"));
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> webex.mercury().socket().authorized() == 0);
        String direct = chat.get("/rooms?personEmail=alice@acme.example").body().get(1).path("id").asText();
        String one = chat.post("/messages", body("roomId", direct, "personEmail", "alice@acme.example", "text", "help")).body()
                .path("id").asText();
        String two = chat.post("/messages", body("roomId", direct, "personEmail", "alice@acme.example", "text", "/status"))
                .body().path("id").asText();

        SocketClient second = open(device).authorize(creds.webexToken());

        await().atMost(Duration.ofSeconds(5)).until(() -> second.frames.size() >= 3);
        List<JsonNode> got = second.frames;
        assertThat(got.get(0).path("data").path("eventType").asText()).isEqualTo("mercury.buffer_state");
        assertThat(List.of(got.get(1), got.get(2))).extracting(f -> restId("MESSAGE", f.path("data").path("activity")
                .path("id").asText())).containsExactly(one, two);
        assertThat(got).extracting(f -> f.path("sequenceNumber").asLong()).startsWith(1L, 2L, 3L);
    }

    private JsonNode createDevice() {
        Api.Answer a = root.post("/wdm/api/v1/devices", Fixtures.json("fixtures/webex/" + WS + "authored-wdm-create-device-request.json"));
        assertThat(a.status()).isEqualTo(200);
        return a.body();
    }

    private SocketClient connect() {
        return open(createDevice());
    }

    private SocketClient open(JsonNode device) {
        SocketClient s = SocketClient.open(device.path("webSocketUrl").asText(), creds.webexToken());
        sockets.add(s);
        return s;
    }

    private SocketClient authorized() {
        SocketClient s = connect().authorize(creds.webexToken());
        s.await(eventType("mercury.buffer_state"));
        return s;
    }

    private int upgradeStatus(String url) {
        return upgradeStatus(url, creds.webexToken());
    }

    private int upgradeStatus(String url, String token) {
        Throwable failure = null;
        try {
            sockets.add(SocketClient.open(url, token));
        } catch (CompletionException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure).getResponse().statusCode();
    }

    /** The REST id for a socket UUID, computed here as the client will (docs/reference/webex.md#rest-ids). */
    private static String restId(String type, String uuid) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("ciscospark://us/" + type + "/" + uuid).getBytes(StandardCharsets.UTF_8));
    }
}

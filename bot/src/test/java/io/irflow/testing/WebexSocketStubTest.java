package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class WebexSocketStubTest {
    private static final String TOKEN = "bot-token";
    private static final String DIR = "fixtures/webex/websocket/";
    private static final String ROOM = "7fa583ae-9057-580b-a750-0857129965bd";
    private static final String ALICE = "13e8a49f-e586-5347-ad79-563b09120748";

    private final WebexSocketStub stub = new WebexSocketStub(TOKEN);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        stub.close();
    }

    @Test
    void catalogNeedsTheToken() throws Exception {
        assertThat(call("GET", stub.u2cUrl() + "/catalog?format=hostmap", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", stub.u2cUrl() + "/catalog?format=hostmap", "wrong").statusCode()).isEqualTo(401);
        stub.hydraUrl("http://hydra.test/v1");
        JsonNode links = json(call("GET", stub.u2cUrl() + "/catalog?format=hostmap", TOKEN)).path("serviceLinks");
        assertThat(links.path("wdm").asText()).isEqualTo(stub.baseUrl() + "/wdm/api/v1");
        assertThat(links.path("hydra").asText()).isEqualTo("http://hydra.test/v1");
        assertThat(links.path("conversation").asText()).isEqualTo(stub.baseUrl() + "/conversation/api/v1");
    }

    @Test
    void createsListsAndDeletesDevices() throws Exception {
        String devices = stub.baseUrl() + "/wdm/api/v1/devices";
        assertThat(call("POST", devices, null).statusCode()).isEqualTo(401);
        JsonNode device = json(call("POST", devices, TOKEN));
        String id = stub.devicesCreated().get(0);
        assertThat(shape(device)).isEqualTo(shape(Fixtures.json(DIR + "authored-wdm-create-device-response-minimal.json")));
        assertThat(device.path("url").asText()).isEqualTo(devices + "/" + id);
        assertThat(device.path("webSocketUrl").asText()).isEqualTo(socketUrl(id));
        assertThat(device.path("name").asText()).isEqualTo("ir-bot-java");
        assertThat(stub.createRequests()).containsExactly(Fixtures.json(DIR + "authored-wdm-create-device-request.json"));
        assertThat(json(call("GET", devices, TOKEN)).path("devices")).containsExactly(device);

        assertThat(call("DELETE", devices + "/" + id, TOKEN).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", devices + "/" + id, TOKEN).statusCode()).isEqualTo(404);
        assertThat(stub.devicesDeleted()).containsExactly(id);
        assertThat(json(call("GET", devices, TOKEN)).path("devices")).isEmpty();

        stub.maxDevices(1).addDevice("old");
        HttpResponse<String> refused = call("POST", devices, TOKEN);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(refused.body()).path("message").asText()).isEqualTo("excessive device registrations");
    }

    @Test
    void upgradeForAnUnknownDeviceIs404() {
        assertThat(handshakeStatus(socketUrl("7ef13407-5289-509c-a58b-8089e6fd85dc"))).isEqualTo(404);
        String id = stub.addDevice("ir-bot-java");
        stub.forgetDevices();
        assertThat(handshakeStatus(socketUrl(id))).isEqualTo(404);
        assertThat(stub.upgrades()).hasSize(2);
        assertThat(stub.connectionCount()).isZero();
    }

    @Test
    void authorizationFrameGetsBufferStateAndUpgradeIsRecorded() throws Exception {
        String id = stub.addDevice("ir-bot-java");
        Client client = connect(socketUrl(id) + "?outboundWireFormat=text&bufferStates=true&aliasHttpStatus=true"
                + "&clientTimestamp=1714640400000");
        client.send(authorization(TOKEN));
        JsonNode ready = client.next();
        assertThat(shape(ready)).isEqualTo(shape(Fixtures.json(DIR + "authored-mercury-server-buffer-state-frame.json")));
        assertThat(ready.path("data").path("eventType").asText()).isEqualTo("mercury.buffer_state");
        stub.awaitConnected(Duration.ofSeconds(5));
        assertThat(stub.upgrades()).containsExactly(new WebexSocketStub.Upgrade(id, Map.of("outboundWireFormat", "text",
                "bufferStates", "true", "aliasHttpStatus", "true", "clientTimestamp", "1714640400000"), "Bearer " + TOKEN));
        assertThat(stub.clientFrames()).containsExactly(authorization(TOKEN));
        assertThat(stub.connectionCount()).isOne();
    }

    @Test
    void wrongTokenClosesWith4401() throws Exception {
        Client client = connect(socketUrl(stub.addDevice("ir-bot-java")));
        client.send(authorization("wrong"));
        assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo(4401);
        assertThat(stub.isConnected()).isFalse();
    }

    @Test
    void pingGetsPongWithTheSameId() throws Exception {
        Client client = ready();
        ObjectNode ping = Fixtures.json(DIR + "authored-mercury-client-ping-frame.json");
        client.send(ping);
        assertThat(client.next()).isEqualTo(Fixtures.json(DIR + "authored-mercury-server-pong-frame.json"));

        stub.answerPings(false);
        client.send(ping.put("id", "second"));
        await().until(() -> stub.pings().size() == 2);
        String frameId = stub.sendPost("02b20687-00ee-5ee5-8198-c497652be862", ROOM, ALICE, "alice@example.com", false);
        assertThat(client.next().path("id").asText()).as("no pong before the post").isEqualTo(frameId);
        assertThat(stub.pings()).containsExactly("95727695-c806-5f1c-aa7f-a9cceee90fbf", "second");
    }

    @Test
    void eventsKeepTheFixtureShapeWithIncrementingSequenceNumbersAndAcksAreRecorded() throws Exception {
        Client client = ready();
        String frameId = stub.sendPost("a1", "room-1", "actor-1", "bob@example.com", false);
        JsonNode post = client.next();
        ObjectNode fixture = Fixtures.json(DIR + "authored-mercury-frame-conversation-activity-post-group.json");
        assertThat(shape(post)).isEqualTo(shape(fixture));
        assertThat(post.path("id").asText()).isEqualTo(frameId);
        assertThat(post.path("sequenceNumber").asLong()).isEqualTo(2);
        JsonNode activity = post.path("data").path("activity");
        assertThat(activity.path("id").asText()).isEqualTo("a1");
        assertThat(activity.path("verb").asText()).isEqualTo("post");
        assertThat(activity.path("published").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(activity.path("actor").path("entryUUID").asText()).isEqualTo("actor-1");
        assertThat(activity.path("actor").path("emailAddress").asText()).isEqualTo("bob@example.com");
        assertThat(activity.path("target").path("url").asText())
                .isEqualTo(stub.baseUrl() + "/conversation/api/v1/conversations/room-1");
        assertThat(activity.path("target").path("tags")).isEmpty();
        client.send(Fixtures.json(DIR + "authored-mercury-client-ack-frame.json").put("messageId", frameId));
        await().until(() -> stub.acks().contains(frameId));

        stub.foreignClusterUrls(true).skipSequence(3);
        stub.sendCardAction("act-1", "card-1", "room-2", "actor-1", "bob@example.com", true);
        JsonNode card = client.next();
        assertThat(shape(card)).isEqualTo(shape(Fixtures.json(
                DIR + "authored-mercury-frame-conversation-activity-cardAction-direct.json")));
        assertThat(card.path("sequenceNumber").asLong()).isEqualTo(6);
        JsonNode action = card.path("data").path("activity");
        assertThat(action.path("parent").path("id").asText()).isEqualTo("card-1");
        assertThat(action.path("target").path("tags").toString()).isEqualTo("[\"ONE_ON_ONE\"]");
        assertThat(action.path("target").path("url").asText()).startsWith("http://localhost:");
    }

    @Test
    void droppedAndClosedConnectionsReachTheClient() throws Exception {
        Client first = ready();
        stub.dropConnections();
        // A dropped connection is certain to be noticed on the next write (which is why irflow's client pings): the
        // read of the end of stream alone was seen to take over 5 s on a loaded CI machine.
        try {
            first.socket.sendPing(java.nio.ByteBuffer.allocate(0)).exceptionally(e -> null);
        } catch (RuntimeException alreadyClosed) {
            // noticed already
        }
        assertThat(first.closed.handle((code, e) -> code == null ? 1006 : code).get(15, TimeUnit.SECONDS)).isEqualTo(1006);
        Client second = ready();
        stub.closeWith(4403, "forbidden");
        assertThat(second.closed.get(15, TimeUnit.SECONDS)).isEqualTo(4403);
        assertThat(stub.connectionCount()).isEqualTo(2);
    }

    @Test
    void restIdMatchesEveryFixtureExample() {
        List<JsonNode> examples = new ArrayList<>();
        Fixtures.json(DIR + "authored-activity-to-rest-id-examples.json").path("examples").forEach(examples::add);
        assertThat(examples).hasSize(6).allSatisfy(e -> {
            String cluster = e.path("cluster").asText().split(" ")[0];
            String type = e.path("type").asText();
            String uuid = e.path("uuid").asText();
            if (e.has("decodedExample")) {
                String[] parts = e.path("decodedExample").asText().substring("ciscospark://".length()).split("/");
                cluster = parts[0];
                type = parts[1];
                uuid = parts[2];
            }
            assertThat(WebexSocketStub.restId(cluster, type, uuid)).isEqualTo(e.path("restId").asText());
        });
    }

    @Test
    void fallbackLookupReturnsTheRestId() throws Exception {
        String base = stub.conversationUrl();
        String uuid = "02b20687-00ee-5ee5-8198-c497652be862";
        assertThat(call("GET", base + "/messages/" + uuid, null).statusCode()).isEqualTo(401);
        assertThat(json(call("GET", base + "/messages/" + uuid, TOKEN)).path("id").asText())
                .isEqualTo("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMDJiMjA2ODctMDBlZS01ZWU1LTgxOTgtYzQ5NzY1MmJlODYy");
        stub.mapRestId("act-1", "REST-ACTION");
        assertThat(json(call("GET", base + "/attachment/actions/act-1", TOKEN)).path("id").asText()).isEqualTo("REST-ACTION");
        stub.strictFallback(true);
        assertThat(call("GET", base + "/messages/" + uuid, TOKEN).statusCode()).isEqualTo(404);
        assertThat(stub.fallbackLookups()).isEqualTo(3);
    }

    private String socketUrl(String deviceId) {
        return stub.baseUrl().replace("http:", "ws:") + "/v1/apps/wx2/registrations/" + deviceId + "/messages";
    }

    private static ObjectNode authorization(String token) {
        ObjectNode frame = Fixtures.json(DIR + "authored-mercury-client-authorization-frame.json");
        ((ObjectNode) frame.path("data")).put("token", "Bearer " + token);
        return frame;
    }

    /** Every object field path of a JSON tree (array contents not followed), to compare shapes. */
    private static List<String> shape(JsonNode node) {
        List<String> paths = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            paths.add(field.getKey());
            shape(field.getValue()).forEach(p -> paths.add(field.getKey() + "/" + p));
        });
        return paths.stream().sorted().toList();
    }

    private Client ready() throws Exception {
        Client client = connect(socketUrl(stub.addDevice("ir-bot-java")));
        client.send(authorization(TOKEN));
        assertThat(client.next().path("data").path("eventType").asText()).isEqualTo("mercury.buffer_state");
        return client;
    }

    private Client connect(String url) {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(URI.create(url), client).join();
        return client;
    }

    private int handshakeStatus(String url) {
        CompletableFuture<WebSocket> attempt = http.newWebSocketBuilder().buildAsync(URI.create(url), new Client());
        Throwable failure = catchThrowable(attempt::join);
        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    private HttpResponse<String> call(String method, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, method.equals("POST")
                ? HttpRequest.BodyPublishers.ofString(Fixtures.text(DIR + "authored-wdm-create-device-request.json"))
                : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return Json.mapper().readTree(response.body());
    }

    /** A raw JDK websocket client that queues the frames it receives. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        void send(JsonNode frame) {
            socket.sendText(Fixtures.write(frame), true).join();
        }

        JsonNode next() throws Exception {
            String text = frames.poll(5, TimeUnit.SECONDS);
            assertThat(text).as("a frame within 5 s").isNotNull();
            return Json.mapper().readTree(text);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}

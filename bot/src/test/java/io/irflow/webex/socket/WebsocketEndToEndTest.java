package io.irflow.webex.socket;

import io.irflow.webex.RestIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.config.AppConfig;
import io.irflow.json.Json;
import io.irflow.testing.CardText;
import io.irflow.testing.EventChannel;
import io.irflow.testing.Fixtures;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import io.irflow.testing.WebexSocketStub;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Websocket mode against a local server playing Webex's device service and event socket from the reference frames
 * ({@link WebexSocketStub}), Webex REST played by WireMock: registration and reuse, authorization, keep-alive, acks,
 * reconnects with REST catch-up, stale devices, restarts — every message answered exactly once.
 */
class WebsocketEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private final WebexStub webex = new WebexStub(wm);
    private EventChannel.Socket channel;
    private WebexSocketStub socket;
    private AppConfig config;
    private AppWiring.Bot bot;

    @BeforeEach
    void setUp() {
        webex.bot("irflow");
        channel = (EventChannel.Socket) EventChannel.open(EventChannel.Mode.WEBSOCKET);
        socket = channel.stub();
        config = channel.config(webex.url(), "storage:\n  url: " + TestDatabases.freshUrl("h2", dir) + "\n");
    }

    @AfterEach
    void tearDown() {
        if (bot != null) {
            bot.close();
        }
        channel.close();
    }

    private void boot() {
        bot = channel.start(config, TestConfigs.fastTuning());
    }

    private void restart() {
        bot.close();
        bot = null;
        boot();
    }

    private static String id(String type) {
        return RestIds.restId("us", type, UUID.randomUUID().toString());
    }

    /** A direct message from Alice, fetchable over REST, created now; returns its id. */
    private String stubMessage(String text) {
        String id = id("MESSAGE");
        ObjectNode m = webex.message("capture-message-direct-user.json", id, "direct", text);
        m.put("created", Instant.now().toString());
        webex.stub(get(urlPathEqualTo("/v1/messages/" + id)), m);
        return id;
    }

    /** What the REST catch-up finds: the IRT room active now, holding these messages (newest first). */
    private void stubHistory(String... messageIds) {
        ObjectNode rooms = Json.mapper().createObjectNode();
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/capture-room-direct.json");
        room.put("id", WebexStub.ROOM).put("type", "direct").put("lastActivity", Instant.now().toString());
        rooms.putArray("items").add(room);
        webex.stub(get(urlPathEqualTo("/v1/rooms")), rooms);
        ObjectNode list = Json.mapper().createObjectNode();
        ArrayNode items = list.putArray("items");
        for (int i = messageIds.length - 1; i >= 0; i--) {
            String mid = messageIds[i];
            ObjectNode m = Fixtures.json("fixtures/webex/messages/capture-message-direct-user.json");
            m.put("id", mid).put("roomId", WebexStub.ROOM).put("roomType", "direct").put("personId", WebexStub.ANALYST)
                    .put("personEmail", WebexStub.ANALYST_EMAIL).put("text", "help")
                    .put("created", Instant.now().minusMillis(10L * i).toString());
            items.add(m);
        }
        webex.stub(get(urlPathEqualTo("/v1/messages")).withQueryParam("roomId", equalTo(WebexStub.ROOM)), list);
    }

    private void say(String messageId) {
        channel.message(messageId, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL);
    }

    private List<String> answeredIds() {
        return webex.posted().stream().map(p -> p.path("parentId").asText()).toList();
    }

    @Test
    void registers_one_device_authorises_with_the_token_and_reuses_the_device_after_a_restart() {
        boot();

        assertThat(socket.devicesCreated()).hasSize(1);
        JsonNode create = socket.createRequests().get(0);
        assertThat(create.path("name").asText()).isEqualTo("irflow");
        assertThat(create.path("deviceType").asText()).isEqualTo("DESKTOP");
        WebexSocketStub.Upgrade upgrade = socket.upgrades().get(0);
        assertThat(upgrade.authorization()).isEqualTo("Bearer test-token");
        assertThat(upgrade.query()).containsEntry("outboundWireFormat", "text").containsEntry("bufferStates", "true")
                .containsEntry("aliasHttpStatus", "true").containsKey("clientTimestamp");
        JsonNode auth = socket.clientFrames().get(0);
        assertThat(auth.path("type").asText()).isEqualTo("authorization");
        assertThat(auth.path("data").path("token").asText()).isEqualTo("Bearer test-token");
        assertThat(auth.path("id").asText()).isNotBlank();

        restart();

        assertThat(socket.devicesCreated()).as("reused, not registered again").hasSize(1);
        assertThat(socket.upgrades()).hasSize(2);
        assertThat(socket.upgrades().get(1).deviceId()).isEqualTo(upgrade.deviceId());
    }

    @Test
    void irflow_webhooks_left_from_webhook_mode_are_deleted_and_other_apps_webhooks_kept() {
        ObjectNode list = Fixtures.json("fixtures/webex/webhook-registrations/openapi-list-webhooks.json");
        ObjectNode foreign = (ObjectNode) list.path("items").get(0);
        ObjectNode messages = foreign.deepCopy().put("id", "irflow-messages").put("name", "irflow messages")
                .put("targetUrl", "https://irflow.example.com/webhooks/webex");
        ObjectNode actions = messages.deepCopy().put("id", "irflow-actions").put("name", "irflow attachmentActions")
                .put("resource", "attachmentActions");
        ((ArrayNode) list.path("items")).add(messages).add(actions);
        webex.stub(get(urlPathEqualTo("/v1/webhooks")), list);
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/webhooks/.*"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204)));

        boot();

        List<String> deleted = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/webhooks/.*")))
                .stream().map(r -> r.getUrl().substring(r.getUrl().lastIndexOf('/') + 1)).toList();
        assertThat(deleted).containsExactlyInAnyOrder("irflow-messages", "irflow-actions");
    }

    @Test
    void duplicate_registrations_left_by_earlier_runs_are_cleaned_up() {
        socket.addDevice("irflow");
        socket.addDevice("irflow");
        socket.addDevice("someone-else");

        boot();

        assertThat(socket.devicesCreated()).isEmpty();
        assertThat(socket.devicesDeleted()).hasSize(1);
        assertThat(socket.devices()).extracting(d -> d.path("name").asText()).containsExactlyInAnyOrder("irflow", "someone-else");
    }

    @Test
    void pings_keep_the_socket_alive_every_frame_is_acked_and_a_silent_server_is_left_for_a_new_connection() {
        boot();
        String id = stubMessage("help");
        say(id);

        await().atMost(Duration.ofSeconds(5)).until(() -> answeredIds().contains(id));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.pings().size() >= 2);
        assertThat(socket.acks()).hasSizeGreaterThanOrEqualTo(2); // the buffer state and the post
        assertThat(socket.connectionCount()).isEqualTo(1);

        socket.answerPings(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.connectionCount() >= 2);
        socket.awaitConnected(Duration.ofSeconds(10));
    }

    @Test
    void a_dropped_connection_with_two_messages_sent_meanwhile_answers_both_exactly_once() {
        boot();
        String before = stubMessage("help");
        say(before);
        await().atMost(Duration.ofSeconds(5)).until(() -> answeredIds().contains(before));

        String first = stubMessage("help");
        String second = stubMessage("/status");
        stubHistory(before, first, second);
        socket.dropConnections();

        await().atMost(Duration.ofSeconds(10)).until(() -> answeredIds().containsAll(List.of(first, second)));
        socket.awaitConnected(Duration.ofSeconds(5));
        say(second); // Webex may still deliver it on the socket after the catch-up answered it
        sleep(500);
        assertThat(answeredIds()).containsOnlyOnce(before, first, second).hasSize(3);
    }

    @Test
    void a_gap_in_sequence_numbers_triggers_a_catch_up() {
        boot();
        String missed = stubMessage("help");
        String live = stubMessage("help");
        stubHistory(missed, live);

        socket.skipSequence(3);
        say(live);

        await().atMost(Duration.ofSeconds(10)).until(() -> answeredIds().containsAll(List.of(missed, live)));
        sleep(300);
        assertThat(answeredIds()).hasSize(2);
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/messages")).withQueryParam("roomId", equalTo(WebexStub.ROOM)));
    }

    @Test
    void a_stale_device_is_replaced_on_404_and_on_4401_without_piling_up_registrations() {
        boot();
        socket.forgetDevices();
        socket.dropConnections();

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.devicesCreated().size() == 2);
        socket.awaitConnected(Duration.ofSeconds(10));
        assertThat(socket.devices()).hasSize(1);

        socket.closeWith(4401, "unauthorized");

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.devicesCreated().size() == 3);
        socket.awaitConnected(Duration.ofSeconds(10));
        assertThat(socket.devices()).as("the replaced device was deleted").hasSize(1);
        String id = stubMessage("help");
        say(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> answeredIds().contains(id));
    }

    @Test
    void a_restart_mid_stream_neither_replays_nor_drops() {
        boot();
        String handled = stubMessage("help");
        say(handled);
        await().atMost(Duration.ofSeconds(5)).until(() -> answeredIds().contains(handled));
        bot.close();
        bot = null;

        String whileDown = stubMessage("help");
        stubHistory(handled, whileDown);
        boot();

        await().atMost(Duration.ofSeconds(10)).until(() -> answeredIds().contains(whileDown));
        say(handled); // a replay of the old frame after the restart
        say(whileDown);
        sleep(500);
        assertThat(answeredIds()).containsOnlyOnce(handled, whileDown).hasSize(2);
    }

    @Test
    void an_event_taken_before_a_crash_but_never_finished_is_run_at_the_next_start() {
        String url = config.storage().url();
        String taken = stubMessage("help");
        try (io.irflow.store.Database db = TestDatabases.open(url)) {
            // Recorded and leased by an instance that then died: the lease has lapsed by the next start.
            new io.irflow.webex.webhook.IntakeStore(db.dataSource(), java.time.Clock.systemUTC()).write(List.of(
                    new io.irflow.webex.webhook.IntakeStore.NewEvent(new io.irflow.webex.webhook.WebhookEvent(
                    null, "websocket", "messages", "created", WebexStub.ANALYST, new io.irflow.webex.webhook.WebhookEvent.Data(
                    taken, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL, null, null, null,
                    Instant.now().toString())), "dead-instance", Instant.now().minusSeconds(1))), List.of());
        }

        boot();

        await().atMost(Duration.ofSeconds(10)).until(() -> answeredIds().contains(taken));
        say(taken);
        sleep(500);
        assertThat(answeredIds()).containsExactly(taken);
    }

    @Test
    void behind_a_proxy_every_call_and_the_socket_upgrade_go_through_it_and_none_for_no_proxy_hosts() throws Exception {
        try (io.irflow.testing.TestProxy proxy = io.irflow.testing.TestProxy.requiring("svc-irflow", "pr0xy-pass")) {
            config = channel.config(webex.url(), "storage:\n  url: " + TestDatabases.freshUrl("h2", dir)
                    + "\nhttp:\n  proxy: \"" + proxy.url("svc-irflow", "pr0xy-pass") + "\"\n");
            boot();
            String id = stubMessage("help");
            say(id);
            await().atMost(Duration.ofSeconds(10)).until(() -> answeredIds().contains(id));

            int webexPort = wm.getPort();
            int socketPort = URI.create(socket.u2cUrl()).getPort();
            assertThat(proxy.requests()).extracting(r -> r.method() + " " + r.target())
                    .contains("GET http://localhost:" + webexPort + "/v1/people/me",
                            "GET " + socket.u2cUrl() + "/catalog?format=hostmap",
                            "GET " + socket.baseUrl() + "/wdm/api/v1/devices",
                            "POST " + socket.baseUrl() + "/wdm/api/v1/devices",
                            "CONNECT 127.0.0.1:" + socketPort,
                            "GET http://localhost:" + webexPort + "/v1/messages/" + id,
                            "POST http://localhost:" + webexPort + "/v1/messages");
            // REST calls send the proxy credentials up front; the socket's CONNECT answers the proxy's 407 challenge.
            assertThat(proxy.requests()).filteredOn(r -> !r.method().equals("CONNECT"))
                    .allSatisfy(r -> assertThat(r.withCredentials()).as(r.toString()).isTrue());
            assertThat(proxy.requests()).filteredOn(r -> r.method().equals("CONNECT")).extracting(r -> r.withCredentials())
                    .containsExactly(false, true);
            bot.close();
            bot = null;
            int seen = proxy.requests().size();

            config = channel.config(webex.url(), "storage:\n  url: " + TestDatabases.freshUrl("h2", dir)
                    + "\nhttp:\n  proxy: \"" + proxy.url("svc-irflow", "pr0xy-pass") + "\"\n  no_proxy: [localhost, 127.0.0.0/8]\n");
            boot();
            String direct = stubMessage("help");
            say(direct);
            await().atMost(Duration.ofSeconds(10)).until(() -> answeredIds().contains(direct));
            assertThat(proxy.requests()).as("no_proxy hosts are reached directly").hasSize(seen);
        }
    }

    @Test
    void conversations_outside_the_home_cluster_are_mapped_through_the_conversation_service() {
        socket.foreignClusterUrls(true);
        boot();
        String id = stubMessage("help");

        say(id);

        await().atMost(Duration.ofSeconds(5)).until(() -> answeredIds().contains(id));
        assertThat(socket.fallbackLookups()).isEqualTo(1);
    }

    @Test
    void status_and_the_connection_endpoint_show_mode_state_last_event_reconnects_and_proxy() throws Exception {
        boot();
        socket.dropConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.connectionCount() >= 2 && socket.isConnected());
        String id = stubMessage("/status");

        say(id);

        await().atMost(Duration.ofSeconds(10)).until(() -> answeredIds().contains(id));
        JsonNode post = webex.posted().get(webex.posted().size() - 1);
        JsonNode card = post.path("attachments").get(0).path("content");
        io.irflow.testing.CardValidator.assertValid(new io.irflow.cards.Card((ObjectNode) card, post.path("markdown").asText()));
        assertThat(CardText.plain(card)).contains("Webex connection", "websocket", "connected since", "Reconnects: 1",
                "Proxy: direct");
        HttpResponse<String> conn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bot.port() + "/connection")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode c = Json.mapper().readTree(conn.body());
        assertThat(c.path("mode").asText()).isEqualTo("websocket");
        assertThat(c.path("reconnects").asInt()).isEqualTo(1);
        assertThat(c.path("lastEvent").asText()).isNotBlank();
        assertThat(c.path("proxy").asText()).isEqualTo("direct");

        java.nio.file.Path cfg = java.nio.file.Files.writeString(dir.resolve("check.yml"), """
                server:
                  port: %d
                webex:
                  token: t
                  mode: websocket
                """.formatted(bot.port()));
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.irflow.app.Main());
        cli.setOut(new java.io.PrintWriter(out, true));
        assertThat(cli.execute("check-config", "--config", cfg.toString())).isZero();
        assertThat(out.toString()).contains("connection (irflow running on port " + bot.port() + "): mode=websocket "
                + "state=connected since ", "last_event=20", "reconnects=1 proxy=direct");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

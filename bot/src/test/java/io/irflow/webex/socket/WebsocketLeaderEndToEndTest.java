package io.irflow.webex.socket;

import io.irflow.app.AppWiring;
import io.irflow.config.AppConfig;
import io.irflow.testing.EventChannel;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import io.irflow.testing.WebexSocketStub;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Websocket mode with two bots on one PostgreSQL schema: only the leader opens the event socket (two sockets would
 * answer every message twice); when it goes away the other opens one within the leader check interval and answers.
 */
class WebsocketLeaderEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;
    private final WebexStub webex = new WebexStub(wm);
    private final List<AppWiring.Bot> bots = new ArrayList<>();
    private EventChannel.Socket channel;

    @AfterEach
    void tearDown() {
        bots.forEach(AppWiring.Bot::close);
        if (channel != null) {
            channel.close();
        }
    }

    @Test
    void only_the_leader_holds_the_socket_and_another_bot_opens_one_when_it_goes() {
        webex.bot("irflow");
        channel = (EventChannel.Socket) EventChannel.open(EventChannel.Mode.WEBSOCKET);
        WebexSocketStub socket = channel.stub();
        AppConfig config = channel.config(webex.url(), "storage:\n  url: \"" + TestDatabases.freshUrl("postgres", dir)
                + "\"\nalerts:\n  poll_interval: 1s\n");
        bots.add(channel.start(config, TestConfigs.fastTuning()));
        bots.add(channel.start(config, TestConfigs.fastTuning()));

        await().atMost(Duration.ofSeconds(5)).until(() -> bots.stream().filter(AppWiring.Bot::leading).count() == 1);
        sleep(Duration.ofSeconds(2)); // the follower has checked for the lead twice meanwhile
        assertThat(socket.upgrades()).hasSize(1);
        String first = stubMessage("help");
        say(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> answered(first) == 1);

        AppWiring.Bot leader = bots.stream().filter(AppWiring.Bot::leading).findFirst().orElseThrow();
        bots.remove(leader);
        leader.close();

        await().atMost(Duration.ofMillis(2500)).until(() -> socket.upgrades().size() == 2 && bots.get(0).leading());
        socket.awaitConnected(Duration.ofSeconds(5));
        String second = stubMessage("help");
        say(second);
        await().atMost(Duration.ofSeconds(5)).until(() -> answered(second) == 1);
        sleep(Duration.ofSeconds(1));
        assertThat(answered(first)).isEqualTo(1);
        assertThat(answered(second)).isEqualTo(1);
    }

    private String stubMessage(String text) {
        String id = RestIds.restId("us", "MESSAGE", UUID.randomUUID().toString());
        ObjectNode m = webex.message("capture-message-direct-user.json", id, "direct", text);
        m.put("created", Instant.now().toString());
        webex.stub(get(urlPathEqualTo("/v1/messages/" + id)), m);
        return id;
    }

    private void say(String messageId) {
        channel.message(messageId, WebexStub.ROOM, "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL);
    }

    private long answered(String messageId) {
        return webex.posted().stream().filter(p -> p.path("parentId").asText().equals(messageId)).count();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

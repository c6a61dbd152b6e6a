package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.sandbox.Demo;
import io.irflow.testing.CardText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.irflow.sandbox.webex.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code demo --websocket}: the whole demo with irflow on the stand-in's event socket, no webhooks. Alice investigates
 * the infected host and quarantines it from the card, as in the browser test, through the chat page's API.
 */
class DemoWebsocketTest {
    private static final String ALICE = "alice@acme.example";
    private Demo demo;
    private Api page;
    private String bot;

    @BeforeEach
    void start() {
        demo = Demo.start(0, true);
        page = new Api(demo.url().replaceAll("/+$", "") + ChatPage.API, null);
        bot = page.get("/session").body().path("bot").path("id").asText();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void investigate_then_quarantine_from_the_card_over_the_event_socket() {
        JsonNode rooms = page.get("/rooms?personEmail=" + ALICE).body();
        String direct = null;
        for (JsonNode r : rooms) {
            if ("direct".equals(r.path("type").asText())) {
                direct = r.path("id").asText();
            }
        }
        assertThat(direct).isNotNull();
        String room = direct;

        JsonNode help = reply(room, page.post("/messages", body("roomId", room, "personEmail", ALICE, "text", "help")).body());
        assertThat(help.path("attachments").get(0).path("content").toString()).contains("/investigate");

        JsonNode investigation = reply(room, page.post("/messages", body("roomId", room, "personEmail", ALICE,
                "text", "/investigate WKS-FIN-042")).body());
        Map<String, Object> quarantine = submitData(investigation, "Quarantine");

        JsonNode confirm = pressAndWait(room, investigation, quarantine);
        assertThat(CardText.plain(confirm.path("attachments").get(0).path("content")))
                .contains("Confirm: quarantine WKS-FIN-042?");

        assertThat(CardText.titles(confirm.path("attachments").get(0).path("content")))
                .containsExactly("Quarantine WKS-FIN-042", "Cancel");
        JsonNode done = pressAndWait(room, confirm, submitData(confirm, "Quarantine WKS-FIN-042"));
        assertThat(CardText.plain(done.path("attachments").get(0).path("content"))).contains("Quarantined");
    }

    private JsonNode pressAndWait(String room, JsonNode card, Map<String, Object> data) {
        int before = botMessages(room).size();
        page.post("/press", Map.of("messageId", card.path("id").asText(), "personEmail", ALICE, "inputs", Map.of(),
                "data", data));
        // The first new card: a picture (the floor map that follows an investigation) may arrive in between.
        AtomicReference<JsonNode> next = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<JsonNode> all = botMessages(room);
            all.subList(Math.min(before, all.size()), all.size()).stream().filter(m -> m.has("attachments"))
                    .findFirst().ifPresent(next::set);
            return next.get() != null;
        });
        return next.get();
    }

    /** Waits for the bot's answer in the thread of a sent message. */
    private JsonNode reply(String room, JsonNode sent) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode m : botMessages(room)) {
                if (sent.path("id").asText().equals(m.path("parentId").asText()) && m.has("attachments")) {
                    found.set(m);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    private List<JsonNode> botMessages(String room) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : page.get("/messages?roomId=" + room + "&after=0").body()) {
            if (bot.equals(e.path("message").path("personId").asText())) {
                out.add(e.path("message"));
            }
        }
        return out;
    }

    private static Map<String, Object> submitData(JsonNode message, String titleStart) {
        for (JsonNode a : CardText.submits(message.path("attachments").get(0).path("content"))) {
            if (a.path("title").asText().startsWith(titleStart)) {
                return io.irflow.json.Json.mapper().convertValue(a.path("data"), Map.class);
            }
        }
        throw new AssertionError("no button '" + titleStart + "' in " + message);
    }
}

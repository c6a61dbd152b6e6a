package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.irflow.sandbox.webex.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real bot on one server with the stand-in and the page: it registers its webhooks in the stand-in at start-up,
 * and "help" typed by Alice through the page API comes back as the help card, in her message's thread.
 */
class DemoChatEndToEndTest {
    private StandInBot all;
    private Api page;

    @BeforeEach
    void start() {
        all = new StandInBot(0, TestConfigs.fastTuning());
        page = new Api(all.baseUrl() + ChatPage.API, null);
    }

    @AfterEach
    void stop() {
        all.close();
    }

    @Test
    void the_bot_registers_its_webhooks_and_answers_help_with_its_card_in_the_direct_room() {
        assertThat(all.webex.webhooks().list()).extracting(w -> w.resource() + "/" + w.event())
                .containsExactlyInAnyOrder("messages/created", "attachmentActions/created");
        JsonNode rooms = page.get("/rooms?personEmail=alice@acme.example").body();
        assertThat(rooms.get(0).path("title").asText()).isEqualTo("Acme IRT");
        String direct = rooms.get(1).path("id").asText();
        assertThat(rooms.get(1).path("type").asText()).isEqualTo("direct");

        JsonNode sent = page.post("/messages", body("roomId", direct, "personEmail", "alice@acme.example", "text", "help")).body();

        AtomicReference<JsonNode> reply = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode e : page.get("/messages?roomId=" + direct + "&after=0").body()) {
                if (all.webex.botId().equals(e.path("message").path("personId").asText())) {
                    reply.set(e.path("message"));
                    return true;
                }
            }
            return false;
        });
        JsonNode m = reply.get();
        assertThat(m.path("parentId").asText()).isEqualTo(sent.path("id").asText());
        JsonNode card = m.path("attachments").get(0);
        assertThat(card.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.path("content").path("version").asText()).isEqualTo("1.3");
        assertThat(card.path("content").toString()).contains("/help", "/status", "/close", "Responders only.");
    }

    @Test
    void carol_the_analyst_may_list_incidents_but_is_told_that_opening_one_needs_a_responder() {
        JsonNode rooms = page.get("/rooms?personEmail=carol@acme.example").body();
        String direct = rooms.get(1).path("id").asText();
        page.post("/messages", body("roomId", direct, "personEmail", "carol@acme.example", "text", "/incidents"));
        page.post("/messages", body("roomId", direct, "personEmail", "carol@acme.example", "text", "/incident open Test"));

        List<JsonNode> replies = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            replies.clear();
            for (JsonNode e : page.get("/messages?roomId=" + direct + "&after=0").body()) {
                if (all.webex.botId().equals(e.path("message").path("personId").asText())) {
                    replies.add(e.path("message"));
                }
            }
            return replies.size() == 2;
        });
        assertThat(replies).anySatisfy(m -> assertThat(m.path("attachments").toString()).contains("incident"));
        assertThat(replies).anySatisfy(m -> assertThat(m.path("markdown").asText())
                .contains("/incident open").contains("needs a **responder**"));
    }

    @Test
    void report_in_an_incident_room_uploads_the_markdown_and_html_files_the_page_can_download() {
        JsonNode rooms = page.get("/rooms?personEmail=alice@acme.example").body();
        String direct = rooms.get(1).path("id").asText();
        page.post("/messages", body("roomId", direct, "personEmail", "alice@acme.example", "text",
                "/incident open Report test"));
        AtomicReference<String> incidentRoom = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode r : page.get("/rooms?personEmail=alice@acme.example").body()) {
                if (r.path("title").asText().contains("IR-")) {
                    incidentRoom.set(r.path("id").asText());
                    return true;
                }
            }
            return false;
        });

        page.post("/messages", body("roomId", incidentRoom.get(), "personEmail", "alice@acme.example", "text", "/report",
                "mentionBot", true));

        List<JsonNode> files = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            files.clear();
            for (JsonNode e : page.get("/messages?roomId=" + incidentRoom.get() + "&after=0").body()) {
                if (e.path("message").has("files")) {
                    files.add(e.path("message"));
                }
            }
            return files.size() == 2;
        });
        assertThat(files).extracting(m -> m.path("markdown").asText())
                .anySatisfy(md -> assertThat(md).contains("(Markdown)"))
                .anySatisfy(md -> assertThat(md).contains("(HTML)"));
        assertThat(page.get("/messages?roomId=" + incidentRoom.get() + "&after=0").body().toString())
                .doesNotContain("could not upload the report");
        String url = files.stream().filter(m -> m.path("markdown").asText().contains("(Markdown)")).findFirst()
                .orElseThrow().path("files").get(0).asText();
        String id = url.substring(url.lastIndexOf('/') + 1);
        assertThat(page.get("/files/" + id + "/info").body().path("name").asText()).endsWith("-report.md");
        assertThat(download(all.baseUrl() + ChatPage.API + "/files/" + id)).contains("## Times", "Report test");
    }

    private static String download(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void in_the_response_room_the_bot_answers_only_when_mentioned() {
        List<String> sent = new ArrayList<>();
        sent.add(page.post("/messages", body("roomId", all.webex.irtRoomId(), "personEmail", "bob@acme.example",
                "text", "status of the coffee machine?")).body().path("id").asText());
        sent.add(page.post("/messages", body("roomId", all.webex.irtRoomId(), "personEmail", "bob@acme.example",
                "text", "/status", "mentionBot", true)).body().path("id").asText());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                page.get("/messages?roomId=" + all.webex.irtRoomId() + "&after=0").body().size() >= 3);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() ->
                page.get("/messages?roomId=" + all.webex.irtRoomId() + "&after=0").body().size() == 3);
        JsonNode reply = page.get("/messages?roomId=" + all.webex.irtRoomId() + "&after=0").body().get(2).path("message");
        assertThat(reply.path("personId").asText()).isEqualTo(all.webex.botId());
        assertThat(reply.path("parentId").asText()).isEqualTo(sent.get(1));
    }
}

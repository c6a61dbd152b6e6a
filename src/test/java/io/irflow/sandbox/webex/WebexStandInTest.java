package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.sandbox.SandboxServer;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.irflow.sandbox.webex.Api.assertShapeLike;
import static io.irflow.sandbox.webex.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in's REST answers have Webex's fields and types (checked against the reference fixtures), auth and errors. */
class WebexStandInTest {
    private final DemoCredentials creds = DemoCredentials.forRun("s3cret");
    private final WebexStandIn webex = new WebexStandIn(Company.acme(), creds, Clock.systemUTC());
    private final ChatPage page = new ChatPage(webex);
    private SandboxServer server;
    private Api api;
    private String alice;

    @BeforeEach
    void start() {
        server = new SandboxServer(0, List.of(webex, page));
        api = new Api("http://127.0.0.1:" + server.port() + WebexStandIn.PREFIX, creds.webexToken());
        alice = webex.state().personByEmail("alice@acme.example").orElseThrow().id();
    }

    @AfterEach
    void stop() {
        server.close();
        page.close();
        webex.close();
    }

    @Test
    void people_me_is_the_bot_and_people_by_id_are_the_analysts() {
        JsonNode me = api.get("/people/me").body();
        assertShapeLike(me, "people/botbuilder-person-bot.json+people/openapi-people-me.json", "id", "emails", "displayName", "type");
        assertThat(me.path("type").asText()).isEqualTo("bot");
        assertThat(me.path("emails").get(0).asText()).isEqualTo("irflow@webex.bot");
        assertThat(decode(me.path("id").asText())).startsWith("ciscospark://us/PEOPLE/");

        JsonNode a = api.get("/people/" + alice).body();
        assertShapeLike(a, "people/capture-person-user.json+people/openapi-people-me.json", "id", "emails", "displayName", "firstName", "type");
        assertThat(a.path("displayName").asText()).isEqualTo("Alice Analyst");
        assertThat(api.get("/people/nobody").status()).isEqualTo(404);
    }

    @Test
    void wrong_or_missing_token_is_401_with_a_webex_error_body() {
        for (String token : new String[]{null, "wrong"}) {
            Api.Answer a = new Api("http://127.0.0.1:" + server.port() + WebexStandIn.PREFIX, token).get("/people/me");
            assertThat(a.status()).isEqualTo(401);
            assertShapeLike(a.body(), "errors/authored-error-401-invalid-token.json", "message", "errors", "trackingId");
            assertThat(a.body().path("trackingId").asText()).isEqualTo(a.trackingId()).startsWith("ROUTER_");
        }
    }

    @Test
    void posting_a_card_returns_the_message_object_and_get_returns_the_same() {
        Map<String, Object> card = Map.of("type", "AdaptiveCard", "version", "1.3",
                "body", List.of(Map.of("type", "TextBlock", "text", "Hi")));
        Api.Answer posted = api.post("/messages", body("roomId", webex.irtRoomId(), "markdown", "**Hi** there",
                "attachments", List.of(Map.of("contentType", "application/vnd.microsoft.card.adaptive", "content", card))));
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.trackingId()).startsWith("ROUTER_");
        JsonNode m = posted.body();
        assertShapeLike(m, "messages/openapi-message-object.json", "id", "roomId", "roomType", "text", "markdown",
                "personId", "personEmail", "attachments", "created");
        assertThat(m.path("text").asText()).isEqualTo("Hi there");
        assertThat(m.path("roomType").asText()).isEqualTo("group");
        assertThat(api.get("/messages/" + m.path("id").asText()).body()).isEqualTo(m);
        assertThat(decode(m.path("id").asText())).startsWith("ciscospark://us/MESSAGE/");
    }

    @Test
    void a_group_message_that_mentions_the_bot_carries_spark_mention_html_and_mentioned_people() {
        var sent = page.post(new ChatPage.Post(webex.irtRoomId(), "alice@acme.example", "help", null, true));
        JsonNode m = api.get("/messages/" + sent.id()).body();
        assertShapeLike(m, "messages/capture-message-group-bot-mention-item.json", "id", "roomId", "roomType", "text",
                "personId", "personEmail", "html", "mentionedPeople", "created");
        assertThat(m.path("text").asText()).isEqualTo("irflow help");
        assertThat(m.path("html").asText()).contains("<spark-mention data-object-type=\"person\" data-object-id=\""
                + webex.botId() + "\">irflow</spark-mention> help");
        assertThat(m.path("mentionedPeople").get(0).asText()).isEqualTo(webex.botId());
    }

    @Test
    void direct_message_by_email_creates_the_direct_room_and_lists_newest_first() {
        JsonNode first = api.post("/messages", body("toPersonEmail", "bob@acme.example", "text", "one")).body();
        JsonNode second = api.post("/messages", body("toPersonEmail", "bob@acme.example", "text", "two",
                "parentId", first.path("id").asText())).body();
        assertThat(second.path("roomId").asText()).isEqualTo(first.path("roomId").asText());
        assertThat(first.path("roomType").asText()).isEqualTo("direct");
        JsonNode room = api.get("/rooms/" + first.path("roomId").asText()).body();
        assertShapeLike(room, "rooms/capture-room-direct.json+rooms/capture-room-group.json", "id", "title", "type", "isLocked");
        assertThat(room.path("title").asText()).isEqualTo("Bob Responder");
        JsonNode list = api.get("/messages?roomId=" + first.path("roomId").asText()).body();
        assertShapeLike(list, "messages/openapi-message-list.json", "items");
        assertThat(list.path("items").get(0).path("text").asText()).isEqualTo("two");
        assertThat(api.get("/messages?roomId=" + webex.irtRoomId()).status()).isEqualTo(403);
        assertThat(api.post("/messages", body("roomId", webex.irtRoomId(), "text", "x".repeat(7440))).status()).isEqualTo(400);
        assertThat(api.post("/messages", body("text", "nowhere")).status()).isEqualTo(400);
        assertThat(api.send("DELETE", "/messages/" + second.path("id").asText(), null).status()).isEqualTo(204);
        assertThat(api.get("/messages/" + second.path("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void rooms_and_memberships_have_webex_shapes_and_a_second_add_is_409() {
        JsonNode room = api.post("/rooms", body("title", "INC-1 WKS-FIN-042")).body();
        assertShapeLike(room, "rooms/openapi-create-room-response.json", "id", "title", "type", "isLocked",
                "lastActivity", "creatorId", "created");
        assertThat(room.path("creatorId").asText()).isEqualTo(webex.botId());
        String roomId = room.path("id").asText();
        Api.Answer added = api.post("/memberships", body("roomId", roomId, "personEmail", "alice@acme.example"));
        assertThat(added.status()).isEqualTo(200);
        assertShapeLike(added.body(), "memberships/openapi-create-membership-response.json", "id", "roomId", "personId",
                "personEmail", "personDisplayName", "isModerator", "roomType", "created");

        Api.Answer again = api.post("/memberships", body("roomId", roomId, "personEmail", "alice@acme.example"));
        assertThat(again.status()).isEqualTo(409);
        assertShapeLike(again.body(), "errors/authored-error-404-not-found.json", "message", "errors", "trackingId");
        assertThat(api.post("/memberships", body("roomId", roomId, "personEmail", "mallory@evil.example")).status()).isEqualTo(404);

        JsonNode members = api.get("/memberships?roomId=" + roomId).body();
        assertShapeLike(members, "memberships/openapi-list-memberships.json", "items");
        assertThat(members.path("items")).hasSize(2);
        assertShapeLike(api.get("/rooms").body(), "rooms/openapi-list-rooms.json", "items");
        assertThat(page.rooms(webex.state().person(alice)).stream().map(ChatPage.PageRoom::title))
                .containsExactly("Acme IRT", "irflow", "INC-1 WKS-FIN-042");
    }

    @Test
    void webhooks_are_registered_listed_updated_and_deleted() {
        Api.Answer created = api.post("/webhooks", body("name", "irflow messages", "targetUrl", "http://127.0.0.1:1/hook",
                "resource", "messages", "event", "created", "secret", "abc"));
        assertThat(created.status()).isEqualTo(200);
        assertShapeLike(created.body(), "webhook-registrations/openapi-create-webhook-response.json+webhook-registrations/botbuilder-webhook-attachmentActions.json", "id", "name",
                "targetUrl", "resource", "event", "secret", "status", "created");
        String id = created.body().path("id").asText();
        assertShapeLike(api.get("/webhooks").body(), "webhook-registrations/botbuilder-webhook-list.json", "items");
        JsonNode updated = api.send("PUT", "/webhooks/" + id, body("name", "renamed", "targetUrl", "http://127.0.0.1:2/x",
                "status", "active")).body();
        assertThat(updated.path("name").asText()).isEqualTo("renamed");
        assertThat(updated.path("secret").asText()).isEqualTo("abc");
        assertThat(api.post("/webhooks", body("name", "x", "resource", "messages", "event", "created")).status()).isEqualTo(400);
        assertThat(api.send("DELETE", "/webhooks/" + id, null).status()).isEqualTo(204);
        assertThat(api.get("/webhooks/" + id).status()).isEqualTo(404);
    }

    static String decode(String id) {
        return new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
    }
}

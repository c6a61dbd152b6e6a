package io.irflow.sandbox.webex;

import io.irflow.json.Json;
import io.irflow.sandbox.webex.Shapes.ActionJson;
import io.irflow.sandbox.webex.Shapes.MessageJson;
import io.irflow.sandbox.webex.Shapes.PersonJson;
import io.irflow.sandbox.webex.Shapes.RoomJson;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's web chat: the page itself at {@code /} (static files from {@code sandbox/web} on the classpath) and its
 * API under {@code /chat/api}, through which the browser acts as one of the company's analysts: list rooms, post
 * messages (the page mentions the bot in group rooms), press card buttons, download the files posted with messages
 * ({@code /chat/api/files/{id}}, named by {@code /chat/api/files/{id}/info}), and follow new messages as Server-Sent
 * Events ({@code /chat/api/events}) or by polling {@code /chat/api/messages?roomId=&after=}.
 */
public final class ChatPage implements Consumer<JavalinConfig>, AutoCloseable {
    /** The page API's prefix. */
    public static final String API = "/chat/api";

    private final WebexState state;
    private final ContentStore contents;
    private final ChatFeed feed = new ChatFeed();

    /** A page over the stand-in's rooms and people. */
    public ChatPage(WebexStandIn webex) {
        this.state = webex.state();
        this.contents = webex.contents();
        state.listen(feed);
    }

    /** What the browser posts to send a message. */
    record Post(String roomId, String personEmail, String text, String parentId, Boolean mentionBot) {
    }

    /** What the browser posts when a card button is pressed: the card's input values and the button's data. */
    record Press(String messageId, String personEmail, Map<String, Object> inputs, Map<String, Object> data) {
    }

    /** What the page shows for a file posted with a message. */
    record FileInfo(String name, String contentType, int size) {
    }

    /** A room as the page lists it, titled from the analyst's point of view. */
    record PageRoom(String id, String title, String type, String lastActivity, String created) {
    }

    @Override
    public void accept(JavalinConfig config) {
        config.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/sandbox/web";
            sf.location = Location.CLASSPATH;
            sf.headers = Map.of("Cache-Control", "no-cache");
        });
        config.routes.get(API + "/session", api(ctx -> ctx.json(Map.of("bot", state.bot(), "irtRoomId", state.irtRoomId(),
                "analysts", state.people().stream().filter(p -> "person".equals(p.type())).toList()))));
        config.routes.get(API + "/rooms", api(ctx -> ctx.json(rooms(analyst(ctx.queryParam("personEmail"))))));
        config.routes.get(API + "/messages", api(this::messages));
        config.routes.post(API + "/messages", api(ctx -> ctx.json(post(read(ctx, Post.class)))));
        config.routes.post(API + "/press", api(ctx -> ctx.json(press(read(ctx, Press.class)))));
        config.routes.get(API + "/files/{id}", api(ctx -> WebexStandIn.download(ctx, contents.get(ctx.pathParam("id")))));
        config.routes.get(API + "/files/{id}/info", api(ctx -> {
            ContentStore.StoredFile f = contents.get(ctx.pathParam("id"));
            ctx.json(new FileInfo(f.name(), f.contentType(), f.content().length));
        }));
        config.routes.sse(API + "/events", client -> {
            String last = client.ctx().header("Last-Event-ID");
            String after = last != null ? last : client.ctx().queryParam("after");
            feed.connect(client, parse(after));
        });
    }

    /** The analyst's rooms: the response room, the direct room with the bot (created on first use), then the rest. */
    List<PageRoom> rooms(PersonJson analyst) {
        RoomJson direct = state.directRoom(analyst.id());
        List<PageRoom> out = new ArrayList<>();
        for (RoomJson r : state.roomsOf(analyst.id())) {
            out.add(new PageRoom(r.id(), r.id().equals(direct.id()) ? WebexState.BOT_NAME : r.title(), r.type(),
                    r.lastActivity(), r.created()));
        }
        out.sort(Comparator.comparingInt(r -> r.id().equals(state.irtRoomId()) ? 0 : r.id().equals(direct.id()) ? 1 : 2));
        return out;
    }

    /** Posts as an analyst; in a group room the bot is mentioned the way Webex clients do it (text label + html). */
    MessageJson post(Post p) {
        PersonJson author = analyst(p.personEmail());
        String text = p.text() == null ? "" : p.text().strip();
        if (text.isEmpty()) {
            throw WebexError.badRequest("text: may not be empty");
        }
        RoomJson room = state.room(p.roomId());
        boolean mention = "group".equals(room.type()) && (Boolean.TRUE.equals(p.mentionBot())
                || text.toLowerCase().startsWith("@" + WebexState.BOT_NAME));
        if (!mention) {
            return state.post(author.id(), room.id(), p.parentId(), text, null, null, null, null);
        }
        String rest = text.toLowerCase().startsWith("@" + WebexState.BOT_NAME)
                ? text.substring(WebexState.BOT_NAME.length() + 1).strip() : text;
        String html = "<p><spark-mention data-object-type=\"person\" data-object-id=\"" + state.bot().id() + "\">"
                + WebexState.BOT_NAME + "</spark-mention> " + MarkdownText.escape(rest) + "</p>";
        return state.post(author.id(), room.id(), p.parentId(), WebexState.BOT_NAME + " " + rest, null, html,
                List.of(state.bot().id()), null);
    }

    /** Presses a card button as an analyst; the stand-in delivers the attachment-action webhook. */
    ActionJson press(Press p) {
        return state.press(analyst(p.personEmail()).id(), p.messageId(), p.inputs(), p.data());
    }

    private void messages(Context ctx) {
        String roomId = ctx.queryParam("roomId");
        state.room(roomId);
        ctx.json(feed.since(roomId, parse(ctx.queryParam("after"))).stream()
                .filter(e -> "message".equals(e.type())).toList());
    }

    private PersonJson analyst(String email) {
        return state.personByEmail(email).filter(p -> "person".equals(p.type()))
                .orElseThrow(() -> WebexError.badRequest("personEmail: not one of the company's analysts"));
    }

    private static Handler api(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (WebexError e) {
                ctx.status(e.status()).json(Map.of("message", e.getMessage()));
            }
        };
    }

    private static <T> T read(Context ctx, Class<T> type) {
        try {
            T value = Json.mapper().readValue(ctx.bodyAsBytes(), type);
            if (value == null) {
                throw WebexError.badRequest("empty body");
            }
            return value;
        } catch (IOException e) {
            throw WebexError.badRequest("The request body is not valid JSON.");
        }
    }

    private static long parse(String n) {
        try {
            return n == null || n.isBlank() ? 0 : Long.parseLong(n.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        feed.close();
    }
}

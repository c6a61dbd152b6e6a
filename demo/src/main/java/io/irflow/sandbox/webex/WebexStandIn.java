package io.irflow.sandbox.webex;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.json.Json;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.irflow.sandbox.webex.Shapes.AttachmentJson;
import io.irflow.sandbox.webex.Shapes.Items;
import io.irflow.sandbox.webex.Shapes.MessageJson;
import io.irflow.sandbox.webex.Shapes.PersonJson;
import io.irflow.sandbox.webex.Shapes.RoomJson;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Webex REST API under {@code /webex/v1}: the people, messages, attachment actions, rooms,
 * memberships and webhooks irflow uses, with Webex's shapes, ids, bearer auth, {@code trackingid} headers and error
 * bodies; it delivers signed webhooks to the registered target URLs when people post or press card buttons, and
 * the same events as {@code conversation.activity} frames on the event socket of websocket mode ({@link MercuryStandIn}).
 */
public final class WebexStandIn implements Consumer<JavalinConfig>, AutoCloseable {
    /** Where the API lives on the server; irflow's {@code webex.url} is {@code http://host:port} plus this. */
    public static final String PREFIX = "/webex/v1";
    /** Where the service catalog lives; irflow's {@code webex.u2c_url} in websocket mode is {@code http://host:port} plus this. */
    public static final String U2C_PREFIX = "/u2c/api/v1";
    private static final Pattern MD_MENTION = Pattern.compile("<@(personId|personEmail):([^|>]+)(?:\\|[^>]*)?>");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final WebexState state;
    private final ContentStore contents = new ContentStore();
    private final WebhookDispatcher webhooks;
    private final MercuryStandIn mercury;
    private final String token;

    /** A stand-in with the company's analysts, the bot, and the "Acme IRT" room. */
    public WebexStandIn(Company company, DemoCredentials creds, Clock clock) {
        this.state = new WebexState(company, clock);
        this.webhooks = new WebhookDispatcher(clock, state.bot().id(), state.orgId());
        this.token = creds.webexToken();
        state.listen(new WebhookEvents(state, webhooks));
        this.mercury = new MercuryStandIn(state, token, clock);
    }

    /** The response room's id (irflow's {@code webex.irt_room}). */
    public String irtRoomId() {
        return state.irtRoomId();
    }

    /** The bot's person id. */
    public String botId() {
        return state.bot().id();
    }

    /** The bot's email. */
    public String botEmail() {
        return WebexState.BOT_EMAIL;
    }

    WebexState state() {
        return state;
    }

    ContentStore contents() {
        return contents;
    }

    WebhookDispatcher webhooks() {
        return webhooks;
    }

    MercuryStandIn mercury() {
        return mercury;
    }

    @Override
    public void accept(JavalinConfig config) {
        JavalinDefaultRoutingApi r = config.routes;
        r.get(PREFIX + "/people/{id}", api(ctx -> ctx.json("me".equals(ctx.pathParam("id")) ? state.bot()
                : state.person(ctx.pathParam("id")))));
        r.get(PREFIX + "/people", api(this::listPeople));
        r.post(PREFIX + "/messages", api(this::postMessage));
        r.get(PREFIX + "/messages", api(this::listMessages));
        r.get(PREFIX + "/messages/{id}", api(ctx -> ctx.json(visible(state.message(ctx.pathParam("id"))))));
        r.get(PREFIX + "/contents/{id}", api(ctx -> download(ctx, contents.get(ctx.pathParam("id")))));
        r.delete(PREFIX + "/messages/{id}", api(ctx -> {
            state.delete(ctx.pathParam("id"), botId());
            ctx.status(204);
        }));
        r.get(PREFIX + "/attachment/actions/{id}", api(ctx -> ctx.json(state.action(ctx.pathParam("id")))));
        r.post(PREFIX + "/rooms", api(ctx -> ctx.json(state.createRoom(str(body(ctx), "title"), botId()))));
        r.get(PREFIX + "/rooms/{id}", api(ctx -> ctx.json(botRoom(ctx.pathParam("id")))));
        r.get(PREFIX + "/rooms", api(ctx -> ctx.json(new Items<>(state.roomsOf(botId()).stream()
                .filter(room -> ctx.queryParam("type") == null || room.type().equals(ctx.queryParam("type"))).toList()))));
        r.post(PREFIX + "/memberships", api(this::addMember));
        r.get(PREFIX + "/memberships", api(this::listMemberships));
        r.post(PREFIX + "/webhooks", api(ctx -> ctx.json(webhooks.create(body(ctx)))));
        r.get(PREFIX + "/webhooks", api(ctx -> ctx.json(new Items<>(webhooks.list()))));
        r.get(PREFIX + "/webhooks/{id}", api(ctx -> ctx.json(webhooks.get(ctx.pathParam("id")))));
        r.put(PREFIX + "/webhooks/{id}", api(ctx -> ctx.json(webhooks.update(ctx.pathParam("id"), body(ctx)))));
        r.delete(PREFIX + "/webhooks/{id}", api(ctx -> {
            webhooks.delete(ctx.pathParam("id"));
            ctx.status(204);
        }));
        mercury.accept(config);
    }

    private Handler api(Handler handler) {
        return BearerApi.guard(token, handler);
    }

    private void listPeople(Context ctx) {
        String email = ctx.queryParam("email");
        String name = ctx.queryParam("displayName");
        if (email == null && name == null) {
            throw WebexError.badRequest("email or displayName must be specified");
        }
        ctx.json(new Items<>(state.people().stream()
                .filter(p -> email == null || p.emails().get(0).equalsIgnoreCase(email))
                .filter(p -> name == null || p.displayName().toLowerCase().startsWith(name.toLowerCase())).toList()));
    }

    /**
     * {@code POST /messages} with a JSON body, or as {@code multipart/form-data} (the way Webex takes a file upload):
     * fields {@code roomId} / {@code toPersonId} / {@code toPersonEmail}, {@code parentId}, {@code text},
     * {@code markdown} and one file part {@code files}. The file is kept and the message carries its content URL.
     */
    private void postMessage(Context ctx) {
        String type = ctx.contentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            postMultipart(ctx);
            return;
        }
        JsonNode b = tree(ctx);
        String roomId = target(text(b, "roomId"), text(b, "toPersonId"), text(b, "toPersonEmail"));
        List<AttachmentJson> attachments = new ArrayList<>();
        for (JsonNode a : b.path("attachments")) {
            attachments.add(new AttachmentJson(text(a, "contentType"), a.get("content")));
        }
        String markdown = text(b, "markdown");
        ctx.json(state.post(botId(), roomId, text(b, "parentId"), text(b, "text"), markdown, null, mentions(markdown),
                attachments));
    }

    private void postMultipart(Context ctx) {
        String roomId = target(form(ctx, "roomId"), form(ctx, "toPersonId"), form(ctx, "toPersonEmail"));
        List<io.javalin.http.UploadedFile> files = ctx.uploadedFiles("files");
        if (files.size() > 1) {
            throw WebexError.badRequest("Only one file per message is allowed.");
        }
        String url = null;
        if (!files.isEmpty()) {
            io.javalin.http.UploadedFile f = files.get(0);
            byte[] bytes;
            try (java.io.InputStream in = f.content()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw WebexError.badRequest("The file part could not be read.");
            }
            ContentStore.StoredFile stored = contents.put(f.filename() == null ? "file" : f.filename(),
                    f.contentType() == null ? "application/octet-stream" : f.contentType(), bytes);
            url = ctx.scheme() + "://" + ctx.host() + PREFIX + "/contents/" + stored.id();
        }
        String markdown = form(ctx, "markdown");
        ctx.json(state.post(botId(), roomId, form(ctx, "parentId"), form(ctx, "text"), markdown, null,
                mentions(markdown), List.of(), url));
    }

    /** Serves a stored file as Webex does, as an attachment that a browser will not render in this origin. */
    static void download(Context ctx, ContentStore.StoredFile f) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + f.name().replaceAll("[\"\\\\\r\n]", "_") + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(f.contentType());
        ctx.result(f.content());
    }

    private static String form(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The room a new message goes to: exactly one of roomId, toPersonId, toPersonEmail (a direct room). */
    private String target(String roomId, String toId, String toEmail) {
        int targets = (roomId != null ? 1 : 0) + (toId != null ? 1 : 0) + (toEmail != null ? 1 : 0);
        if (targets != 1) {
            throw WebexError.badRequest("Exactly one of roomId, toPersonId or toPersonEmail must be given.");
        }
        if (roomId == null) {
            String personId = toId != null ? toId : state.personByEmail(toEmail).map(PersonJson::id)
                    .orElseThrow(() -> new WebexError(404, "Could not find a person with the provided email."));
            if (personId.equals(botId())) {
                throw WebexError.badRequest("Cannot send a direct message to yourself.");
            }
            roomId = state.directRoom(personId).id();
        }
        return roomId;
    }

    /** Person ids mentioned in markdown as {@code <@personId:..>} or {@code <@personEmail:..>}. */
    private List<String> mentions(String markdown) {
        List<String> ids = new ArrayList<>();
        if (markdown != null) {
            Matcher m = MD_MENTION.matcher(markdown);
            while (m.find()) {
                String id = "personId".equals(m.group(1)) ? m.group(2)
                        : state.personByEmail(m.group(2)).map(PersonJson::id).orElse(null);
                if (id != null && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** {@code GET /messages?roomId=}: newest first; in group rooms a bot must ask for {@code mentionedPeople=me}. */
    private void listMessages(Context ctx) {
        String roomId = ctx.queryParam("roomId");
        if (roomId == null) {
            throw WebexError.badRequest("roomId: may not be null");
        }
        RoomJson room = botRoom(roomId);
        boolean mentionsOnly = "me".equals(ctx.queryParam("mentionedPeople")) || botId().equals(ctx.queryParam("mentionedPeople"));
        if ("group".equals(room.type()) && !mentionsOnly) {
            throw new WebexError(403, "Failed to get activities in the room. Bots must use the mentionedPeople=me filter in group rooms.");
        }
        int max = Math.max(1, Math.min(ctx.queryParamAsClass("max", Integer.class).getOrDefault(50), mentionsOnly ? 100 : 1000));
        String parentId = ctx.queryParam("parentId");
        String before = ctx.queryParam("before");
        String beforeMessage = ctx.queryParam("beforeMessage");
        List<MessageJson> all = new ArrayList<>(state.messages(roomId));
        if (beforeMessage != null) {
            int cut = all.indexOf(state.message(beforeMessage));
            all = all.subList(0, Math.max(cut, 0));
        }
        ctx.json(new Items<>(all.stream()
                .filter(m -> !mentionsOnly || (m.mentionedPeople() != null && m.mentionedPeople().contains(botId())))
                .filter(m -> parentId == null || parentId.equals(m.parentId()))
                .filter(m -> before == null || m.created().compareTo(before) < 0)
                .sorted(Comparator.comparing(MessageJson::created).reversed())
                .limit(max).toList()));
    }

    private void addMember(Context ctx) {
        Map<String, Object> b = body(ctx);
        String personId = (String) b.get("personId");
        String email = (String) b.get("personEmail");
        if (personId == null && email == null) {
            throw WebexError.badRequest("personId or personEmail must be given.");
        }
        if (personId == null) {
            personId = state.personByEmail(email).map(PersonJson::id)
                    .orElseThrow(() -> new WebexError(404, "Could not find a person with the provided email."));
        }
        botRoom(str(b, "roomId"));
        ctx.json(state.join(str(b, "roomId"), personId, Boolean.TRUE.equals(b.get("isModerator"))));
    }

    private void listMemberships(Context ctx) {
        String roomId = ctx.queryParam("roomId");
        String personId = ctx.queryParam("personId");
        String email = ctx.queryParam("personEmail");
        if (roomId == null && (personId != null || email != null)) {
            throw WebexError.badRequest("personId and personEmail require roomId.");
        }
        if (roomId != null) {
            botRoom(roomId);
        }
        List<String> mine = state.roomsOf(botId()).stream().map(RoomJson::id).toList();
        ctx.json(new Items<>(state.memberships(roomId).stream()
                .filter(m -> roomId != null ? true : mine.contains(m.roomId()) && m.personId().equals(botId()))
                .filter(m -> personId == null || m.personId().equals(personId))
                .filter(m -> email == null || m.personEmail().equalsIgnoreCase(email)).toList()));
    }

    /** A room the bot belongs to; others are "not found", as Webex answers. */
    private RoomJson botRoom(String roomId) {
        RoomJson room = state.room(roomId);
        if (!state.isMember(roomId, botId())) {
            throw new WebexError(404, "Could not find a room with provided ID.");
        }
        return room;
    }

    private MessageJson visible(MessageJson m) {
        botRoom(m.roomId());
        return m;
    }

    private static Map<String, Object> body(Context ctx) {
        try {
            Map<String, Object> m = Json.mapper().readValue(ctx.bodyAsBytes(), MAP);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw WebexError.badRequest("The request body is not valid JSON.");
        }
    }

    private static JsonNode tree(Context ctx) {
        try {
            JsonNode n = Json.mapper().readTree(ctx.bodyAsBytes());
            if (n == null || !n.isObject()) {
                throw WebexError.badRequest("The request body must be a JSON object.");
            }
            return n;
        } catch (IOException e) {
            throw WebexError.badRequest("The request body is not valid JSON.");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static String str(Map<String, Object> b, String key) {
        Object v = b.get(key);
        return v == null ? null : String.valueOf(v);
    }

    @Override
    public void close() {
        webhooks.close();
        mercury.close();
    }
}

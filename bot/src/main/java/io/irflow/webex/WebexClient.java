package io.irflow.webex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.json.Json;
import io.irflow.net.Origins;
import io.irflow.net.Outbound;
import io.irflow.net.UrlPaths;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.Unirest;
import kong.unirest.core.UnirestException;
import kong.unirest.core.UnirestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * irflow's own typed Webex REST client (the Java SDK is not on Maven Central and lacks card actions).
 * Built from docs/reference/webex.md: bearer auth, 429 with Retry-After, bounded 5xx retries with backoff,
 * Link-header pagination, and every failure logged with Webex's trackingId.
 *
 * <p>The bearer token only goes where irflow points it: HTTP redirects are never followed (a 3xx is an error), a
 * {@code Link: rel="next"} to another origin than the configured base URL ends the listing, and every id in a path
 * is encoded by {@link UrlPaths}. A POST (which creates a message, room, membership, webhook or device) is retried
 * only when Webex cannot have acted on it: after a 429, or when the connection failed before the request was sent
 * (see {@link RetryRules}).
 */
public class WebexClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebexClient.class);
    private static final int MAX_PAGES = 50;

    private final String base;
    private final RetryPolicy retry;
    private final UnirestInstance http;
    private final Sleeper sleeper;

    /** Waits between retries; a seam for tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A direct client (no proxy, the JDK's CAs). */
    public WebexClient(String baseUrl, String token, RetryPolicy retry) {
        this(baseUrl, token, retry, Outbound.direct());
    }

    /** A client that goes out through the configured proxy and trust. */
    public WebexClient(String baseUrl, String token, RetryPolicy retry, Outbound outbound) {
        this(baseUrl, token, retry, d -> Thread.sleep(d.toMillis()), outbound);
    }

    /** A direct client with a test seam for the waits between retries. */
    public WebexClient(String baseUrl, String token, RetryPolicy retry, Sleeper sleeper) {
        this(baseUrl, token, retry, sleeper, Outbound.direct());
    }

    /** A client through {@code outbound}, with a test seam for the waits between retries. */
    public WebexClient(String baseUrl, String token, RetryPolicy retry, Sleeper sleeper, Outbound outbound) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.retry = retry;
        this.sleeper = sleeper;
        this.http = Unirest.spawnInstance();
        http.config()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout((int) retry.connectTimeout().toMillis())
                .requestTimeout((int) retry.readTimeout().toMillis())
                // A redirect would carry the bearer token to wherever Webex (or whoever answers) points.
                .followRedirects(false)
                .setDefaultHeader("Authorization", "Bearer " + token)
                .setDefaultHeader("Accept", "application/json");
        outbound.applyTo(http);
    }

    /** {@code GET /people/me}: the bot's own identity. */
    public Person me() {
        return get("/people/me", Person.class);
    }

    /** {@code GET /people/{id}}. */
    public Person person(String personId) {
        return get(path("people", personId), Person.class);
    }

    /** {@code GET /messages/{id}}: the text, html and mentions the webhook does not carry. */
    public Message message(String messageId) {
        return get(path("messages", messageId), Message.class);
    }

    /** {@code POST /messages}. */
    public Message post(NewMessage message) {
        return send("POST", base + "/messages", message, Message.class);
    }

    /**
     * {@code POST /messages} as {@code multipart/form-data} with one file in {@code files} (Webex takes one file per
     * message). Retried like every POST: after a 429, or when the connection failed before anything was sent.
     */
    public Message upload(String roomId, String markdown, String fileName, String contentType, byte[] content) {
        return upload(roomId, null, markdown, fileName, contentType, content);
    }

    /**
     * As {@link #upload(String, String, String, String, byte[])}, as a reply in the thread of {@code parentId} (the
     * thread's root message; null for none): Webex takes {@code parentId} as a form field like {@code roomId}.
     */
    public Message upload(String roomId, String parentId, String markdown, String fileName, String contentType,
                          byte[] content) {
        String url = base + "/messages";
        HttpResponse<String> response = exchange("POST", url, () -> {
            kong.unirest.core.MultipartBody body = http.post(url).field("roomId", roomId);
            if (parentId != null) {
                body = body.field("parentId", parentId);
            }
            return body.field("markdown", markdown)
                    .field("files", new java.io.ByteArrayInputStream(content),
                            kong.unirest.core.ContentType.create(contentType), fileName)
                    .asString();
        });
        return read(response, Json.mapper().constructType(Message.class), "POST", url);
    }

    /** {@code DELETE /messages/{id}}. */
    public void deleteMessage(String messageId) {
        send("DELETE", base + path("messages", messageId), null, Void.class);
    }

    /** {@code GET /attachment/actions/{id}}: the inputs of a card submission. */
    public AttachmentAction attachmentAction(String actionId) {
        return get(path("attachment", "actions", actionId), AttachmentAction.class);
    }

    /** {@code POST /rooms}. */
    public Room createRoom(String title) {
        return send("POST", base + "/rooms", Map.of("title", title), Room.class);
    }

    /**
     * {@code GET /rooms?type=group&sortBy=created&max=...}: the group rooms the bot is in, most recently created first
     * (first page only). Used to find a room a {@code POST /rooms} may have created although it failed.
     */
    public List<Room> groupRoomsByCreated(int max) {
        return page(base + "/rooms?type=group&sortBy=created&max=" + Math.max(1, Math.min(max, 1000)), Room.class);
    }

    /** {@code GET /rooms/{id}}. */
    public Room room(String roomId) {
        return get(path("rooms", roomId), Room.class);
    }

    /**
     * {@code POST /memberships} by email. A person already in the room (409) is not an error.
     *
     * @return the new membership, or empty when the person was already a member
     */
    public Optional<Membership> addMember(String roomId, String personEmail) {
        try {
            return Optional.of(send("POST", base + "/memberships", Map.of("roomId", roomId, "personEmail", personEmail),
                    Membership.class));
        } catch (WebexException e) {
            if (e.status() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET /rooms?sortBy=lastactivity}: the bot's rooms, most recently active first (first page only). */
    public List<Room> recentRooms(int max) {
        return page(base + "/rooms?sortBy=lastactivity&max=" + max, Room.class);
    }

    /**
     * {@code GET /messages?roomId=...}: the newest messages of a room, newest first (first page only). Group rooms need
     * {@code mentionedPeople=me} for bots, and then at most 100 (docs/reference/webex.md#group-room-history).
     */
    public List<Message> recentMessages(String roomId, boolean mentioningMe, int max) {
        return page(base + "/messages?roomId=" + UrlPaths.queryValue(roomId)
                + (mentioningMe ? "&mentionedPeople=me" : "") + "&max=" + Math.min(max, mentioningMe ? 100 : 1000),
                Message.class);
    }

    /**
     * {@code GET /messages?roomId=...&parentId=...}: the newest replies in a thread (first page, up to 50). A bot can
     * list a group room only with {@code mentionedPeople=me}, so this is for 1:1 rooms
     * (docs/reference/webex.md#group-room-history).
     */
    public List<Message> threadReplies(String roomId, String parentId) {
        return page(base + "/messages?roomId=" + UrlPaths.queryValue(roomId) + "&parentId="
                + UrlPaths.queryValue(parentId) + "&max=50", Message.class);
    }

    /**
     * A call to another Webex service with the bot token, the retries and the proxy of every REST call: the U2C
     * catalog, the device service (WDM) and the conversation service in websocket mode.
     *
     * @return the parsed JSON answer, or null for an empty one (204)
     */
    public JsonNode service(String method, String absoluteUrl, Object body) {
        HttpResponse<String> response = execute(method, absoluteUrl, body);
        String text = response.getBody();
        if (text == null || text.isBlank()) {
            return null;
        }
        return read(response, Json.mapper().constructType(JsonNode.class), method, absoluteUrl);
    }

    /** {@code GET /webhooks}, all pages. */
    public List<Webhook> webhooks() {
        return list(base + "/webhooks?max=100", Webhook.class);
    }

    /** {@code POST /webhooks}. */
    public Webhook createWebhook(String name, String targetUrl, String resource, String event, String secret) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("targetUrl", targetUrl);
        body.put("resource", resource);
        body.put("event", event);
        if (secret != null) {
            body.put("secret", secret);
        }
        return send("POST", base + "/webhooks", body, Webhook.class);
    }

    /** {@code PUT /webhooks/{id}}: name, target, secret, and {@code status: active} to re-activate a disabled one. */
    public Webhook updateWebhook(String id, String name, String targetUrl, String secret) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("targetUrl", targetUrl);
        if (secret != null) {
            body.put("secret", secret);
        }
        body.put("status", "active");
        return send("PUT", base + path("webhooks", id), body, Webhook.class);
    }

    /** {@code DELETE /webhooks/{id}}. */
    public void deleteWebhook(String id) {
        send("DELETE", base + path("webhooks", id), null, Void.class);
    }

    private <T> T get(String path, Class<T> type) {
        return send("GET", base + path, null, type);
    }

    private <T> List<T> page(String url, Class<T> itemType) {
        JavaType pageType = Json.mapper().getTypeFactory().constructParametricType(Page.class, itemType);
        Page<T> p = read(execute("GET", url, null), pageType, "GET", url);
        return p == null || p.items() == null ? List.of() : p.items();
    }

    /**
     * Follows {@code Link: <...>; rel="next"} verbatim (docs/reference/webex.md#pagination), bounded to
     * {@value #MAX_PAGES} pages, and only on the configured Webex origin: a next link elsewhere would get the bearer
     * token, so the listing stops there.
     */
    <T> List<T> list(String firstUrl, Class<T> itemType) {
        JavaType pageType = Json.mapper().getTypeFactory().constructParametricType(Page.class, itemType);
        List<T> all = new ArrayList<>();
        String url = firstUrl;
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            HttpResponse<String> response = execute("GET", url, null);
            Page<T> p = read(response, pageType, "GET", url);
            if (p != null && p.items() != null) {
                all.addAll(p.items());
            }
            url = LinkHeader.next(response.getHeaders().get("Link")).orElse(null);
            if (url != null && !Origins.same(url, base)) {
                LOG.warn("webex GET {} sent a next link to another origin; not followed, the list may be incomplete",
                        pathOf(firstUrl));
                url = null;
            }
        }
        return all;
    }

    private <T> T send(String method, String url, Object body, Class<T> type) {
        HttpResponse<String> response = execute(method, url, body);
        if (type == Void.class) {
            return null;
        }
        return read(response, Json.mapper().constructType(type), method, url);
    }

    private <T> T read(HttpResponse<String> response, JavaType type, String method, String url) {
        try {
            return Json.mapper().readValue(response.getBody(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String tracking = trackingId(response);
            LOG.warn("webex {} {} returned an unreadable body (trackingId={})", method, pathOf(url), tracking);
            // A 2xx to a POST that irflow cannot read still means Webex acted on it.
            throw new WebexException("unreadable Webex answer", response.getStatus(), tracking, e,
                    !RetryRules.idempotent(method));
        }
    }

    private HttpResponse<String> execute(String method, String url, Object body) {
        String json = body == null ? null : toJson(body);
        return exchange(method, url, () -> {
            var request = http.request(method, url);
            return json == null ? request.asString()
                    : request.header("Content-Type", "application/json").body(json).asString();
        });
    }

    /** Sends a call, retrying what {@link RetryRules} allows; returns a 2xx answer. */
    private HttpResponse<String> exchange(String method, String url, Supplier<HttpResponse<String>> call) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = call.get();
            } catch (UnirestException e) {
                if (e.getCause() instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new WebexException("interrupted while calling Webex", 0, null, e);
                }
                boolean safe = RetryRules.idempotent(method) || RetryRules.sentNothing(e);
                if (safe && attempt < retry.maxRetries()) {
                    LOG.warn("webex {} {} failed ({}); retry {} of {}", method, pathOf(url), e.getMessage(), attempt + 1,
                            retry.maxRetries());
                    pause(backoff(attempt));
                    continue;
                }
                LOG.error("webex {} {} failed: {}", method, pathOf(url), e.getMessage());
                throw new WebexException(safe ? "Webex unreachable: " + e.getMessage()
                        : "Webex did not answer " + method + " " + pathOf(url) + " (" + e.getMessage()
                        + "); not sent again because Webex may have acted on it", 0, null, e, !safe);
            }
            int status = response.getStatus();
            if (status >= 200 && status < 300) {
                return response;
            }
            String tracking = trackingId(response);
            if (RetryRules.retryable(method, status) && attempt < retry.maxRetries()) {
                Duration wait = status == 429 ? retryAfter(response) : backoff(attempt);
                LOG.warn("webex {} {} answered HTTP {} (trackingId={}); retry {} of {} in {} ms", method, pathOf(url),
                        status, tracking, attempt + 1, retry.maxRetries(), wait.toMillis());
                pause(wait);
                continue;
            }
            throw failure(method, url, response, tracking);
        }
    }

    /** The error for a final non-2xx answer, saying why a redirect or a failed POST was not tried again. */
    private WebexException failure(String method, String url, HttpResponse<String> response, String tracking) {
        int status = response.getStatus();
        String message = "Webex answered HTTP " + status;
        if (status >= 300 && status < 400) {
            String location = response.getHeaders().getFirst("Location");
            String target = location == null || location.isBlank() ? "" : " to " + RetryRules.originOf(location);
            message += " (a redirect" + target
                    + "); irflow does not follow Webex redirects, so the token stays with the configured host";
        } else if (status >= 500 && !RetryRules.idempotent(method)) {
            message += " to " + method + " " + pathOf(url) + "; not sent again because Webex may have acted on it";
        }
        LOG.error("webex {} {} failed: HTTP {} {} (trackingId={}){}", method, pathOf(url), status,
                errorMessage(response), tracking, status >= 300 && status < 400 ? " — redirect not followed" : "");
        return new WebexException(message, status, tracking, null, status >= 500 && !RetryRules.idempotent(method));
    }

    private Duration retryAfter(HttpResponse<String> response) {
        String header = response.getHeaders().getFirst("Retry-After");
        Duration wait = retry.defaultRetryAfter();
        if (header != null && !header.isBlank()) {
            try {
                long seconds = Long.parseLong(header.trim());
                wait = seconds <= 0 ? Duration.ofSeconds(1) : Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                LOG.warn("webex sent an unreadable Retry-After '{}'; waiting {} s", header, wait.toSeconds());
            }
        }
        return wait.compareTo(retry.maxWait()) > 0 ? retry.maxWait() : wait;
    }

    private Duration backoff(int attempt) {
        long base = retry.baseBackoff().toMillis() << Math.min(attempt, 10);
        long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(Math.min(base + jitter, retry.maxWait().toMillis()));
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebexException("interrupted while waiting to retry", 0, null, e);
        }
    }

    private static String trackingId(HttpResponse<String> response) {
        String header = response.getHeaders().getFirst("trackingid");
        if (header != null && !header.isBlank()) {
            return header;
        }
        try {
            JsonNode body = Json.mapper().readTree(response.getBody() == null ? "" : response.getBody());
            return body == null ? null : body.path("trackingId").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String errorMessage(HttpResponse<String> response) {
        try {
            JsonNode body = Json.mapper().readTree(response.getBody() == null ? "" : response.getBody());
            return body == null ? "" : body.path("message").asText("");
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static String toJson(Object body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise Webex request", e);
        }
    }

    /** The path part of a URL, for logs (query strings may carry cursors; never tokens). */
    private String pathOf(String url) {
        String p = url.startsWith(base) ? url.substring(base.length()) : url;
        int q = p.indexOf('?');
        return q < 0 ? p : p.substring(0, q);
    }

    /** A REST path from its segments; an id that cannot be a path segment is refused before any request. */
    private static String path(String... segments) {
        try {
            return UrlPaths.of(segments);
        } catch (IllegalArgumentException e) {
            LOG.warn("webex: {}; no request sent", e.getMessage());
            throw new WebexException("refused to call Webex with an id that is empty or holds a '.' or '..' step", 0,
                    null, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** One page of a Webex list answer. */
    record Page<T>(List<T> items) {
    }
}

package io.irflow.sandbox.webex;

import io.irflow.json.Json;
import io.irflow.sandbox.webex.Shapes.WebhookJson;
import io.irflow.webex.webhook.SignatureVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the webhook registrations and delivers events to them as Webex does: the registration's envelope with a
 * reduced {@code data}, signed with HMAC-SHA1 of the exact body bytes ({@code X-Spark-Signature}), POSTed
 * asynchronously and in order (one sender thread); 503, 429 and connection failures are retried a few times with a short backoff, and a webhook that
 * fails 100 times within five minutes is disabled.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Set<String> RESOURCES = Set.of("messages", "memberships", "rooms", "attachmentActions",
            "meetings", "recordings", "all");
    private static final Set<String> EVENTS = Set.of("created", "updated", "deleted", "started", "ended", "all");
    /** The firehose covers these only; card submissions need their own registration. */
    private static final Set<String> FIREHOSE = Set.of("messages", "memberships", "rooms");
    private static final int MAX_ATTEMPTS = 6;

    private final Clock clock;
    private final String botId;
    private final String orgId;
    private final String appId = WebexIds.stable("APPLICATION", "irflow-demo");
    private final Map<String, WebhookJson> hooks = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService senders = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webex-standin-webhooks");
        t.setDaemon(true);
        return t;
    });

    WebhookDispatcher(Clock clock, String botId, String orgId) {
        this.clock = clock;
        this.botId = botId;
        this.orgId = orgId;
    }

    /** {@code POST /webhooks}. */
    synchronized WebhookJson create(Map<String, Object> body) {
        String name = required(body, "name");
        String target = target(required(body, "targetUrl"));
        String resource = required(body, "resource");
        String event = required(body, "event");
        if (!RESOURCES.contains(resource)) {
            throw WebexError.badRequest("resource: invalid value " + resource);
        }
        if (!EVENTS.contains(event)) {
            throw WebexError.badRequest("event: invalid value " + event);
        }
        WebhookJson w = new WebhookJson(WebexIds.random("WEBHOOK"), name, target, resource, event,
                (String) body.get("filter"), (String) body.get("secret"), "active", WebexIds.now(clock), "creator", orgId,
                botId, appId);
        hooks.put(w.id(), w);
        return w;
    }

    synchronized List<WebhookJson> list() {
        return List.copyOf(hooks.values());
    }

    synchronized WebhookJson get(String id) {
        WebhookJson w = hooks.get(id);
        if (w == null) {
            throw WebexError.notFound();
        }
        return w;
    }

    /** {@code PUT /webhooks/{id}}: name, targetUrl, secret and re-activation only. */
    synchronized WebhookJson update(String id, Map<String, Object> body) {
        WebhookJson w = get(id);
        String status = body.get("status") == null ? w.status() : String.valueOf(body.get("status"));
        if (!"active".equals(status) && !status.equals(w.status())) {
            throw WebexError.badRequest("status: only 'active' may be set");
        }
        String secret = body.containsKey("secret") ? (String) body.get("secret") : w.secret();
        WebhookJson updated = new WebhookJson(id, required(body, "name"), target(required(body, "targetUrl")),
                w.resource(), w.event(), w.filter(), secret, status, w.created(), w.ownedBy(), w.orgId(), w.createdBy(),
                w.appId());
        hooks.put(id, updated);
        failures.remove(id);
        return updated;
    }

    synchronized void delete(String id) {
        get(id);
        hooks.remove(id);
        failures.remove(id);
    }

    /**
     * Delivers one event to every active registration it matches.
     *
     * @param data the reduced resource; {@code mentionsBot} decides {@code mentionedPeople=me} filters
     */
    synchronized void fire(String resource, String event, String actorId, Map<String, Object> data, boolean mentionsBot) {
        for (WebhookJson w : hooks.values()) {
            boolean resourceMatches = w.resource().equals(resource) || ("all".equals(w.resource()) && FIREHOSE.contains(resource));
            boolean eventMatches = w.event().equals(event) || "all".equals(w.event());
            if ("active".equals(w.status()) && resourceMatches && eventMatches && filterMatches(w.filter(), data, mentionsBot)) {
                byte[] body = envelope(w, resource, event, actorId, data);
                senders.execute(() -> send(w, body, 0));
            }
        }
    }

    private byte[] envelope(WebhookJson w, String resource, String event, String actorId, Map<String, Object> data) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("id", w.id());
        env.put("name", w.name());
        env.put("targetUrl", w.targetUrl());
        env.put("resource", resource);
        env.put("event", event);
        if (w.filter() != null) {
            env.put("filter", w.filter());
        }
        env.put("orgId", w.orgId());
        env.put("createdBy", w.createdBy());
        env.put("appId", w.appId());
        env.put("ownedBy", w.ownedBy());
        env.put("status", "active");
        env.put("created", w.created());
        env.put("actorId", actorId);
        env.put("data", data);
        try {
            return Json.mapper().writeValueAsBytes(env);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a webhook envelope", e);
        }
    }

    private void send(WebhookJson w, byte[] body, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(w.targetUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", "Webex Webhooks Stand-in")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (w.secret() != null && !w.secret().isEmpty()) {
            request.header("X-Spark-Signature", new SignatureVerifier(w.secret()).sign(body));
        }
        int status;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status >= 200 && status < 300) {
            return;
        }
        boolean retryable = status == -1 || status == 503 || status == 429 || status == 502;
        if (retryable && attempt + 1 < MAX_ATTEMPTS && !senders.isShutdown()) {
            senders.schedule(() -> send(w, body, attempt + 1), 100L << attempt, TimeUnit.MILLISECONDS);
            return;
        }
        LOG.warn("webhook {} to {} failed with {} after {} attempt(s)", w.name(), w.targetUrl(),
                status == -1 ? "no connection" : "HTTP " + status, attempt + 1);
        failed(w.id());
    }

    private synchronized void failed(String id) {
        WebhookJson w = hooks.get(id);
        if (w == null) {
            return;
        }
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(id, k -> new ArrayDeque<>());
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(Duration.ofMinutes(5)))) {
            recent.removeFirst();
        }
        if (recent.size() >= 100) {
            hooks.put(id, new WebhookJson(id, w.name(), w.targetUrl(), w.resource(), w.event(), w.filter(), w.secret(),
                    "inactive", w.created(), w.ownedBy(), w.orgId(), w.createdBy(), w.appId()));
            LOG.warn("webhook {} disabled after 100 failed deliveries in five minutes", w.name());
        }
    }

    /** Filters are query strings; each key must equal the data's field ({@code mentionedPeople=me} means the bot). */
    static boolean filterMatches(String filter, Map<String, Object> data, boolean mentionsBot) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        for (String pair : filter.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            boolean ok = "mentionedPeople".equals(key) ? "me".equals(value) && mentionsBot
                    : value.equalsIgnoreCase(String.valueOf(data.get(key)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String required(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw WebexError.badRequest(key + ": may not be empty");
        }
        return s;
    }

    private static String target(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw WebexError.badRequest("targetUrl: must be an http(s) URL");
        }
        return url;
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}

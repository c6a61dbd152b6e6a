package io.irflow.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A deliberately cheap stand-in for the Webex REST API, for the webhook benchmark (not a unit test; see
 * {@code bench/webhook-bench.sh}). Loopback only. Answers what the bot calls while handling {@code help}:
 * {@code GET /v1/people/me}, {@code GET /v1/messages/{id}} (always the text {@code help}, in a direct room),
 * {@code POST /v1/messages} and {@code GET /v1/webhooks}. It counts, per message id, how often the message was
 * fetched and how often a reply was posted for it (the reply's {@code parentId} is the message id, because the bot
 * answers in the message's thread), so duplicates show as an id posted twice.
 *
 * <p>{@code GET /stats?prefix=P} answers JSON counts restricted to message ids starting with {@code P}.
 *
 * <p>For the websocket benchmark ({@code bench/socket-bench.sh}, in-process) it also plays what the REST catch-up reads:
 * {@code GET /v1/rooms} lists one direct room {@link #ROOM} (last active at its newest message) and
 * {@code GET /v1/messages?roomId=ROOM&max=N} its newest N messages, newest first, from {@link #addToRoom}; both lists
 * are empty until a message is added, so the webhook benchmark sees no change. {@link #onFetch} and {@link #onReply}
 * report each message fetch and reply.
 *
 * <p>{@code GET /v1/messages?roomId=R&parentId=P} lists the bot's replies posted under P (what the intake asks before
 * running again an event whose instance was killed).
 *
 * <p>Usage: {@code java -cp target/test-classes:target/irflow.jar io.irflow.bench.FastWebexStub PORT [THREADS]}
 */
public final class FastWebexStub {
    static final String BOT_ID = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9iZW5jaC1ib3Q";
    static final String BOT_EMAIL = "bench@webex.bot";
    static final String ROOM = "Y2lzY29zcGFyazovL3VzL1JPT00vYmVuY2gtcm9vbQ";
    static final String PERSON = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9iZW5jaC1hbmFseXN0";
    static final String PERSON_EMAIL = "analyst@example.com";

    private static final byte[] ME = ("{\"id\":\"" + BOT_ID + "\",\"emails\":[\"" + BOT_EMAIL
            + "\"],\"displayName\":\"Bench Bot\",\"nickName\":\"Bench\",\"type\":\"bot\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_LIST = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "{\"message\":\"not found\",\"trackingId\":\"BENCH_404\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] PARENT_KEY = "\"parentId\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Per message id: [0] fetches, [1] posts. */
    private final Map<String, AtomicInteger[]> perId = new ConcurrentHashMap<>();
    private final LongAdder fetches = new LongAdder();
    private final LongAdder posts = new LongAdder();
    private final LongAdder postsWithoutParent = new LongAdder();
    private final LongAdder otherRequests = new LongAdder();
    private final AtomicInteger replySeq = new AtomicInteger();
    /** Messages in {@link #ROOM} as REST lists them (id, created), oldest first. */
    private final List<String[]> room = new ArrayList<>();
    private volatile Consumer<String> onReply = parentId -> {
    };
    private volatile Consumer<String> onFetch = id -> {
    };

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        new FastWebexStub().start(port, threads);
        System.out.println("fast-webex-stub listening on 127.0.0.1:" + port + " with " + threads + " threads");
    }

    HttpServer start(int port, int threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stub-" + replySeq.incrementAndGet());
            t.setDaemon(false);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        return server;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            byte[] body = readAll(ex.getRequestBody());
            if ("GET".equals(method) && path.startsWith("/v1/messages/")) {
                String id = URLDecoder.decode(path.substring("/v1/messages/".length()), StandardCharsets.UTF_8);
                fetches.increment();
                counts(id)[0].incrementAndGet();
                onFetch.accept(id);
                reply(ex, 200, message(id, "help"));
            } else if ("POST".equals(method) && path.equals("/v1/messages")) {
                posts.increment();
                String parent = parentId(body);
                if (parent == null) {
                    postsWithoutParent.increment();
                } else {
                    counts(parent)[1].incrementAndGet();
                    onReply.accept(parent);
                }
                reply(ex, 200, message("bench-reply-" + replySeq.incrementAndGet(), "reply"));
            } else if ("GET".equals(method) && path.equals("/v1/messages")) {
                reply(ex, 200, roomMessages(ex.getRequestURI().getRawQuery()));
            } else if ("GET".equals(method) && path.equals("/v1/rooms")) {
                reply(ex, 200, rooms());
            } else if ("GET".equals(method) && path.equals("/v1/people/me")) {
                reply(ex, 200, ME);
            } else if ("GET".equals(method) && path.startsWith("/v1/webhooks")) {
                reply(ex, 200, EMPTY_LIST);
            } else if ("GET".equals(method) && path.equals("/stats")) {
                String q = ex.getRequestURI().getRawQuery();
                String prefix = q != null && q.startsWith("prefix=")
                        ? URLDecoder.decode(q.substring(7), StandardCharsets.UTF_8) : "";
                reply(ex, 200, stats(prefix).getBytes(StandardCharsets.UTF_8));
            } else {
                otherRequests.increment();
                reply(ex, 404, NOT_FOUND);
            }
        }
    }

    /** Called with the {@code parentId} of every reply, right after its body was read (on a stub thread). */
    void onReply(Consumer<String> listener) {
        this.onReply = listener;
    }

    /** Called with the id of every message fetch ({@code GET /v1/messages/{id}}) as it arrives (on a stub thread). */
    void onFetch(Consumer<String> listener) {
        this.onFetch = listener;
    }

    /** Replies posted so far for this message id. */
    int posts(String id) {
        AtomicInteger[] c = perId.get(id);
        return c == null ? 0 : c[1].get();
    }

    /** Makes a message from the analyst, created at {@code created}, visible in {@link #ROOM}'s REST listing. */
    void addToRoom(String id, Instant created) {
        synchronized (room) {
            room.add(new String[]{id, created.toString()});
        }
    }

    private byte[] rooms() {
        String newest;
        synchronized (room) {
            if (room.isEmpty()) {
                return EMPTY_LIST;
            }
            newest = room.get(room.size() - 1)[1];
        }
        return ("{\"items\":[{\"id\":\"" + ROOM + "\",\"title\":\"Bench Analyst\",\"type\":\"direct\",\"isLocked\":false,"
                + "\"lastActivity\":\"" + newest + "\",\"creatorId\":\"" + PERSON + "\",\"created\":\"2026-01-01T00:00:00.000Z\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] roomMessages(String query) {
        Map<String, String> q = new HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        int max = Integer.parseInt(q.getOrDefault("max", "50"));
        StringBuilder items = new StringBuilder("{\"items\":[");
        String parent = q.get("parentId");
        if (parent != null) {
            // The bot's replies in that thread, as many as were posted.
            for (int n = 0; n < Math.min(posts(parent), max); n++) {
                items.append(n == 0 ? "" : ",").append("{\"id\":\"bench-reply-of-").append(parent).append("-").append(n)
                        .append("\",\"roomId\":\"").append(ROOM).append("\",\"roomType\":\"direct\",\"text\":\"reply\",")
                        .append("\"personId\":\"").append(BOT_ID).append("\",\"personEmail\":\"").append(BOT_EMAIL)
                        .append("\",\"parentId\":\"").append(parent).append("\",\"created\":\"2026-01-01T00:00:01.000Z\"}");
            }
        } else if (ROOM.equals(q.get("roomId"))) {
            synchronized (room) {
                for (int i = room.size() - 1, n = 0; i >= 0 && n < max; i--, n++) {
                    items.append(n == 0 ? "" : ",").append(new String(message(room.get(i)[0], "help", room.get(i)[1]),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return items.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private AtomicInteger[] counts(String id) {
        return perId.computeIfAbsent(id, k -> new AtomicInteger[]{new AtomicInteger(), new AtomicInteger()});
    }

    private String stats(String prefix) {
        long fetchedIds = 0;
        long fetchedTwice = 0;
        long postedIds = 0;
        long postedTwice = 0;
        long postsForPrefix = 0;
        long fetchesForPrefix = 0;
        for (Map.Entry<String, AtomicInteger[]> e : perId.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            int f = e.getValue()[0].get();
            int p = e.getValue()[1].get();
            fetchesForPrefix += f;
            postsForPrefix += p;
            fetchedIds += f > 0 ? 1 : 0;
            fetchedTwice += f > 1 ? 1 : 0;
            postedIds += p > 0 ? 1 : 0;
            postedTwice += p > 1 ? 1 : 0;
        }
        return "{\"prefix\":\"" + prefix + "\",\"fetches\":" + fetchesForPrefix + ",\"fetchedIds\":" + fetchedIds
                + ",\"fetchedTwice\":" + fetchedTwice + ",\"posts\":" + postsForPrefix + ",\"postedIds\":" + postedIds
                + ",\"postedTwice\":" + postedTwice + ",\"allFetches\":" + fetches.sum() + ",\"allPosts\":" + posts.sum()
                + ",\"postsWithoutParent\":" + postsWithoutParent.sum() + ",\"otherRequests\":" + otherRequests.sum() + "}";
    }

    private static byte[] message(String id, String text) {
        return message(id, text, "2026-01-01T00:00:00.000Z");
    }

    private static byte[] message(String id, String text, String created) {
        return ("{\"id\":\"" + id + "\",\"roomId\":\"" + ROOM + "\",\"roomType\":\"direct\",\"text\":\"" + text
                + "\",\"personId\":\"" + PERSON + "\",\"personEmail\":\"" + PERSON_EMAIL
                + "\",\"created\":\"" + created + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The value of the first {@code "parentId":"..."} in the body, without a JSON parse (the bot writes compact JSON). */
    static String parentId(byte[] body) {
        outer:
        for (int i = 0; i + PARENT_KEY.length <= body.length; i++) {
            for (int j = 0; j < PARENT_KEY.length; j++) {
                if (body[i + j] != PARENT_KEY[j]) {
                    continue outer;
                }
            }
            int start = i + PARENT_KEY.length;
            int end = start;
            while (end < body.length && body[end] != '"') {
                end++;
            }
            return new String(body, start, end - start, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("TrackingId", "BENCH");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}

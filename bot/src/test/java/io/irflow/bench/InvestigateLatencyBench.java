package io.irflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.irflow.app.AppWiring;
import io.irflow.app.Tuning;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The /investigate latency benchmark (issue 16, "Investigate at the physical limit"): every product played by WireMock
 * on loopback with every HTTP response delayed L ({@link ProductStubs#delay}), Webex played by a JDK HttpServer that
 * timestamps each posted card, the bot started in-process. Measures signed webhook sent → card received by Webex for
 * {@code /investigate --fresh} of a domain, an IP, a hash, a host and a URL (the stubs' consistent observables, so
 * every product has something to say and every call chain is walked), then the same observables again without
 * {@code --fresh} (cache hits). Each fresh figure is compared with its chain: the longest run of calls that depend on
 * each other, whose length times L is the floor (see {@link Kind}).
 * Not a unit test: run {@code bench/investigate-bench.sh}. Args: [runs per series] [L in ms].
 */
public final class InvestigateLatencyBench {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int WARM_UP = 5;
    private static final AtomicInteger IDS = new AtomicInteger();

    /**
     * One observable kind: what is typed, and the longest chain of calls that depend on each other (independent calls
     * inside an adapter run side by side, every product in parallel).
     */
    enum Kind {
        DOMAIN("domain", ProductStubs.DOMAIN, 1, "one call per product (Umbrella categorization ∥ security ∥ "
                + "risk score; "
                + "Threat Response deliberate ∥ observe)"),
        IP("IP", ProductStubs.HOST_IP, 2, "AMP computers?internal_ip → events?connector_guid[] (needs the guids); "
                + "ISE MnT session → ERS ancendpoint by MAC (needs the MAC)"),
        HASH("hash", ProductStubs.SHA256, 2, "Threat Grid search → sample feeds domains ∥ ips (need the sample id)"),
        HOST("host", ProductStubs.HOST, 3, "AMP computers?hostname[] (asked once: which computer the name means, "
                + "handed to the enrichment) → events?connector_guid[] → ISE session ∥ ANC, CMX by the MAC AMP "
                + "reported (the investigation's second round waits for the whole first round)"),
        URL("URL", ProductStubs.URL, 1, "one call per product");

        final String label;
        final String value;
        final int chain;
        final String calls;

        Kind(String label, String value, int chain, String calls) {
            this.label = label;
            this.value = value;
            this.chain = chain;
            this.calls = calls;
        }

        /** The goal: the chain times L, plus the slack the issue allows a one-call chain (0.2 × L + 50 ms). */
        long goalMs(Duration l) {
            return chain * l.toMillis() + l.toMillis() / 5 + 50;
        }
    }

    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> cards = new ConcurrentHashMap<>();
    private final Map<String, Long> fetched = new ConcurrentHashMap<>();
    private final boolean trace = Boolean.getBoolean("bench.trace");
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private String webhookUrl;

    public static void main(String[] args) throws Exception {
        // The JDK HttpServer playing Webex leaves Nagle on by default; with the bot's HttpClient delaying its ACKs,
        // every reply from the stub then stalls ~40 ms, which measured the harness, not irflow (found by tracing).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int latency = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        new InvestigateLatencyBench().run(runs, Duration.ofMillis(latency));
        System.exit(0);
    }

    private void run(int runs, Duration l) throws Exception {
        WireMockServer products = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(200).asynchronousResponseEnabled(true).asynchronousResponseThreads(50)
                .disableRequestJournal());
        products.start();
        HttpServer webex = webex();
        String productsUrl = "http://127.0.0.1:" + products.port();
        WireMock admin = new WireMock("127.0.0.1", products.port());
        ProductStubs stubs = new ProductStubs(admin, productsUrl).delay(l);
        stubs.stubAll();
        String yaml = "lookups:\n  timeout: 5s\n  deadline: 8s\n  fresh_per_hour: 10000\n" + stubs.yaml();
        String webexUrl = "http://127.0.0.1:" + webex.getAddress().getPort() + "/v1";
        try (AppWiring.Bot bot = AppWiring.start(TestConfigs.bot(webexUrl, yaml), Tuning.defaults())) {
            webhookUrl = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
            System.out.printf("L = %d ms (every product HTTP response), %d runs per series, %d cores, java %s%n",
                    l.toMillis(), runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            Map<Kind, long[]> fresh = new EnumMap<>(Kind.class);
            Map<Kind, long[]> cached = new EnumMap<>(Kind.class);
            List<Kind> kinds = kinds();
            for (Kind k : kinds) {
                measure("warm-up (discarded)", WARM_UP, "--fresh " + k.value);
                fresh.put(k, measure("fresh " + k.label, runs, "--fresh " + k.value));
                cached.put(k, measure("cache hit " + k.label, runs, k.value));
            }
            System.out.println();
            System.out.println("| series | runs | p50 ms | p99 ms | max ms | p50 / L | p99 / L | chain | goal ms |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (Kind k : kinds) {
                long[] f = fresh.get(k);
                long goal = k.goalMs(l);
                System.out.printf(Locale.ROOT, "| fresh %s | %d | %d | %d | %d | %.2f | %.2f | %d × L | ≤ %d %s |%n",
                        k.label, f.length, pct(f, 50), pct(f, 99), f[f.length - 1], ratio(pct(f, 50), l),
                        ratio(pct(f, 99), l), k.chain, goal, pct(f, 99) <= goal ? "✅" : "❌");
            }
            for (Kind k : kinds) {
                long[] c = cached.get(k);
                System.out.printf(Locale.ROOT, "| cache hit %s | %d | %d | %d | %d | %.2f | %.2f | 0 | ≤ 50 %s |%n",
                        k.label, c.length, pct(c, 50), pct(c, 99), c[c.length - 1], ratio(pct(c, 50), l),
                        ratio(pct(c, 99), l), pct(c, 99) < 50 ? "✅" : "❌");
            }
            System.out.println();
            System.out.println("Chains (longest run of calls that depend on each other; ∥ = side by side):");
            for (Kind k : kinds) {
                System.out.printf("- %s: %d × L: %s%n", k.label, k.chain, k.calls);
            }
        } finally {
            webex.stop(0);
            products.stop();
        }
    }

    /** All kinds, or those named in {@code -Dbench.kinds=host,ip} (to look at one with {@code -Dbench.trace}). */
    private static List<Kind> kinds() {
        String only = System.getProperty("bench.kinds", "");
        return Arrays.stream(Kind.values())
                .filter(k -> only.isBlank() || Arrays.asList(only.toLowerCase(Locale.ROOT).split(","))
                        .contains(k.label.toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static double ratio(long ms, Duration l) {
        return ms / (double) l.toMillis();
    }

    private long[] measure(String name, int runs, String args) throws Exception {
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = investigate(args);
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-40s p50 %5d ms  p99 %5d ms  max %5d ms%n", name, pct(sorted, 50), pct(sorted, 99),
                sorted[sorted.length - 1]);
        return sorted;
    }

    private static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Sends one signed /investigate and returns milliseconds until Webex received the (first) card. */
    private long investigate(String args) throws Exception {
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("ciscospark://us/MESSAGE/bench-" + IDS.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        texts.put(id, "/investigate " + args);
        CompletableFuture<Long> posted = new CompletableFuture<>();
        cards.put(id, posted);
        ObjectNode envelope = SignedWebhooks.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL);
        long start = System.nanoTime();
        int status = webhooks.deliver(webhookUrl, envelope);
        if (status != 200) {
            throw new IllegalStateException("webhook answered " + status);
        }
        long acked = System.nanoTime();
        long at = posted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (trace) {
            Long got = fetched.remove(id);
            System.out.printf("  ack %d ms, message fetched at %d ms, card at %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(acked - start),
                    got == null ? -1 : TimeUnit.NANOSECONDS.toMillis(got - start),
                    TimeUnit.NANOSECONDS.toMillis(at - start));
        }
        cards.remove(id);
        texts.remove(id);
        return TimeUnit.NANOSECONDS.toMillis(at - start);
    }

    /** Webex: the bot's identity, the messages to fetch, and a sink that timestamps each posted card. */
    private HttpServer webex() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        ObjectNode me = Fixtures.json("fixtures/webex/people/botbuilder-person-bot.json");
        me.put("id", WebexStub.BOT_ID).put("displayName", "irflow").put("type", "bot");
        me.putArray("emails").add(WebexStub.BOT_EMAIL);
        String reply = Fixtures.text("fixtures/webex/messages/capture-message-direct-bot-reply-threaded.json");
        server.createContext("/v1/people/me", ex -> send(ex, Fixtures.write(me)));
        server.createContext("/v1/messages", ex -> {
            if (ex.getRequestMethod().equals("POST")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                long at = System.nanoTime();
                JsonNode posted = Json.mapper().readTree(body);
                CompletableFuture<Long> waiting = cards.get(posted.path("parentId").asText());
                if (waiting != null && posted.has("attachments")) {
                    if (trace) {
                        System.out.println("  card: " + posted.path("markdown").asText().replace('\n', ' '));
                    }
                    waiting.complete(at);
                }
                send(ex, reply);
                return;
            }
            String id = ex.getRequestURI().getPath().substring("/v1/messages/".length());
            fetched.put(id, System.nanoTime());
            ObjectNode m = Fixtures.json("fixtures/webex/messages/capture-message-direct-user.json");
            m.put("id", id).put("roomId", WebexStub.ROOM).put("roomType", "direct").put("personId", WebexStub.ANALYST)
                    .put("personEmail", WebexStub.ANALYST_EMAIL).put("text", texts.getOrDefault(id, "help"));
            m.remove("parentId");
            send(ex, Fixtures.write(m));
        });
        server.start();
        return server;
    }

    private static void send(HttpExchange ex, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The /investigate latency benchmark (issue "Investigate"): every product played by WireMock on loopback answering
 * after L, Webex played by a JDK HttpServer that timestamps each posted card, the bot started in-process. Measures
 * signed webhook sent → card received by Webex, for fresh investigations (a distinct IPv4 each, so no cache hit;
 * an IPv4 is the type all seven products answer for) and for repeats of one observable (cache hits).
 * Not a unit test: run {@code bench/investigate-bench.sh}. Args: [runs] [L in ms].
 */
public final class InvestigateLatencyBench {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger IDS = new AtomicInteger();

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
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
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
        ProductStubs stubs = new ProductStubs(admin, productsUrl).delayFirstCallOnly(l);
        stubs.stubAll();
        String yaml = "lookups:\n  timeout: 5s\n  deadline: 8s\n" + stubs.yaml();
        String webexUrl = "http://127.0.0.1:" + webex.getAddress().getPort() + "/v1";
        try (AppWiring.Bot bot = AppWiring.start(TestConfigs.bot(webexUrl, yaml), Tuning.defaults())) {
            webhookUrl = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
            System.out.printf("L = %d ms, %d runs per series, %d cores, java %s%n", l.toMillis(), runs,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            measure("warm-up (discarded)", 30, i -> ip(250, i));

            long[] fresh = measure("fresh, each product answers after L", runs, i -> ip(1, i));
            String repeated = ip(249, 1);
            investigate(repeated);
            long[] cached = measure("cache hit (same observable again)", runs, i -> repeated);

            admin.resetMappings();
            new ProductStubs(admin, productsUrl).delay(l).stubAll();
            measure("warm-up (discarded)", 5, i -> ip(251, i));
            long[] every = measure("fresh, every HTTP response after L", runs, i -> ip(2, i));

            System.out.println();
            System.out.println("| series | runs | p50 ms | p99 ms | max ms | target |");
            System.out.println("|---|---|---|---|---|---|");
            row("fresh IPv4, each product answers after L", fresh, "≤ " + (l.toMillis() + 150));
            row("cache hit, same IPv4 again", cached, "≤ 50");
            row("fresh IPv4, every HTTP response after L", every, "(see text)");
        } finally {
            webex.stop(0);
            products.stop();
        }
    }

    private interface Observables {
        String nth(int i);
    }

    /** 10.{block}.x.y: distinct per run, and never the host IP the stubs know by name. */
    private static String ip(int block, int i) {
        return "10." + block + "." + (i / 250) + "." + (1 + i % 250);
    }

    private long[] measure(String name, int runs, Observables observables) throws Exception {
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = investigate(observables.nth(i));
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-40s p50 %5d ms  p99 %5d ms  max %5d ms%n", name, pct(sorted, 50), pct(sorted, 99),
                sorted[sorted.length - 1]);
        return sorted;
    }

    private static void row(String name, long[] sorted, String target) {
        System.out.printf("| %s | %d | %d | %d | %d | %s |%n", name, sorted.length, pct(sorted, 50), pct(sorted, 99),
                sorted[sorted.length - 1], target);
    }

    private static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Sends one signed /investigate and returns milliseconds until Webex received the card. */
    private long investigate(String observable) throws Exception {
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("ciscospark://us/MESSAGE/bench-" + IDS.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        texts.put(id, "/investigate " + observable);
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

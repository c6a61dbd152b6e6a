package io.irflow.bench;

import io.irflow.app.AppWiring;
import io.irflow.app.Tuning;
import io.irflow.testing.EventChannel;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexSocketStub;
import io.irflow.webex.RestIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The websocket-mode benchmark (not a unit test; run {@code bench/socket-bench.sh}). One JVM on loopback, two bots
 * started in-process with {@code Tuning.defaults()} (real socket timings: 1 s first backoff), each on its own H2 file
 * database as in production: one in websocket mode, its device service and event socket played by
 * {@link WebexSocketStub}, one in webhook mode for comparison. Webex REST is {@link FastWebexStub} for both. "help"
 * messages go in as socket {@code post} activities or signed webhooks, and the time runs until the reply reaches the
 * REST stand-in: one at a time (the two modes alternating, so neither gets a warmer JIT), in a burst, and, in websocket
 * mode, after dropped connections with the missed messages only listed over REST (catch-up).
 * Args: [N] [M] [K] [rounds]; {@code -Dbench.mem=1} uses in-memory H2.
 */
public final class SocketBench {
    static final Duration WAIT = Duration.ofSeconds(120);
    private static final int WARM_UP = 200;
    private static final String ROOM_UUID = RestIds.uuidOf(FastWebexStub.ROOM).orElseThrow();
    private static final String PERSON_UUID = RestIds.uuidOf(FastWebexStub.PERSON).orElseThrow();

    private final FastWebexStub rest = new FastWebexStub();
    private final Map<String, CompletableFuture<Long>> replies = new ConcurrentHashMap<>();
    private final Map<String, Long> fetched = new ConcurrentHashMap<>();
    private final List<String> all = new ArrayList<>();
    private boolean exactlyOnce = true;

    /** Makes one message exist in Webex and delivers its event to the bot. */
    interface Sender {
        void send(String messageId);
    }

    public static void main(String[] args) throws Exception {
        // As in InvestigateLatencyBench: without it the JDK HttpServer's replies stall ~40 ms (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        System.exit(new SocketBench().run(n, m, k, rounds) ? 0 : 1);
    }

    private boolean run(int n, int m, int k, int rounds) throws Exception {
        com.sun.net.httpserver.HttpServer server = rest.start(0, 4);
        rest.onFetch(id -> fetched.putIfAbsent(id, System.nanoTime()));
        rest.onReply(id -> {
            CompletableFuture<Long> f = replies.get(id);
            if (f != null) {
                f.complete(System.nanoTime());
            }
        });
        String webexUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        Path dir = Files.createTempDirectory("irflow-socket-bench");
        SocketBenchReport report = new SocketBenchReport();
        report.header(n, m, k, rounds, System.getProperty("bench.mem") != null);
        SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
        try (EventChannel.Socket channel = (EventChannel.Socket) EventChannel.open(EventChannel.Mode.WEBSOCKET);
             AppWiring.Bot socketBot = AppWiring.start(channel.config(webexUrl, storage(dir, "socket")),
                     Tuning.defaults().withBindHost("127.0.0.1"));
             AppWiring.Bot hookBot = AppWiring.start(TestConfigs.bot(webexUrl, storage(dir, "webhook")),
                     Tuning.defaults().withBindHost("127.0.0.1"))) {
            WebexSocketStub stub = channel.stub();
            stub.awaitConnected(Duration.ofSeconds(20));
            Sender socket = id -> {
                rest.addToRoom(id, now());
                stub.sendPost(RestIds.uuidOf(id).orElseThrow(), ROOM_UUID, PERSON_UUID, FastWebexStub.PERSON_EMAIL,
                        true);
            };
            String hookUrl = "http://127.0.0.1:" + hookBot.port() + "/webhooks/webex";
            Sender webhook = id -> {
                int status = webhooks.deliver(hookUrl, SignedWebhooks.message(id, FastWebexStub.ROOM, "direct",
                        FastWebexStub.PERSON, FastWebexStub.PERSON_EMAIL));
                if (status != 200) {
                    throw new IllegalStateException("webhook answered " + status);
                }
            };
            alternate(WARM_UP, socket, webhook, new SocketBenchReport.Series(WARM_UP), new SocketBenchReport.Series(WARM_UP));
            SocketBenchReport.Series socketSeq = new SocketBenchReport.Series(n);
            SocketBenchReport.Series hookSeq = new SocketBenchReport.Series(n);
            alternate(n, socket, webhook, socketSeq, hookSeq);
            report.sequential(socketSeq, hookSeq);
            report.burst("websocket, 1 sender", burst(m, socket, 1));
            report.burst("webhook, 16 senders", burst(m, webhook, 16));
            for (int r = 0; r < rounds; r++) {
                report.catchUp(catchUp(stub, k));
            }
        }
        int notOnce = (int) settle(all).stream().filter(c -> c != 1).count();
        exactlyOnce &= notOnce == 0;
        report.print(k);
        System.out.printf(Locale.ROOT, "%nall %d message ids of the run answered exactly once: %s (load average %s)%n",
                all.size(), exactlyOnce ? "YES" : "NO (" + notOnce + " ids not answered once)", SocketBenchReport.loadAverage());
        server.stop(0);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return exactlyOnce;
    }

    /** An H2 file database as in production; {@code -Dbench.mem=1}: in memory (to see what the file writes cost). */
    private static String storage(Path dir, String name) {
        return "storage:\n  url: \"" + (System.getProperty("bench.mem") != null ? TestConfigs.memoryDatabase()
                : "jdbc:h2:file:" + dir.resolve(name)) + "\"\n";
    }

    /** {@code count} messages one at a time in each mode, alternating. */
    private void alternate(int count, Sender a, Sender b, SocketBenchReport.Series as, SocketBenchReport.Series bs)
            throws Exception {
        for (int i = 0; i < count; i++) {
            once(a, as);
            once(b, bs);
        }
    }

    /** One message: records send → fetch → reply as seen by the REST stand-in. */
    private void once(Sender sender, SocketBenchReport.Series series) throws Exception {
        String id = newId();
        CompletableFuture<Long> reply = expect(id);
        long t0 = System.nanoTime();
        sender.send(id);
        long at = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        series.add(t0, fetched.getOrDefault(id, at), at);
    }

    /** Sends {@code count} messages back to back from {@code senders} threads and waits for every reply. */
    private SocketBenchReport.Burst burst(int count, Sender sender, int senders) throws Exception {
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Long>> answered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(newId());
            answered.add(expect(ids.get(i)));
        }
        SocketBenchReport.Cpu cpu = SocketBenchReport.Cpu.now();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int slice = s;
            sending.add(pool.submit(() -> {
                for (int i = slice; i < count; i += senders) {
                    sender.send(ids.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : sending) {
            f.get();
        }
        long sent = System.nanoTime();
        pool.shutdown();
        try {
            CompletableFuture.allOf(answered.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.println("burst: not every message answered within " + WAIT.toSeconds() + " s");
        }
        long last = answered.stream().filter(CompletableFuture::isDone).mapToLong(CompletableFuture::join).max().orElse(t0);
        SocketBenchReport.Cpu used = SocketBenchReport.Cpu.now().minus(cpu);
        List<Integer> counts = settle(ids);
        int missing = (int) counts.stream().filter(c -> c == 0).count();
        int twice = (int) counts.stream().filter(c -> c > 1).count();
        exactlyOnce &= missing == 0 && twice == 0;
        return new SocketBenchReport.Burst(count, sent - t0, last - t0, missing, twice, used);
    }

    /** Drops the socket, then makes {@code k} messages visible only over REST; waits until all are answered. */
    private SocketBenchReport.CatchUp catchUp(WebexSocketStub stub, int k) throws Exception {
        stub.awaitConnected(Duration.ofSeconds(20));
        int connections = stub.connectionCount();
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Long>> answered = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            ids.add(newId());
            answered.add(expect(ids.get(i)));
        }
        long t0 = System.nanoTime();
        stub.dropConnections();
        Instant created = now();
        ids.forEach(id -> rest.addToRoom(id, created));
        long deadline = t0 + WAIT.toNanos();
        while (!(stub.connectionCount() > connections && stub.isConnected()) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long connected = System.nanoTime();
        CompletableFuture.allOf(answered.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long last = answered.stream().mapToLong(CompletableFuture::join).max().orElseThrow();
        long first = answered.stream().mapToLong(CompletableFuture::join).min().orElseThrow();
        int notOnce = (int) settle(ids).stream().filter(c -> c != 1).count();
        exactlyOnce &= notOnce == 0;
        return new SocketBenchReport.CatchUp(connected - t0, first - t0, last - t0, notOnce);
    }

    private String newId() {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", UUID.randomUUID().toString());
        all.add(id);
        return id;
    }

    private CompletableFuture<Long> expect(String id) {
        return replies.computeIfAbsent(id, x -> new CompletableFuture<>());
    }

    /** Waits until no reply for these ids arrived for 1.5 s (late duplicates would show), then returns their counts. */
    private List<Integer> settle(List<String> ids) throws InterruptedException {
        long total = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long now = ids.stream().mapToLong(rest::posts).sum();
            if (now != total) {
                total = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 1_500_000_000L) {
                break;
            }
            Thread.sleep(100);
        }
        return ids.stream().map(rest::posts).toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

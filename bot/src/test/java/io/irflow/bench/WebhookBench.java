package io.irflow.bench;

import io.irflow.webex.webhook.SignatureVerifier;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java half of the webhook benchmark (driven by {@code bench/webhook-bench.sh}; not a unit test).
 *
 * <ul>
 *   <li>{@code generate DIR PREFIX SLICES PER_SLICE SECRET}: writes {@code template.json} (a real-shaped
 *   {@code messages}/{@code created} envelope with {@code @ID@} where {@code data.id} goes) and, per wrk thread
 *   {@code t}, {@code sigs-t.txt}: line {@code i} is the hex HMAC-SHA1 of the template with the id
 *   {@code PREFIX t-i}. wrk's Lua script rebuilds the same bytes, so every request is a unique, correctly signed
 *   delivery without hashing on the load generator.</li>
 *   <li>{@code settle BOT_URL STUB_URL DIR PREFIX WRK_RESULT}: waits until the bot has drained its queue (the stub's
 *   counts stop moving), compares what wrk saw acknowledged with what the stub saw processed, then redelivers every id
 *   wrk sent (as Webex would for unacknowledged ones; 503 answers are retried), drains again and checks that every
 *   unique id was processed exactly once. Prints the figures; exit code 1 when exactly-once does not hold.</li>
 * </ul>
 */
public final class WebhookBench {
    static final String ID_MARK = "@ID@";

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "generate" -> generate(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args[5]);
            case "drain" -> System.out.println("drained: " + drain(HttpClient.newHttpClient(), args[1], args[2]));
            case "settle" -> System.exit(settle(args[1], args[2], Path.of(args[3]), args[4], Path.of(args[5])));
            default -> {
                System.err.println("usage: WebhookBench generate DIR PREFIX SLICES PER_SLICE SECRET | "
                        + "drain STUB_URL PREFIX | settle BOT_URL STUB_URL DIR PREFIX WRK_RESULT");
                System.exit(64);
            }
        }
    }

    /** The envelope Webex sends for a new message (shape of the captured fixture), with a placeholder id. */
    static String template() {
        return "{\"id\":\"Y2lzY29zcGFyazovL3VybjpURUFNOnVzLXdlc3QtMl9yL1dFQkhPT0svYmVuY2gtd2ViaG9vaw\","
                + "\"name\":\"irflow messages\",\"targetUrl\":\"https://bench.example.invalid/webhooks/webex\","
                + "\"resource\":\"messages\",\"event\":\"created\","
                + "\"orgId\":\"Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9iZW5jaC1vcmc\","
                + "\"createdBy\":\"" + FastWebexStub.BOT_ID + "\","
                + "\"appId\":\"Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL2JlbmNoLWFwcA\","
                + "\"ownedBy\":\"creator\",\"status\":\"active\",\"created\":\"2026-02-25T19:19:04.231Z\","
                + "\"actorId\":\"" + FastWebexStub.PERSON + "\","
                + "\"data\":{\"id\":\"" + ID_MARK + "\",\"roomId\":\"" + FastWebexStub.ROOM + "\",\"roomType\":\"direct\","
                + "\"personId\":\"" + FastWebexStub.PERSON + "\",\"personEmail\":\"" + FastWebexStub.PERSON_EMAIL + "\","
                + "\"created\":\"2026-02-28T00:57:33.199Z\"}}";
    }

    static String messageId(String prefix, int slice, int index) {
        return prefix + slice + "-" + index;
    }

    static byte[] body(String head, String tail, String id) {
        return (head + id + tail).getBytes(StandardCharsets.UTF_8);
    }

    static void generate(Path dir, String prefix, int slices, int perSlice, String secret) throws IOException {
        Files.createDirectories(dir);
        String tpl = template();
        Files.writeString(dir.resolve("template.json"), tpl);
        String head = tpl.substring(0, tpl.indexOf(ID_MARK));
        String tail = tpl.substring(tpl.indexOf(ID_MARK) + ID_MARK.length());
        SignatureVerifier signer = new SignatureVerifier(secret);
        for (int t = 0; t < slices; t++) {
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("sigs-" + t + ".txt"))) {
                for (int i = 0; i < perSlice; i++) {
                    w.write(signer.sign(body(head, tail, messageId(prefix, t, i))));
                    w.write('\n');
                }
            }
        }
        System.out.printf(Locale.ROOT, "generated %d signed unique envelopes (%d bytes each) in %s%n",
                (long) slices * perSlice, body(head, tail, messageId(prefix, 0, 0)).length, dir);
    }

    /** The stub's counts for one id prefix. */
    record Stats(long fetches, long fetchedIds, long fetchedTwice, long posts, long postedIds, long postedTwice,
                 long postsWithoutParent, long otherRequests) {
        static Stats parse(String json) {
            return new Stats(num(json, "fetches"), num(json, "fetchedIds"), num(json, "fetchedTwice"), num(json, "posts"),
                    num(json, "postedIds"), num(json, "postedTwice"), num(json, "postsWithoutParent"),
                    num(json, "otherRequests"));
        }

        private static long num(String json, String key) {
            Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
            if (!m.find()) {
                throw new IllegalStateException("no " + key + " in " + json);
            }
            return Long.parseLong(m.group(1));
        }
    }

    static int settle(String botUrl, String stubUrl, Path dir, String prefix, Path wrkResult) throws Exception {
        Properties wrk = new Properties();
        try (InputStream in = Files.newInputStream(wrkResult)) {
            wrk.load(in);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long acceptedAcks = lng(wrk, "accepted");
        long duplicateAcks = lng(wrk, "duplicate");
        long busy = lng(wrk, "busy");
        long connections = lng(wrk, "connections");

        long t0 = System.nanoTime();
        Stats first = drain(http, stubUrl, prefix);
        double drainSeconds = (System.nanoTime() - t0) / 1e9;

        // Redeliver every id wrk sent, as Webex would redeliver what was not acknowledged.
        int slices = (int) lng(wrk, "threads");
        String tpl = Files.readString(dir.resolve("template.json"));
        String head = tpl.substring(0, tpl.indexOf(ID_MARK));
        String tail = tpl.substring(tpl.indexOf(ID_MARK) + ID_MARK.length());
        record Delivery(String id, String sig) {
        }
        List<Delivery> sent = new ArrayList<>();
        for (int t = 0; t < slices; t++) {
            int n = (int) lng(wrk, "sent." + t);
            List<String> sigs = Files.readAllLines(dir.resolve("sigs-" + t + ".txt"));
            for (int i = 0; i < n; i++) {
                sent.add(new Delivery(messageId(prefix, t, i), sigs.get(i)));
            }
        }
        LongAdder sweepAccepted = new LongAdder();
        LongAdder sweepDuplicate = new LongAdder();
        LongAdder sweepBusy = new LongAdder();
        LongAdder sweepOther = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        URI target = URI.create(botUrl + "/webhooks/webex");
        int workers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long s0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < sent.size(); i = next.getAndIncrement()) {
                    Delivery d = sent.get(i);
                    byte[] body = body(head, tail, d.id());
                    for (int attempt = 0; ; attempt++) {
                        HttpRequest req = HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                                .header("X-Spark-Signature", d.sig()).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build();
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 503 && attempt < 500) {
                            sweepBusy.increment();
                            Thread.sleep(20);
                            continue;
                        }
                        if (r.statusCode() == 200 && r.body().contains("accepted")) {
                            sweepAccepted.increment();
                        } else if (r.statusCode() == 200 && r.body().contains("duplicate")) {
                            sweepDuplicate.increment();
                        } else {
                            sweepOther.increment();
                        }
                        break;
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double sweepSeconds = (System.nanoTime() - s0) / 1e9;
        Stats last = drain(http, stubUrl, prefix);

        long uniqueSent = sent.size();
        double seconds = lng(wrk, "duration_us") / 1e6;
        long requests = lng(wrk, "requests");
        long acks = acceptedAcks + duplicateAcks;
        boolean ackedProcessed = first.postedIds() >= acceptedAcks && first.postedIds() - acceptedAcks <= connections;
        boolean exactlyOnce = last.postedIds() == uniqueSent && last.postedTwice() == 0 && first.postedTwice() == 0
                && last.postsWithoutParent() == 0 && sweepOther.sum() == 0
                && sweepAccepted.sum() == uniqueSent - first.postedIds() && ackedProcessed;
        double ackRate = acks / seconds;
        double p99ms = lng(wrk, "p99_us") / 1000.0;

        StringBuilder o = new StringBuilder();
        o.append(String.format(Locale.ROOT, "%n== %s: %s ==%n", prefix, wrk.getProperty("label", "")));
        o.append(String.format(Locale.ROOT, "wrk: %d threads, %d connections, %.1f s, redelivery fraction %s%n",
                slices, connections, seconds, wrk.getProperty("redeliver")));
        o.append(String.format(Locale.ROOT, "requests completed         %d (%.0f/s)%n", requests, requests / seconds));
        o.append(String.format(Locale.ROOT, "acknowledged 200           %d (%.0f/s)  [accepted %d, duplicate %d]%n",
                acks, ackRate, acceptedAcks, duplicateAcks));
        o.append(String.format(Locale.ROOT, "503 busy (not acked)       %d%n", busy));
        o.append(String.format(Locale.ROOT, "other status / sock errors %s / %s%n", wrk.getProperty("other"),
                wrk.getProperty("socket_errors")));
        o.append(String.format(Locale.ROOT, "latency ms p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                lng(wrk, "p50_us") / 1000.0, lng(wrk, "p90_us") / 1000.0, p99ms, lng(wrk, "p999_us") / 1000.0,
                lng(wrk, "max_us") / 1000.0));
        o.append(String.format(Locale.ROOT, "unique ids sent            %d (redeliveries sent %s)%n", uniqueSent,
                wrk.getProperty("redelivered")));
        o.append(String.format(Locale.ROOT, "processed after the run    %d ids fetched, %d ids replied to, %d replied twice "
                + "(drained %.1f s after wrk stopped)%n", first.fetchedIds(), first.postedIds(), first.postedTwice(),
                drainSeconds));
        o.append(String.format(Locale.ROOT, "  vs accepted acks         %+d (acked by the bot while wrk was stopping, "
                + "answer never read; at most one per connection)%n", first.postedIds() - acceptedAcks));
        o.append(String.format(Locale.ROOT, "redelivery sweep           %d ids in %.1f s: %d accepted (were 503 or cut off), "
                + "%d duplicate, %d retried 503s, %d other%n", uniqueSent, sweepSeconds, sweepAccepted.sum(),
                sweepDuplicate.sum(), sweepBusy.sum(), sweepOther.sum()));
        o.append(String.format(Locale.ROOT, "final                      %d unique ids sent, %d replied to, %d replied twice, "
                + "%d fetched twice (an idempotent GET repeated by the HTTP client; no second reply) -> exactly once: %s%n", uniqueSent, last.postedIds(), last.postedTwice(),
                last.fetchedTwice(), exactlyOnce ? "YES" : "NO"));
        o.append(String.format(Locale.ROOT, "target (>= 5000 acks/s, p99 < 20 ms): %s / %s%n",
                ackRate >= 5000 ? "met" : "MISSED", p99ms < 20 ? "met" : "MISSED"));
        System.out.print(o);
        return exactlyOnce ? 0 : 1;
    }

    /** Polls the stub until its counts for the prefix stop moving for two seconds (the bot's queue is empty). */
    static Stats drain(HttpClient http, String stubUrl, String prefix) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(stubUrl + "/stats?prefix=" + prefix)).build();
        Stats prev = null;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Stats s = Stats.parse(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
            if (!s.equals(prev)) {
                prev = s;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > Duration.ofSeconds(2).toNanos()) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("drain: counts still moving after 90 s: " + s);
                return s;
            }
            Thread.sleep(100);
        }
    }

    private static long lng(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("wrk result lacks " + key);
        }
        return Long.parseLong(v.trim());
    }
}

package io.irflow.bench;

import io.irflow.webex.webhook.SignatureVerifier;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java half of the intake benchmark (driven by {@code bench/intake-bench.sh}; not a unit test):
 * {@code burst BOT_URLS STUB_URL PREFIX COUNT CONNECTIONS SECRET [KILL_PID]} sends COUNT unique signed
 * {@code messages}/{@code created} deliveries, pre-signed, as fast as CONNECTIONS keep-alive connections allow,
 * spread over the comma-separated bot base URLs (connection i to bot i mod n). With KILL_PID, that process is killed
 * with SIGKILL once half the deliveries were sent; a connection to it that fails resends the delivery it was sending
 * to a live bot (as a load balancer would, and as Webex redelivers what it got no answer for), counted separately
 * from answers. Then it waits until the Webex stub has seen a reply to every id and prints: answers by status, ack
 * latency percentiles, time until the last was processed, and exactly-once (ids replied to, ids replied to twice).
 */
public final class IntakeBench {
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(\\d+)");

    private IntakeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || !args[0].equals("burst")) {
            System.err.println("usage: IntakeBench burst BOT_URLS STUB_URL PREFIX COUNT CONNECTIONS SECRET [KILL_PID]");
            System.exit(64);
        }
        List<URI> bots = Arrays.stream(args[1].split(",")).map(URI::create).toList();
        long killPid = args.length > 7 ? Long.parseLong(args[7]) : -1;
        System.exit(burst(bots, args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), args[6], killPid));
    }

    static int burst(List<URI> bots, String stub, String prefix, int count, int connections, String secret, long killPid)
            throws Exception {
        String tpl = WebhookBench.template();
        String head = tpl.substring(0, tpl.indexOf(WebhookBench.ID_MARK));
        String tail = tpl.substring(tpl.indexOf(WebhookBench.ID_MARK) + WebhookBench.ID_MARK.length());
        SignatureVerifier signer = new SignatureVerifier(secret);
        byte[][] requests = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] body = WebhookBench.body(head, tail, prefix + i);
            byte[] headers = ("POST /webhooks/webex HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                    + "X-Spark-Signature: " + signer.sign(body) + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] r = Arrays.copyOf(headers, headers.length + body.length);
            System.arraycopy(body, 0, r, headers.length, body.length);
            requests[i] = r;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLongArray latencyMicros = new AtomicLongArray(count);
        int[] statuses = new int[count];
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger duplicate = new AtomicInteger();
        AtomicInteger resent = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean(killPid < 0);
        boolean[] dead = new boolean[bots.size()];
        AtomicLong killedAt = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int first = c % bots.size();
            senders.add(pool.submit(() -> {
                int target = first;
                Connection conn = null;
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    if (i == count / 2 && killed.compareAndSet(false, true)) {
                        ProcessHandle.of(killPid).ifPresent(ProcessHandle::destroyForcibly);
                        killedAt.set(System.nanoTime());
                    }
                    while (true) {
                        try {
                            if (conn == null) {
                                conn = new Connection(bots.get(target));
                            }
                            long t0 = System.nanoTime();
                            Connection.Answer a = conn.send(requests[i]);
                            latencyMicros.set(i, (System.nanoTime() - t0) / 1000);
                            statuses[i] = a.status();
                            if (a.body().contains("accepted")) {
                                accepted.incrementAndGet();
                            } else if (a.body().contains("duplicate")) {
                                duplicate.incrementAndGet();
                            }
                            break;
                        } catch (IOException e) {
                            if (conn != null) {
                                conn.close();
                                conn = null;
                            }
                            synchronized (dead) {
                                dead[target] = true;
                                target = live(dead, target);
                            }
                            if (target < 0) {
                                throw new IllegalStateException("no bot answers", e);
                            }
                            resent.incrementAndGet();
                        }
                    }
                }
                if (conn != null) {
                    conn.close();
                }
                return null;
            }));
        }
        for (Future<?> f : senders) {
            f.get();
        }
        long sentNanos = System.nanoTime() - start;
        pool.shutdown();
        HttpClient http = HttpClient.newHttpClient();
        long postedIds = 0;
        long lastChange = System.nanoTime();
        long processedNanos = -1;
        String stats = "";
        while (System.nanoTime() - lastChange < 120_000_000_000L) {
            stats = http.send(HttpRequest.newBuilder(URI.create(stub + "/stats?prefix=" + prefix)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long now = number(stats, "postedIds");
            if (now != postedIds) {
                postedIds = now;
                lastChange = System.nanoTime();
            }
            if (postedIds >= count) {
                processedNanos = System.nanoTime() - start;
                break;
            }
            Thread.sleep(20);
        }
        Thread.sleep(2000); // replies that would make an id twice
        stats = http.send(HttpRequest.newBuilder(URI.create(stub + "/stats?prefix=" + prefix)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long[] sorted = new long[count];
        int ok = 0;
        int non2xx = 0;
        for (int i = 0; i < count; i++) {
            sorted[i] = latencyMicros.get(i);
            if (statuses[i] >= 200 && statuses[i] < 300) {
                ok++;
            } else {
                non2xx++;
            }
        }
        Arrays.sort(sorted);
        long postedTwice = number(stats, "postedTwice");
        postedIds = number(stats, "postedIds");
        System.out.printf(Locale.ROOT, "deliveries: %d unique over %d connection(s) to %d bot(s)%s%n", count,
                connections, bots.size(), killPid < 0 ? "" : String.format(Locale.ROOT,
                        ", pid %d killed (SIGKILL) after %.2f s, %d deliveries resent to the live bot after a failed "
                                + "connection", killPid, (killedAt.get() - start) / 1e9, resent.get()));
        System.out.printf(Locale.ROOT, "answers: 2xx %d (accepted %d, duplicate %d), non-2xx %d%n", ok, accepted.get(),
                duplicate.get(), non2xx);
        System.out.printf(Locale.ROOT, "sent in %.2f s (%.0f deliveries/s)%n", sentNanos / 1e9, count / (sentNanos / 1e9));
        System.out.printf(Locale.ROOT, "ack latency ms: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f%n",
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999), sorted[count - 1] / 1000.0);
        System.out.printf(Locale.ROOT, "last processed %s after the first send%n",
                processedNanos < 0 ? "NEVER (stalled)" : String.format(Locale.ROOT, "%.2f s", processedNanos / 1e9));
        boolean once = postedIds == count && postedTwice == 0 && non2xx == 0;
        System.out.printf(Locale.ROOT, "exactly-once: %s (ids replied to %d of %d, replied to twice %d; stub %s)%n",
                once ? "yes" : "NO", postedIds, count, postedTwice, stats);
        return once ? 0 : 1;
    }

    private static int live(boolean[] dead, int from) {
        for (int k = 1; k <= dead.length; k++) {
            int t = (from + k) % dead.length;
            if (!dead[t]) {
                return t;
            }
        }
        return -1;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    private static long number(String json, String key) {
        Matcher m = NUMBER.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return Long.parseLong(m.group(2));
            }
        }
        return -1;
    }

    /** One keep-alive HTTP/1.1 connection: pre-built request bytes out, status and body in. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        record Answer(int status, String body) {
        }

        Connection(URI bot) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(bot.getHost(), bot.getPort()), 5_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 4096);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        Answer send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = -1;
            boolean chunked = false;
            String h;
            while ((h = line()) != null && !h.isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            StringBuilder body = new StringBuilder();
            if (chunked) {
                int size;
                while ((size = Integer.parseInt(line().trim(), 16)) > 0) {
                    body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                    line();
                }
                line();
            } else if (length > 0) {
                body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
            return new Answer(code, body.toString());
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) b);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a dead connection
            }
        }
    }
}

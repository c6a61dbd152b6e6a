package io.irflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The figures of {@link SocketBench}: printed as each series ends, and as Markdown tables at the end. */
final class SocketBenchReport {
    private final List<String> bursts = new ArrayList<>();
    private final List<CatchUp> catchUps = new ArrayList<>();
    private Series socketSeq;
    private Series hookSeq;

    /** Latencies of messages sent one at a time (µs): send → reply, send → message fetched, fetched → reply. */
    static final class Series {
        private final long[] total;
        private final long[] toFetch;
        private final long[] afterFetch;
        private int size;

        Series(int capacity) {
            total = new long[capacity];
            toFetch = new long[capacity];
            afterFetch = new long[capacity];
        }

        void add(long sentNanos, long fetchedNanos, long repliedNanos) {
            total[size] = (repliedNanos - sentNanos) / 1_000;
            toFetch[size] = (fetchedNanos - sentNanos) / 1_000;
            afterFetch[size] = (repliedNanos - fetchedNanos) / 1_000;
            size++;
        }

        String row() {
            long[] t = sorted(total);
            return String.format(Locale.ROOT, "%d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f", size, pct(t, 50) / 1e3,
                    pct(t, 90) / 1e3, pct(t, 99) / 1e3, t[t.length - 1] / 1e3, pct(sorted(toFetch), 50) / 1e3,
                    pct(sorted(afterFetch), 50) / 1e3);
        }

        private long[] sorted(long[] a) {
            long[] s = Arrays.copyOf(a, size);
            Arrays.sort(s);
            return s;
        }
    }

    /** CPU time (ns) of the whole JVM, of the socket's event thread and of all intake workers. */
    record Cpu(long process, long eventsThread, long workers) {
        static Cpu now() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long events = 0;
            long workers = 0;
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t == null) {
                    continue;
                }
                long ns = Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                if (t.getThreadName().equals("irflow-socket-events")) {
                    events += ns;
                } else if (t.getThreadName().startsWith("irflow-worker-")) {
                    workers += ns;
                }
            }
            return new Cpu(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime(), events, workers);
        }

        Cpu minus(Cpu before) {
            return new Cpu(process - before.process, eventsThread - before.eventsThread, workers - before.workers);
        }
    }

    /** A burst: send time and time until the last reply (ns), ids missing or answered twice, CPU used meanwhile. */
    record Burst(int size, long sendNanos, long allNanos, int missing, int twice, Cpu cpu) {
    }

    /** One dropped connection (ns from the drop): socket ready again, first and last of the K answered. */
    record CatchUp(long connectedNanos, long firstNanos, long lastNanos, int notOnce) {
    }

    void header(int n, int m, int k, int rounds, boolean memoryDb) {
        System.out.printf(Locale.ROOT, "N=%d M=%d K=%d rounds=%d, %s H2, %d cores, java %s, load average %s%n", n, m, k,
                rounds, memoryDb ? "in-memory" : "file", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());
    }

    void sequential(Series socket, Series webhook) {
        socketSeq = socket;
        hookSeq = webhook;
        System.out.println("one at a time (n | p50 | p90 | p99 | max | send→fetch p50 | fetch→reply p50, ms):");
        System.out.println("  websocket " + socket.row());
        System.out.println("  webhook   " + webhook.row());
    }

    void burst(String name, Burst b) {
        double ms = b.allNanos() / 1e6;
        String row = String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %d | %d | %.2f | %.2f | %.2f |", name,
                b.size(), b.sendNanos() / 1e6, ms, b.size() / (ms / 1e3), b.missing(), b.twice(),
                b.cpu().process() / 1e6 / b.size(), b.cpu().eventsThread() / 1e6 / b.size(), b.cpu().workers() / 1e6 / b.size());
        bursts.add(row);
        System.out.println("burst " + row);
    }

    void catchUp(CatchUp c) {
        catchUps.add(c);
        System.out.printf(Locale.ROOT, "catch-up round %d: socket ready again after %.0f ms, first answer %.0f ms, "
                + "last %.0f ms, not exactly once %d%n", catchUps.size(), c.connectedNanos() / 1e6, c.firstNanos() / 1e6,
                c.lastNanos() / 1e6, c.notOnce());
    }

    void print(int k) {
        System.out.println();
        System.out.println("| one at a time | n | p50 ms | p90 ms | p99 ms | max ms | send→fetch p50 | fetch→reply p50 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.println("| websocket | " + socketSeq.row() + " |");
        System.out.println("| webhook | " + hookSeq.row() + " |");
        System.out.println();
        System.out.println("| burst | events | sent in ms | all answered ms | events/s | missing | twice "
                + "| JVM CPU ms/event | socket event thread | intake workers |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        bursts.forEach(System.out::println);
        System.out.println();
        System.out.println("| catch-up round | socket ready ms | first answer ms | all " + k + " answered ms | not exactly once |");
        System.out.println("|---|---|---|---|---|");
        long[] lasts = new long[catchUps.size()];
        for (int r = 0; r < catchUps.size(); r++) {
            CatchUp c = catchUps.get(r);
            lasts[r] = c.lastNanos();
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %d |%n", r + 1, c.connectedNanos() / 1e6,
                    c.firstNanos() / 1e6, c.lastNanos() / 1e6, c.notOnce());
        }
        if (lasts.length > 0) {
            Arrays.sort(lasts);
            System.out.printf(Locale.ROOT, "| median | | | %.0f | |%n", lasts[lasts.length / 2] / 1e6);
        }
    }

    static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}

package io.irflow.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The bot's thread pools, each named and made of daemon threads; closing stops them all. */
final class Threads implements AutoCloseable {
    private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();

    /** A fixed pool of {@code size} threads named {@code prefix-1}, {@code prefix-2}... */
    ExecutorService fixed(String prefix, int size) {
        return add(Executors.newFixedThreadPool(size, named(prefix)));
    }

    /** A scheduler with {@code size} threads. */
    ScheduledExecutorService scheduled(String prefix, int size) {
        return add(Executors.newScheduledThreadPool(size, named(prefix)));
    }

    private <T extends ExecutorService> T add(T pool) {
        pools.add(pool);
        return pool;
    }

    @Override
    public void close() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.irflow.webex.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for the intake: a writing thread takes whatever deliveries and "done" marks arrived while the previous
 * batch was being committed and writes them in one transaction, so a burst costs one commit per batch instead of one per delivery,
 * and each request waits for the commit that holds its row (about one commit time under load).
 */
final class IntakeWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeWriter.class);
    /** Rows per transaction at most. */
    static final int MAX_BATCH = 1000;
    /** Done marks kept for a retry while the database refuses writes; beyond this their leases lapse instead. */
    private static final int MAX_RETAINED_DONE = 100_000;

    private final IntakeStore store;
    private final LinkedBlockingQueue<Object> ops = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private record Pending(IntakeStore.NewEvent row, CompletableFuture<Boolean> recorded) {
    }

    /**
     * @param writers threads writing batches at once: on PostgreSQL two overlap one batch's commit with the next
     *                one's statement; the embedded database takes one ({@link IntakeStore#concurrentWrites()})
     */
    IntakeWriter(IntakeStore store, int writers) {
        this.store = store;
        for (int i = 1; i <= writers; i++) {
            Thread t = new Thread(this::run, "irflow-intake-writer-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** Queues a delivery for the next batch; completes with whether it was new, or exceptionally when the write failed. */
    CompletableFuture<Boolean> record(IntakeStore.NewEvent row) {
        CompletableFuture<Boolean> recorded = new CompletableFuture<>();
        if (!running) {
            recorded.completeExceptionally(new IllegalStateException("intake stopped"));
            return recorded;
        }
        ops.add(new Pending(row, recorded));
        return recorded;
    }

    /** Queues the "done" mark of a processed row for the next batch. */
    void done(String key) {
        ops.add(key);
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        List<String> retainedDone = new ArrayList<>();
        while (running || !ops.isEmpty()) {
            try {
                Object first = ops.poll(200, TimeUnit.MILLISECONDS);
                if (first == null && retainedDone.isEmpty()) {
                    continue;
                }
                if (first != null) {
                    batch.add(first);
                }
                ops.drainTo(batch, MAX_BATCH - batch.size());
                write(batch, retainedDone);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Object> batch, List<String> retainedDone) throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        List<String> done = new ArrayList<>(retainedDone);
        for (Object op : batch) {
            if (op instanceof Pending p) {
                pending.add(p);
            } else {
                done.add((String) op);
            }
        }
        try {
            List<IntakeStore.NewEvent> rows = pending.stream().map(Pending::row).toList();
            boolean[] recorded;
            try {
                recorded = store.write(rows, done);
            } catch (RuntimeException first) {
                // once more at once: a deadlock or serialization failure between instances is over by now
                recorded = store.write(rows, done);
            }
            retainedDone.clear();
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).recorded().complete(recorded[i]);
            }
        } catch (RuntimeException e) {
            LOG.warn("intake batch of {} deliveries and {} done marks not written: {}", pending.size(), done.size(),
                    e.getMessage());
            pending.forEach(p -> p.recorded().completeExceptionally(e));
            retainedDone.clear();
            if (done.size() <= MAX_RETAINED_DONE) {
                retainedDone.addAll(done);
            }
            Thread.sleep(100);
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            for (Thread t : threads) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

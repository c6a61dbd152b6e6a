package io.irflow.verify;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentCheck;
import io.irflow.capabilities.ContainmentState;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One read of a product's state with a deadline. The HTTP client's timeout covers the wait for a response's headers,
 * not its body: a product (or a proxy) that stalls mid-body would hold a verification or drift thread for good (seen
 * in a test: a gzip body that never finished). The read runs on its own daemon thread and is interrupted when the
 * deadline passes; it then counts as a read that did not answer.
 */
final class BoundedRead {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService READS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "irflow-verify-read-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private BoundedRead() {
    }

    /** {@code check.observe(target)}, abandoned (and interrupted) after {@code deadline}. */
    static ContainmentState observe(ContainmentCheck check, String target, String product, Duration deadline)
            throws AdapterException {
        Future<ContainmentState> read = READS.submit(() -> check.observe(target));
        try {
            return read.get(Math.max(1, deadline.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            read.cancel(true);
            throw new AdapterException(product, AdapterException.Kind.TIMEOUT, product
                    + " did not finish answering within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AdapterException a) {
                throw a;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AdapterException(product, AdapterException.Kind.UNAVAILABLE, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            read.cancel(true);
            Thread.currentThread().interrupt();
            throw new AdapterException(product, AdapterException.Kind.TIMEOUT, "interrupted");
        }
    }
}

package io.irflow.adapters;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one product's independent calls side by side, so a lookup that needs three unrelated answers waits for the
 * slowest, not for the sum. Bounded per product: at most {@code limit} calls started here are in flight at once,
 * shared by every lookup of that product (the lookup's own thread makes one call besides). Each lookup's calls share
 * one deadline, its budget from when the lookup began: the product's lookup timeout, which is also how long an
 * investigation waits for the source; a call still pending then is cancelled (its thread interrupted, which aborts the
 * HTTP exchange) or, if still queued, never sent. A call the lookup no longer needs before that (Umbrella's security
 * and risk score once categorization said 404) is not sent if still queued, and otherwise left to finish unread:
 * interrupting it would log a transport failure that never happened.
 */
public final class ConcurrentCalls implements AutoCloseable {
    /** How long {@link #close()} lets calls in flight finish. */
    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(2);

    /**
     * Calls started side by side per product. No adapter needs more than two besides its own thread for one lookup,
     * so four lets two investigations overlap; the products' limits are per hour or per minute (AMP 3000/h per
     * credential, Threat Response 8000/h per organisation, VirusTotal's client-side quota), not per connection, and
     * running calls side by side does not add calls except where an adapter says so.
     */
    public static final int PER_PRODUCT = 4;

    private final String product;
    private final Duration budget;
    private final ThreadPoolExecutor pool;

    /**
     * @param product the product name, for errors and thread names
     * @param limit   calls in flight at once from this product's pool
     * @param budget  how long one lookup's calls may take together
     */
    public ConcurrentCalls(String product, int limit, Duration budget) {
        this.product = product;
        this.budget = budget;
        AtomicInteger n = new AtomicInteger();
        String prefix = "calls-" + product.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-";
        this.pool = new ThreadPoolExecutor(limit, limit, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Calls with {@link #PER_PRODUCT} in flight, each lookup's under the HTTP settings' read (lookup) timeout. */
    public static ConcurrentCalls of(String product, HttpSettings http) {
        return new ConcurrentCalls(product, PER_PRODUCT, http.readTimeout());
    }

    /** A new lookup: its deadline starts now. Close it when done, which abandons whatever it did not wait for. */
    public Lookup lookup() {
        return new Lookup(System.nanoTime() + budget.toNanos());
    }

    /** One lookup's calls, under one deadline. */
    public final class Lookup implements AutoCloseable {
        private final long deadline;
        private final List<Future<?>> started = new ArrayList<>();

        private Lookup(long deadline) {
            this.deadline = deadline;
        }

        /** Starts a call on the product's pool; its result is read with {@link Pending#join()}. */
        public <T> Pending<T> start(Call<T> call) {
            Future<T> f = pool.submit(call::run);
            started.add(f);
            return new Pending<>(f, deadline);
        }

        /** Abandons the calls nobody waits for any more: queued ones are never sent, those in flight go unread. */
        @Override
        public void close() {
            started.forEach(f -> f.cancel(false));
        }
    }

    /** A started call. */
    public final class Pending<T> {
        private final Future<T> future;
        private final long deadline;

        private Pending(Future<T> future, long deadline) {
            this.future = future;
            this.deadline = deadline;
        }

        /**
         * Waits for the call until the lookup's deadline.
         *
         * @throws AdapterException the call's own error, or TIMEOUT when the deadline passed (the call is cancelled)
         */
        public T join() throws AdapterException {
            try {
                return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | CancellationException e) {
                future.cancel(true);
                throw timedOut();
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw timedOut();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof AdapterException ae) {
                    throw ae;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(product + " call failed", cause);
            }
        }

        private AdapterException timedOut() {
            return new AdapterException(product, Kind.TIMEOUT, product + " did not answer in time", 0, null, null,
                    null);
        }
    }

    /** A product call that may fail with an adapter error. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws AdapterException;
    }

    /**
     * Stops the pool, letting calls already in flight finish for up to {@link #CLOSE_WAIT} (a call a lookup abandoned
     * after its sibling failed may still be fetching a token): nothing is left talking to the product once the adapter
     * is closed. Then the rest is interrupted.
     */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

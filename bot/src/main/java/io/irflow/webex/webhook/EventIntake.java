package io.irflow.webex.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Decides what happens to a verified delivery, cheaply and without I/O, so the webhook can be acknowledged at once:
 * drops the bot's own messages, other resources and redeliveries, then hands the event to a bounded worker pool. A
 * full pool means "overloaded" (503), never an unbounded queue. Which rooms the bot works in is decided by the worker
 * ({@code chat.RoomRule} in {@code ChatService}), because a card action does not say whether its room is 1:1 and a
 * room that is not enabled gets one line back, which is I/O.
 */
public final class EventIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    /** What became of a delivery. */
    public enum Outcome { ACCEPTED, DUPLICATE, IGNORED, OVERLOADED }

    private final BotIdentity bot;
    private final Consumer<WebhookEvent> processor;
    private final SeenEvents seen;
    private final IntakeMetrics metrics;
    private final ThreadPoolExecutor workers;
    private final LongAdder accepted = new LongAdder();
    private volatile java.time.Instant lastAccepted;
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    /** Overload is logged at most once a second, not once per refused delivery. */
    private final java.util.concurrent.atomic.AtomicLong lastOverloadLog = new java.util.concurrent.atomic.AtomicLong();

    /** The bot's own identity, for dropping its own messages before any API call. */
    public record BotIdentity(String id, String email) {
    }

    /**
     * @param workers       worker threads that fetch from Webex and run handlers
     * @param queueCapacity deliveries that may wait for a worker before the intake answers "overloaded"
     */
    public EventIntake(BotIdentity bot, Consumer<WebhookEvent> processor, int workers, int queueCapacity,
                       Duration dedupeWindow) {
        this(bot, processor, workers, queueCapacity, new RecentEvents(dedupeWindow));
    }

    /**
     * @param seen where taken events are remembered (in memory for webhooks, in the database for the event socket)
     */
    public EventIntake(BotIdentity bot, Consumer<WebhookEvent> processor, int workers, int queueCapacity,
                       SeenEvents seen) {
        this(bot, processor, workers, queueCapacity, seen, IntakeMetrics.NONE);
    }

    /** @param metrics told of every event received, dropped as a duplicate and processed */
    public EventIntake(BotIdentity bot, Consumer<WebhookEvent> processor, int workers, int queueCapacity,
                       SeenEvents seen, IntakeMetrics metrics) {
        this.bot = bot;
        this.processor = processor;
        this.seen = seen;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "irflow-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Filters, de-duplicates and queues one delivery. */
    public Outcome accept(WebhookEvent event) {
        metrics.received();
        if (event.data() == null || event.data().id() == null || !(event.isMessageCreated() || event.isCardAction())) {
            return Outcome.IGNORED;
        }
        WebhookEvent.Data data = event.data();
        if (bot.id().equals(data.personId()) || (data.personEmail() != null && data.personEmail().equalsIgnoreCase(bot.email()))) {
            return Outcome.IGNORED;
        }
        if (!seen.firstSight(event)) {
            duplicates.increment();
            metrics.duplicate();
            LOG.debug("redelivery of {} dropped", event.dedupeKey());
            return Outcome.DUPLICATE;
        }
        return queue(event);
    }

    /**
     * Queues an event that was taken before but not processed (irflow stopped in between), skipping the repeat check.
     */
    public Outcome resume(WebhookEvent event) {
        return queue(event);
    }

    private Outcome queue(WebhookEvent event) {
        try {
            workers.execute(new Queued(event, System.nanoTime()));
        } catch (RejectedExecutionException e) {
            seen.forget(event);
            overloaded.increment();
            long now = System.nanoTime();
            long last = lastOverloadLog.get();
            if (now - last > 1_000_000_000L && lastOverloadLog.compareAndSet(last, now)) {
                LOG.warn("worker queue full ({} waiting); answering 503 so Webex may redeliver ({} so far)",
                        workers.getQueue().size(), overloaded.sum());
            }
            return Outcome.OVERLOADED;
        }
        accepted.increment();
        lastAccepted = java.time.Instant.now();
        return Outcome.ACCEPTED;
    }

    /** An event waiting for a worker, with when it was queued (for the age of the oldest and the latency). */
    private final class Queued implements Runnable {
        private final WebhookEvent event;
        private final long queuedAtNanos;

        Queued(WebhookEvent event, long queuedAtNanos) {
            this.event = event;
            this.queuedAtNanos = queuedAtNanos;
        }

        @Override
        public void run() {
            process(event, queuedAtNanos);
        }
    }

    private void process(WebhookEvent event, long queuedAtNanos) {
        try {
            processor.accept(event);
        } catch (RuntimeException e) {
            LOG.error("processing {} failed", event.dedupeKey(), e);
        } finally {
            try {
                seen.done(event);
            } catch (RuntimeException e) {
                LOG.warn("could not mark {} as processed: {}", event.dedupeKey(), e.getMessage());
            }
            metrics.processed(Duration.ofNanos(System.nanoTime() - queuedAtNanos));
        }
    }

    /** When the last event was handed to a worker, or null. */
    public java.time.Instant lastAccepted() {
        return lastAccepted;
    }

    /** Deliveries handed to workers so far. */
    public long acceptedCount() {
        return accepted.sum();
    }

    /** Redeliveries dropped so far. */
    public long duplicateCount() {
        return duplicates.sum();
    }

    /** Deliveries waiting for a worker. */
    public int queued() {
        return workers.getQueue().size();
    }

    /** How long the oldest delivery still waiting for a worker has waited; zero when none waits. */
    public Duration oldestQueued() {
        Runnable head = workers.getQueue().peek();
        return head instanceof Queued q ? Duration.ofNanos(System.nanoTime() - q.queuedAtNanos) : Duration.ZERO;
    }

    /** Stops taking work and waits briefly for running handlers. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

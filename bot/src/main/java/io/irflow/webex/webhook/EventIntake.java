package io.irflow.webex.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides what happens to a verified delivery and makes it durable before it is acknowledged: drops the bot's own
 * messages and other resources without I/O, then records the event in the database ({@link IntakeStore}, batched by
 * {@link IntakeWriter}), whose key answers "seen before?" for every instance sharing it. Processing reads from there:
 * an event this instance has room for is recorded already leased to it and handed to a worker at once; others wait
 * in the table until a worker of any instance claims them (polled every {@link Settings#poll()}). Leases are renewed
 * while this instance lives, so a dead instance's rows are taken by another once they lapse. A failing event is
 * retried later and dead-lettered after {@link Settings#maxAttempts()}, never blocking the events behind it.
 * Which rooms the bot works in is decided by the worker ({@code chat.RoomRule} in {@code ChatService}).
 */
public final class EventIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);
    /** How long a delivery waits for its batch to commit before it is answered "unavailable". */
    private static final long WRITE_TIMEOUT_SECONDS = 10;
    /** Rows claimed per query. */
    private static final int CLAIM_BATCH = 500;

    /** What became of a delivery. */
    public enum Outcome { ACCEPTED, DUPLICATE, IGNORED, UNAVAILABLE }

    /** The bot's own identity, for dropping its own messages before any API call. */
    public record BotIdentity(String id, String email) {
    }

    /**
     * @param lease       how long a claim holds without renewal (renewed every third of it while the instance lives):
     *                    how soon another instance takes over a dead one's events
     * @param poll        how often unleased rows are looked for (overflow, other instances' lapsed leases, retries)
     * @param maxAttempts claims of one event before it is dead-lettered
     * @param retryAfter  the wait before a failed event is claimed again (times the attempts so far)
     */
    public record Settings(Duration lease, Duration poll, int maxAttempts, Duration retryAfter) {
        /** Production values: 30 s leases, a poll a second, 5 attempts, retries after 30 s, 60 s, ... */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(1), 5, Duration.ofSeconds(30));
        }
    }

    private final BotIdentity bot;
    private final EventHandler processor;
    private final IntakeMetrics metrics;
    private final IntakeStore store;
    private final IntakeWriter writer;
    private final Settings settings;
    private final Clock clock;
    private final int capacity;
    /** This instance's name on the rows it holds. */
    private final String owner = UUID.randomUUID().toString();
    /** Events this instance holds (queued or running); at most {@code capacity} are taken. */
    private final AtomicInteger held = new AtomicInteger();
    private final ThreadPoolExecutor workers;
    private final AckFirstGate gate;
    private final ScheduledExecutorService timers;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private volatile Instant lastAccepted;

    /**
     * @param workers  worker threads that fetch from Webex and run handlers
     * @param capacity events this instance holds for its workers at once; more wait in the table
     */
    public EventIntake(BotIdentity bot, EventHandler processor, IntakeStore store, int workers, int capacity,
                       Settings settings, Clock clock) {
        this(bot, processor, store, workers, capacity, settings, clock, IntakeMetrics.NONE);
    }

    /** @param metrics told of every event received, dropped as a duplicate and processed */
    public EventIntake(BotIdentity bot, EventHandler processor, IntakeStore store, int workers, int capacity,
                       Settings settings, Clock clock, IntakeMetrics metrics) {
        this.bot = bot;
        this.metrics = metrics;
        this.processor = processor;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.capacity = capacity;
        this.writer = new IntakeWriter(store, store.concurrentWrites() ? 2 : 1);
        this.gate = new AckFirstGate(workers);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "irflow-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "irflow-intake-claims");
            t.setDaemon(true);
            return t;
        });
        long poll = settings.poll().toMillis();
        timers.scheduleWithFixedDelay(this::claimQuietly, poll, poll, TimeUnit.MILLISECONDS);
        long renew = Math.max(1, settings.lease().toMillis() / 3);
        timers.scheduleWithFixedDelay(this::renewQuietly, renew, renew, TimeUnit.MILLISECONDS);
    }

    /** Filters one event and records it, returning once it is durable (or known as a duplicate). */
    public Outcome accept(WebhookEvent event) {
        return accept(event, null);
    }

    /**
     * Filters one delivery and records it with its verified body {@code raw} (the JSON {@code event} was parsed
     * from), returning once it is durable (or known as a duplicate).
     */
    public Outcome accept(WebhookEvent event, String raw) {
        metrics.received();
        if (event.data() == null || event.data().id() == null || !(event.isMessageCreated() || event.isCardAction())) {
            return Outcome.IGNORED;
        }
        WebhookEvent.Data data = event.data();
        if (bot.id().equals(data.personId()) || (data.personEmail() != null && data.personEmail().equalsIgnoreCase(bot.email()))) {
            return Outcome.IGNORED;
        }
        boolean local = held.incrementAndGet() <= capacity;
        if (!local) {
            held.decrementAndGet();
        }
        boolean recorded;
        long waitStart = System.nanoTime();
        try {
            recorded = writer.record(new IntakeStore.NewEvent(event, raw, local ? owner : null,
                    local ? clock.instant().plus(settings.lease()) : null)).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            unhold(local);
            return Outcome.UNAVAILABLE;
        } catch (InterruptedException e) {
            unhold(local);
            Thread.currentThread().interrupt();
            return Outcome.UNAVAILABLE;
        }
        gate.acknowledged(System.nanoTime() - waitStart);
        if (!recorded) {
            unhold(local);
            duplicates.increment();
            metrics.duplicate();
            LOG.debug("redelivery of {} dropped", event.dedupeKey());
            return Outcome.DUPLICATE;
        }
        accepted.increment();
        lastAccepted = clock.instant();
        if (local) {
            try {
                long handedOver = System.nanoTime();
                workers.execute(() -> run(new IntakeStore.Claimed(event, 1), handedOver));
            } catch (RejectedExecutionException e) {
                held.decrementAndGet(); // stopping: recorded, and handed back to the other instances by close()
            }
        }
        return Outcome.ACCEPTED;
    }

    private void unhold(boolean local) {
        if (local) {
            held.decrementAndGet();
        }
    }

    /** Takes unleased rows (this instance's overflow, retries, other instances' lapsed leases) while there is room. */
    void claim() {
        int room;
        while ((room = capacity - held.get()) > 0 && !workers.isShutdown()) {
            int want = Math.min(room, CLAIM_BATCH);
            List<IntakeStore.Claimed> claimed = store.claim(owner, want, clock.instant().plus(settings.lease()));
            for (IntakeStore.Claimed c : claimed) {
                if (c.attempts() > settings.maxAttempts()) {
                    deadLetter(c, "claimed " + (c.attempts() - 1) + " times and never finished");
                    continue;
                }
                held.incrementAndGet();
                long handedOver = System.nanoTime();
                workers.execute(() -> run(c, handedOver));
            }
            if (claimed.size() < want) {
                return;
            }
        }
    }

    private void claimQuietly() {
        try {
            claim();
        } catch (RuntimeException e) {
            LOG.warn("claiming intake rows failed, next try in {}: {}", settings.poll(), e.getMessage());
        }
    }

    private void renewQuietly() {
        try {
            if (held.get() > 0) {
                store.renew(owner, clock.instant().plus(settings.lease()));
            }
        } catch (RuntimeException e) {
            LOG.warn("renewing intake leases failed: {}", e.getMessage());
        }
    }

    /** Runs one event's handler; {@code handedOver} is when it was given to the workers (for the latency metric). */
    private void run(IntakeStore.Claimed claimed, long handedOver) {
        WebhookEvent event = claimed.event();
        if (!gate.enter()) {
            held.decrementAndGet(); // stopping: still leased to this instance, handed back by close()
            return;
        }
        try {
            if (claimed.attempts() > 1 && processor.answered(event)) {
                LOG.info("{} was answered before its claim lapsed (attempt {}); not answered again",
                        event.dedupeKey(), claimed.attempts());
            } else {
                processor.accept(event);
            }
            processed.increment();
            writer.done(event.dedupeKey());
        } catch (RuntimeException e) {
            failed(claimed, e);
        } finally {
            gate.exit();
            held.decrementAndGet();
            metrics.processed(Duration.ofNanos(System.nanoTime() - handedOver));
        }
    }

    private void failed(IntakeStore.Claimed claimed, RuntimeException e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (claimed.attempts() >= settings.maxAttempts()) {
            LOG.error("processing {} failed", claimed.event().dedupeKey(), e);
            deadLetter(claimed, reason);
            return;
        }
        Duration wait = settings.retryAfter().multipliedBy(claimed.attempts());
        LOG.warn("processing {} failed (attempt {} of {}), retrying in {}: {}", claimed.event().dedupeKey(),
                claimed.attempts(), settings.maxAttempts(), wait, reason, e);
        try {
            store.retryLater(claimed.event().dedupeKey(), clock.instant().plus(wait), reason);
        } catch (RuntimeException x) {
            LOG.warn("could not schedule the retry of {} (its lease will lapse instead): {}",
                    claimed.event().dedupeKey(), x.getMessage());
        }
    }

    private void deadLetter(IntakeStore.Claimed claimed, String reason) {
        deadLettered.increment();
        LOG.error("dead-lettered {} after {} attempt(s): {}", claimed.event().dedupeKey(), claimed.attempts(), reason);
        try {
            store.deadLetter(claimed.event().dedupeKey(), reason);
        } catch (RuntimeException x) {
            LOG.warn("could not dead-letter {}: {}", claimed.event().dedupeKey(), x.getMessage());
        }
    }

    /** When the last event was recorded, or null. */
    public Instant lastAccepted() {
        return lastAccepted;
    }

    /** Deliveries recorded by this instance so far. */
    public long acceptedCount() {
        return accepted.sum();
    }

    /** Redeliveries answered "duplicate" by this instance so far. */
    public long duplicateCount() {
        return duplicates.sum();
    }

    /** Events this instance's workers finished so far. */
    public long processedCount() {
        return processed.sum();
    }

    /** Events this instance gave up on so far. */
    public long deadLetteredCount() {
        return deadLettered.sum();
    }

    /** How many handlers may start now: every worker, unless acknowledgements are slow ({@link AckFirstGate}). */
    public int processingLimit() {
        return gate.limit();
    }

    /** Events waiting for one of this instance's workers. */
    public int queued() {
        return workers.getQueue().size();
    }

    /** Events recorded by any instance and not done yet, and the oldest one's age: one query, for metrics. */
    public IntakeStore.Backlog backlog() {
        return store.backlog();
    }

    /**
     * Stops taking work, waits briefly for running handlers, writes their "done" marks, and hands back the events this
     * instance held but did not run, so another instance takes them without waiting for the leases to lapse.
     */
    @Override
    public void close() {
        timers.shutdownNow();
        workers.getQueue().clear(); // not started: handed back below
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        writer.close();
        try {
            int released = store.release(owner);
            if (released > 0) {
                LOG.info("stopping: handed back {} event(s) not yet processed", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping: could not hand back unprocessed events (their leases will lapse): {}", e.getMessage());
        }
    }
}

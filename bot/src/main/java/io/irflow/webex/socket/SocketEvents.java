package io.irflow.webex.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.webex.webhook.EventIntake;
import io.irflow.webex.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the event socket delivers, on one thread so order holds: activities mapped to webhook-shaped events, REST
 * catch-ups after reconnects and sequence gaps, all handed to the same {@link EventIntake} as webhooks, whose table
 * answers each message once; events a stopped process left unfinished are claimed from that table like any other.
 */
public final class SocketEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketEvents.class);
    /** How long an event is retried while the database refuses it before it is given up (logged). */
    private static final int UNAVAILABLE_TRIES = 600;
    /** Socket events waiting for the event thread before the socket's reader is made to wait. */
    static final int QUEUED = 10_000;

    private final ActivityMapper mapper;
    private final CatchUp catchUp;
    private final HandledEventStore handled;
    private final EventIntake intake;
    private final WebexSocket.Settings settings;
    private final Clock clock;
    private final ThreadPoolExecutor thread;
    private volatile boolean running = true;
    private volatile Instant lastEventAt;
    private volatile Instant firstConnectedAt;

    public SocketEvents(ActivityMapper mapper, CatchUp catchUp, HandledEventStore handled, EventIntake intake,
                        WebexSocket.Settings settings, Clock clock) {
        this(mapper, catchUp, handled, intake, settings, clock, QUEUED);
    }

    /** @param queued socket events that may wait for the event thread before {@link #activity} makes its caller wait */
    SocketEvents(ActivityMapper mapper, CatchUp catchUp, HandledEventStore handled, EventIntake intake,
                 WebexSocket.Settings settings, Clock clock, int queued) {
        this.mapper = mapper;
        this.catchUp = catchUp;
        this.handled = handled;
        this.intake = intake;
        this.settings = settings;
        this.clock = clock;
        // Bounded: when recording falls behind, a full queue blocks the socket's reader, which stops reading, and the
        // backlog stays in TCP and at Webex instead of in memory (a pong arriving late then reconnects and catches up).
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queued), r -> {
            Thread t = new Thread(r, "irflow-socket-events");
            t.setDaemon(true);
            return t;
        }, (task, pool) -> {
            if (!pool.isShutdown()) {
                try {
                    pool.getQueue().put(task);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    /** A {@code conversation.activity} from the socket. */
    void activity(JsonNode activity) {
        lastEventAt = clock.instant();
        thread.execute(() -> {
            try {
                mapper.map(activity).ifPresent(this::deliver);
            } catch (RuntimeException e) {
                LOG.error("socket activity could not be handled", e);
            }
        });
    }

    /** The socket is ready: after a reconnect, or at start with events handled before, catch up over REST. */
    void connected() {
        boolean reconnected = firstConnectedAt != null;
        if (!reconnected) {
            firstConnectedAt = clock.instant();
        }
        if (reconnected || handled.newest().isPresent()) {
            thread.execute(this::catchUpNow);
        }
    }

    /** Frames were lost (a sequence gap): catch up over REST. */
    void gap() {
        thread.execute(this::catchUpNow);
    }

    /** When the last activity arrived, or null. */
    Instant lastEventAt() {
        return lastEventAt;
    }

    private void catchUpNow() {
        Instant from = handled.newest().orElse(firstConnectedAt);
        if (from == null) {
            return;
        }
        Instant floor = clock.instant().minus(settings.maxCatchUp());
        Instant since = from.minus(settings.catchUpSlack());
        since = since.isBefore(floor) ? floor : since;
        try {
            var missed = catchUp.since(since);
            int taken = 0;
            for (WebhookEvent e : missed) {
                if (deliver(e) == EventIntake.Outcome.ACCEPTED) {
                    taken++;
                }
            }
            LOG.info("catch-up since {}: {} messages listed, {} not handled before", since, missed.size(), taken);
        } catch (RuntimeException e) {
            LOG.warn("catch-up over REST failed: {}", e.getMessage());
        }
    }

    /** Hands an event to the intake, retrying while the database refuses it: a socket event has no redelivery. */
    private EventIntake.Outcome deliver(WebhookEvent event) {
        for (int tries = 0; ; tries++) {
            EventIntake.Outcome outcome = intake.accept(event);
            if (outcome != EventIntake.Outcome.UNAVAILABLE || !running) {
                return outcome;
            }
            if (tries == UNAVAILABLE_TRIES) {
                LOG.error("{} dropped: the database refused it for a minute", event.dedupeKey());
                return outcome;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

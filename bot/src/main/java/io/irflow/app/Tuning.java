package io.irflow.app;

import io.irflow.webex.RetryPolicy;
import io.irflow.webex.socket.WebexSocket;
import io.irflow.webex.webhook.EventIntake;

import java.time.Clock;
import java.time.Duration;

/**
 * Knobs that are not part of the config contract: worker pool size, events held per instance, the intake's leases
 * and retries, Webex retries, the event socket's timings, the clock, the address the HTTP server binds and how often
 * the webhook registrations are re-checked.
 * Tests shorten the retry waits (and move the clock); production uses {@link #defaults()}.
 *
 * @param bindHost     the address the HTTP server listens on: every interface ({@value #ALL_INTERFACES}) in
 *                     production, loopback for the demo
 * @param webhookCheck how often the webhook watchdog re-lists the registrations (webhook mode with
 *                     {@code server.public_url})
 * @param expiryCheck  how often containment expiries are checked (reminders and undos, see contain/Expiries)
 * @param verifyFirstPoll the wait before a containment's first verification read (then doubling); tests shorten it
 */
public record Tuning(int workers, int queueCapacity, EventIntake.Settings intake, RetryPolicy webexRetry,
                     WebexSocket.Settings socket, Clock clock, String bindHost, Duration webhookCheck,
                     Duration expiryCheck, Duration verifyFirstPoll) {
    /** Every interface. */
    public static final String ALL_INTERFACES = "0.0.0.0";
    /** The webhook watchdog's default period. */
    public static final Duration WEBHOOK_CHECK = Duration.ofMinutes(5);
    /** The expiry check's default period. */
    public static final Duration EXPIRY_CHECK = Duration.ofSeconds(30);

    /** The first verification read's default wait: 2 s, then 4 s, 8 s … */
    public static final Duration VERIFY_FIRST_POLL = Duration.ofSeconds(2);

    /** With the default expiry check and first verification read. */
    public Tuning(int workers, int queueCapacity, EventIntake.Settings intake, RetryPolicy webexRetry,
                  WebexSocket.Settings socket, Clock clock, String bindHost, Duration webhookCheck) {
        this(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, webhookCheck, EXPIRY_CHECK,
                VERIFY_FIRST_POLL);
    }

    /** With the system clock (UTC), on every interface, the webhooks re-checked every 5 minutes. */
    public Tuning(int workers, int queueCapacity, EventIntake.Settings intake, RetryPolicy webexRetry,
                  WebexSocket.Settings socket) {
        this(workers, queueCapacity, intake, webexRetry, socket, Clock.systemUTC(), ALL_INTERFACES, WEBHOOK_CHECK);
    }

    /**
     * Production values: 16 workers (they mostly wait on HTTP), 1,000 events held in memory (more wait in the table,
     * claimed as room frees up, a poll a second: a short queue keeps a burst's garbage-collection pauses short and
     * leaves the rest to whichever instance has room), {@link EventIntake.Settings#defaults()}.
     */
    public static Tuning defaults() {
        return new Tuning(16, 1_000, EventIntake.Settings.defaults(), RetryPolicy.defaults(),
                WebexSocket.Settings.defaults());
    }

    public Tuning withSocket(WebexSocket.Settings socket) {
        return new Tuning(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, webhookCheck,
                expiryCheck, verifyFirstPoll);
    }

    /** The same knobs with other intake leases and retries (tests shorten them). */
    public Tuning withIntake(EventIntake.Settings intake) {
        return new Tuning(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, webhookCheck,
                expiryCheck, verifyFirstPoll);
    }

    /** The same knobs on another clock (tests move time with it). */
    public Tuning withClock(Clock clock) {
        return new Tuning(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, webhookCheck,
                expiryCheck, verifyFirstPoll);
    }

    /** The same knobs, listening on another address (the demo: loopback only). */
    public Tuning withBindHost(String bindHost) {
        return new Tuning(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, webhookCheck,
                expiryCheck, verifyFirstPoll);
    }

    /** The same knobs, containment expiries checked every {@code every} (tests: often, moving the clock). */
    public Tuning withExpiryCheck(Duration every) {
        return new Tuning(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, webhookCheck, every,
                verifyFirstPoll);
    }

    /** The same knobs, the webhook registrations re-checked every {@code every}. */
    public Tuning withWebhookCheck(Duration every) {
        return new Tuning(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, every, expiryCheck,
                verifyFirstPoll);
    }

    /** The same knobs, a containment's first verification read after {@code first} (tests shorten it). */
    public Tuning withVerifyFirstPoll(Duration first) {
        return new Tuning(workers, queueCapacity, intake, webexRetry, socket, clock, bindHost, webhookCheck,
                expiryCheck, first);
    }
}

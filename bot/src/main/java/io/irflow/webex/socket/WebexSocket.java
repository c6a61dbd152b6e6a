package io.irflow.webex.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Websocket mode: irflow connects out to Webex's event socket instead of receiving webhooks
 * (docs/reference/webex.md#websocket-mode). One thread keeps the connection: reuse or register the device, connect,
 * authorise, ping, and on any break reconnect with exponential backoff (1 s doubling to 32 s), registering a new device
 * when Webex says the old one is stale (404 on the upgrade, close 4401/4403). What arrives goes to
 * {@link SocketEvents}, which also catches up over REST after every reconnect and on a sequence gap.
 */
public final class WebexSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebexSocket.class);

    private final Devices devices;
    private final SocketEvents events;
    private final HttpClient http;
    private final String token;
    private final Settings settings;
    private final Clock clock;
    private final String proxy;
    private final ScheduledExecutorService timers;
    private final Thread loop;
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile boolean running = true;
    private volatile State state = State.STARTING;
    private volatile Instant connectedSince;
    private volatile SocketSession current;

    /** Where the connection is. */
    public enum State { STARTING, CONNECTING, CONNECTED, WAITING, STOPPED }

    /** What {@code /status} and {@code check-config} show. */
    public record Status(State state, Instant connectedSince, Instant lastEventAt, int reconnects, String proxy) {
    }

    /**
     * Timings; {@link #defaults()} follows the JS SDK.
     *
     * @param catchUpSlack how far before the newest handled event a catch-up starts (clock skew, late writes)
     * @param maxCatchUp   how far back a catch-up ever looks
     */
    public record Settings(Duration pingInterval, Duration pongTimeout, Duration readyTimeout, Duration firstBackoff,
                           Duration maxBackoff, Duration catchUpSlack, Duration maxCatchUp) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(15), Duration.ofSeconds(14), Duration.ofSeconds(20), Duration.ofSeconds(1),
                    Duration.ofSeconds(32), Duration.ofMinutes(2), Duration.ofHours(24));
        }

        /** The wait before reconnect attempt {@code n} (0-based): first, doubling, capped. */
        public Duration backoff(int attempt) {
            long ms = firstBackoff.toMillis() << Math.min(attempt, 20);
            return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
        }
    }

    public WebexSocket(Devices devices, SocketEvents events, HttpClient http, String token, String proxy, Settings settings,
                       Clock clock) {
        this.devices = devices;
        this.events = events;
        this.http = http;
        this.token = token;
        this.proxy = proxy;
        this.settings = settings;
        this.clock = clock;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "irflow-socket-ping"));
        this.loop = daemon(this::run, "irflow-socket");
    }

    /** Connects (in the background). */
    public void start() {
        loop.start();
    }

    public Status status() {
        return new Status(state, connectedSince, events.lastEventAt(), reconnects.get(), proxy);
    }

    private void run() {
        int attempt = 0;
        Devices.Device device = null;
        while (running) {
            state = State.CONNECTING;
            boolean wasReady = false;
            try {
                if (device == null) {
                    device = devices.ensure();
                }
                if (!running) {
                    break;
                }
                Outcome outcome = connect(device);
                wasReady = outcome.ready();
                if (outcome.staleDevice()) {
                    device = devices.replace(device);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("Webex event socket: {}", e.getMessage());
                }
            }
            connectedSince = null;
            if (!running) {
                break;
            }
            attempt = wasReady ? 0 : attempt + 1;
            Duration wait = settings.backoff(wasReady ? 0 : attempt - 1);
            state = State.WAITING;
            LOG.info("reconnecting to the Webex event socket in {} ms", wait.toMillis());
            if (!pause(wait)) {
                break;
            }
            reconnects.incrementAndGet();
        }
        state = State.STOPPED;
    }

    /** How one connection ended. */
    private record Outcome(boolean ready, boolean staleDevice) {
    }

    private Outcome connect(Devices.Device device) {
        SocketSession session = new SocketSession(events::activity, events::gap);
        String url = device.webSocketUrl() + (device.webSocketUrl().contains("?") ? "&" : "?")
                + "outboundWireFormat=text&bufferStates=true&aliasHttpStatus=true&clientTimestamp=" + clock.millis();
        try {
            http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), session).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                LOG.warn("the Webex event socket refused the upgrade: HTTP {}", status);
                return new Outcome(false, status == 404);
            }
            throw new IllegalStateException("cannot open the event socket: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the event socket did not open within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, false);
        }
        current = session;
        if (!running) {
            session.close();
            return new Outcome(false, false);
        }
        session.authorize(token);
        try {
            session.ready().get(settings.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            if (session.closed().isDone()) {
                return ended(session.closed().join());
            }
            LOG.warn("the Webex event socket sent no ready frame within {} s; reconnecting", settings.readyTimeout().toSeconds());
            session.abort();
            return new Outcome(false, false);
        }
        state = State.CONNECTED;
        connectedSince = clock.instant();
        LOG.info("Webex event socket connected");
        events.connected();
        // Ticks at a third of the pong timeout so an overdue pong is noticed promptly; a ping goes out every interval.
        long tick = Math.min(settings.pingInterval().toMillis(), Math.max(50, settings.pongTimeout().toMillis() / 3));
        ScheduledFuture<?> pings = timers.scheduleAtFixedRate(() -> keepAlive(session), settings.pingInterval().toMillis(),
                tick, TimeUnit.MILLISECONDS);
        try {
            int code = session.closed().join();
            Outcome outcome = ended(code);
            return new Outcome(true, outcome.staleDevice());
        } finally {
            pings.cancel(false);
            current = null;
        }
    }

    private static Outcome ended(int code) {
        return switch (code) {
            case 4401, 4403 -> {
                LOG.warn("the Webex event socket closed with {}: the device registration is no longer accepted", code);
                yield new Outcome(false, true);
            }
            case 4400 -> {
                LOG.error("the Webex event socket closed with 4400 (bad request)");
                yield new Outcome(false, false);
            }
            default -> new Outcome(false, false);
        };
    }

    /** A tick of the keep-alive timer; never throws, since a task of scheduleAtFixedRate that throws stops for good. */
    private void keepAlive(SocketSession session) {
        try {
            if (!session.keepAlive(settings.pingInterval(), settings.pongTimeout())) {
                LOG.warn("no pong from the Webex event socket within {} s; reconnecting",
                        settings.pongTimeout().toSeconds());
                session.abort();
            }
        } catch (RuntimeException e) {
            LOG.warn("the Webex event socket's keep-alive failed ({}); reconnecting", e.toString());
            session.abort();
        }
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        SocketSession s = current;
        if (s != null) {
            s.close();
        }
        loop.interrupt();
        timers.shutdownNow();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        state = State.STOPPED;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

package io.irflow.app;

import io.irflow.json.Json;
import io.irflow.webex.webhook.WebhookController;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The whole HTTP surface: the Webex webhook, health and readiness, plus any extra modules (the demo's simulators
 * and chat page). It can start before the bot is wired: until then the webhook answers 503 and readiness says so.
 * Only the webhook, {@code /alerts}, {@code /healthz} and {@code /readyz} answer non-loopback clients
 * ({@link LocalOnly}); {@code /readyz} reads cached state and never waits on Webex or the database ({@link Readiness}).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private final AtomicReference<WebhookController> webhooks = new AtomicReference<>();
    private final AtomicReference<Readiness> readiness = new AtomicReference<>();
    private final AtomicReference<io.javalin.http.Handler> inboundAlerts = new AtomicReference<>();
    private volatile boolean webhooksOff;
    private final AtomicReference<java.util.function.Supplier<?>> connection = new AtomicReference<>();

    /**
     * @param modules extra routes registered on the same server (empty in production)
     */
    public HttpServer(String host, int port, List<Consumer<JavalinConfig>> modules) {
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 1024 * 1024;
            QueuedThreadPool pool = new QueuedThreadPool(64, 8);
            pool.setName("irflow-http");
            config.jetty.threadPool = pool;
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.before(LocalOnly::guard);
            config.routes.post(AppWiring.WEBHOOK_PATH, this::webhook);
            config.routes.post("/alerts", this::alerts);
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
            config.routes.get("/readyz", this::ready);
            config.routes.get("/connection", ctx -> {
                var c = connection.get();
                if (c == null) {
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("state", "starting"));
                } else {
                    ctx.json(c.get());
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("status", "error"));
            });
            modules.forEach(m -> m.accept(config));
        });
    }

    /**
     * Connects the wired bot: from now on deliveries are processed.
     *
     * @param controller the webhook endpoint, or null in websocket mode (the endpoint then answers 404)
     */
    public void attach(WebhookController controller, Readiness ready) {
        readiness.set(ready);
        webhooks.set(controller);
        webhooksOff = controller == null;
    }

    /** Serves {@code GET /connection}: how Webex events reach irflow (read by {@code check-config}). */
    public void attachConnection(java.util.function.Supplier<?> state) {
        connection.set(state);
    }

    /** Enables {@code POST /alerts} (only when the config sets an inbound secret or token). */
    public void attachInboundAlerts(io.javalin.http.Handler handler) {
        inboundAlerts.set(handler);
    }

    private void alerts(Context ctx) throws Exception {
        io.javalin.http.Handler handler = inboundAlerts.get();
        if (handler == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "inbound alerts are not enabled: set alerts.inbound_secret "
                    + "or alerts.inbound_token"));
            return;
        }
        handler.handle(ctx);
    }

    private void webhook(Context ctx) {
        WebhookController controller = webhooks.get();
        if (webhooksOff) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "webex.mode is websocket: irflow takes no webhooks"));
            return;
        }
        if (controller == null) {
            ctx.header("Retry-After", "1").status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", "starting"));
            return;
        }
        controller.handle(ctx);
    }

    private void ready(Context ctx) {
        Readiness r = readiness.get();
        if (r == null) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("irflow", "starting"));
            return;
        }
        Map<String, String> state = r.check();
        boolean ok = state.values().stream().allMatch("ok"::equals);
        ctx.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(state);
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        app.start();
        LOG.info("listening on port {}", app.port());
        return app.port();
    }

    /** Whether {@link #start()} has run. */
    public boolean started() {
        return app.jettyServer().started();
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

package io.irflow.app;

import io.irflow.json.Json;
import io.irflow.metrics.Metrics;
import io.irflow.webex.webhook.WebhookController;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The bot's whole HTTP surface, declared once with its routes: the Webex webhook, inbound alerts, health, readiness,
 * metrics and the connection state. Only the webhook, {@code /alerts}, {@code /healthz} and {@code /readyz} answer
 * non-loopback clients ({@link LocalOnly}); {@code /readyz} reads cached state and never waits on Webex or the
 * database ({@link Readiness}).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Where Webex delivers webhooks. */
    public static final String WEBHOOK_PATH = "/webhooks/webex";

    /**
     * What the routes call.
     *
     * @param webhooks      {@code POST /webhooks/webex}, or null in websocket mode (the endpoint then answers 404)
     * @param inboundAlerts {@code POST /alerts}, or null when no inbound secret or token is set (404)
     * @param readiness     {@code GET /readyz}
     * @param connection    {@code GET /connection}: how Webex events reach irflow (read by {@code check-config})
     * @param metrics       {@code GET /metrics}: the Prometheus text, or null for none (404)
     */
    public record Routes(WebhookController webhooks, Handler inboundAlerts, Readiness readiness, Supplier<?> connection,
                         Supplier<String> metrics) {
        public Routes {
            Objects.requireNonNull(readiness, "readiness");
            Objects.requireNonNull(connection, "connection");
        }

        /** Without {@code /metrics}. */
        public Routes(WebhookController webhooks, Handler inboundAlerts, Readiness readiness, Supplier<?> connection) {
            this(webhooks, inboundAlerts, readiness, connection, null);
        }
    }

    private final Javalin app;
    private final Routes routes;
    private final String host;

    /** @param host the address to bind: {@code 0.0.0.0} for every interface, {@code 127.0.0.1} for loopback only */
    public HttpServer(String host, int port, Routes routes) {
        this.routes = routes;
        this.host = host;
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
            config.routes.post(WEBHOOK_PATH, this::webhook);
            config.routes.post("/alerts", this::alerts);
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
            config.routes.get("/readyz", this::ready);
            config.routes.get("/connection", ctx -> ctx.json(routes.connection().get()));
            config.routes.get("/metrics", this::metrics);
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("status", "error"));
            });
        });
    }

    private void alerts(Context ctx) throws Exception {
        if (routes.inboundAlerts() == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "inbound alerts are not enabled: set alerts.inbound_secret "
                    + "or alerts.inbound_token"));
            return;
        }
        routes.inboundAlerts().handle(ctx);
    }

    private void webhook(Context ctx) {
        if (routes.webhooks() == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "webex.mode is websocket: irflow takes no webhooks"));
            return;
        }
        routes.webhooks().handle(ctx);
    }

    /** Loopback only ({@link LocalOnly}): a scraper on another machine goes through an agent or proxy on this one. */
    private void metrics(Context ctx) {
        if (routes.metrics() == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "not found"));
            return;
        }
        ctx.contentType(Metrics.CONTENT_TYPE).result(routes.metrics().get());
    }

    private void ready(Context ctx) {
        Map<String, String> state = routes.readiness().check();
        boolean ok = state.values().stream().allMatch("ok"::equals);
        ctx.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(state);
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        app.start();
        LOG.info("listening on {} port {}", host, app.port());
        return app.port();
    }

    /** The address it binds. */
    public String host() {
        return host;
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

package io.irflow.app;

import io.irflow.json.Json;
import io.irflow.webex.webhook.WebhookController;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The whole HTTP surface: the Webex webhook, health and readiness. */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private final int port;

    public HttpServer(String host, int port, WebhookController webhooks, Readiness readiness) {
        this.port = port;
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 1024 * 1024;
            QueuedThreadPool pool = new QueuedThreadPool(64, 8);
            pool.setName("irflow-http");
            config.jetty.threadPool = pool;
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.post("/webhooks/webex", webhooks::handle);
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
            config.routes.get("/readyz", ctx -> {
                Map<String, String> state = readiness.check();
                boolean ok = state.values().stream().allMatch("ok"::equals);
                ctx.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(state);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("status", "error"));
            });
        });
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        app.start();
        LOG.info("listening on port {}", app.port());
        return app.port();
    }

    /** The bound port. */
    public int port() {
        return app.port() > 0 ? app.port() : port;
    }

    @Override
    public void close() {
        app.stop();
    }
}

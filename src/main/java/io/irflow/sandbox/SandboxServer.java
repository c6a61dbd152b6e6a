package io.irflow.sandbox;

import io.irflow.json.Json;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's own HTTP server, apart from the bot's: the product simulators, the Webex stand-in and the chat page, on
 * loopback only. The bot reaches it over HTTP as it would reach the real products and Webex.
 */
public final class SandboxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    /** The only address it binds: nothing here is for other machines. */
    public static final String HOST = "127.0.0.1";

    private final Javalin app;

    /**
     * Starts listening.
     *
     * @param port    the port (0 picks a free one)
     * @param modules the routes it serves (simulators, stand-in, chat page)
     */
    public SandboxServer(int port, List<Consumer<JavalinConfig>> modules) {
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 1024 * 1024;
            config.jetty.host = HOST;
            config.jetty.port = port;
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("status", "error"));
            });
            modules.forEach(m -> m.accept(config));
        });
        app.start();
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    /** A port free on loopback now (for a server that binds it a moment later, like the demo's bot). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String root() {
        return "http://" + HOST + ":" + port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

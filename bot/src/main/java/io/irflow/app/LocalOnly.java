package io.irflow.app;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

/**
 * Deny by default: every route answers only to loopback clients (127.0.0.0/8, ::1) except the few that must be
 * reachable from outside: {@code GET /healthz} and {@code GET /readyz} (orchestrator probes; they show no addresses),
 * {@code POST /webhooks/webex} (Webex) and {@code POST /alerts} (alert senders; signed or token-protected). So
 * {@code GET /connection} (proxy and socket details), {@code GET /metrics}, the demo's simulators and chat page, and
 * any route added later stay local unless listed here. The client is the TCP peer; {@code X-Forwarded-For} and the
 * like are ignored, since anyone can send them. Others get a plain 404, as if the route did not exist: a 403 would
 * confirm it does.
 */
final class LocalOnly {
    private static final Logger LOG = LoggerFactory.getLogger(LocalOnly.class);
    private static final Set<String> PUBLIC = Set.of("GET /healthz", "GET /readyz", "HEAD /healthz", "HEAD /readyz",
            "POST " + HttpServer.WEBHOOK_PATH, "POST /alerts");

    private LocalOnly() {
    }

    /** A before-handler: stops a non-loopback request to a local-only route with 404. */
    static void guard(Context ctx) {
        if (isPublic(ctx.method(), ctx.path()) || isLoopback(ctx.req().getRemoteAddr())) {
            return;
        }
        LOG.info("refused {} {} from {}: local-only", ctx.method(), ctx.path(), ctx.req().getRemoteAddr());
        ctx.skipRemainingHandlers();
        ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "not found"));
    }

    static boolean isPublic(HandlerType method, String path) {
        return PUBLIC.contains(method.name() + " " + path);
    }

    /** Whether a peer address (an IP literal, as the socket reports it) is a loopback address. */
    static boolean isLoopback(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        String literal = remoteAddress.replaceAll("^\\[|]$", "");
        // Only IP literals: InetAddress would otherwise resolve a name, and a name is never what a socket reports.
        if (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

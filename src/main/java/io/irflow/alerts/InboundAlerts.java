package io.irflow.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.irflow.capabilities.Alert;
import io.irflow.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /alerts}: alerts from any other tool (SIEM, SOAR, a script), authenticated with an HMAC-SHA256 signature
 * ({@code X-Irflow-Signature: sha256=<hex>}) or a bearer token, validated, and fed to the same pipeline as the pollers.
 * Documented in the README ("Sending alerts from other tools").
 */
public final class InboundAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(InboundAlerts.class);
    static final int MAX_BODY = 64 * 1024;

    private final AlertPipeline pipeline;
    private final String secret;
    private final String token;
    private final Clock clock;

    /** The documented JSON shape. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Body(String id, String source, String title, String at, String threat, String severity, Host host, String sha256,
                @JsonProperty("file_name") String fileName, String disposition, String link) {
    }

    /** The affected host. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Host(String hostname, String ip, String mac) {
    }

    /** @param secret HMAC key or null; @param token bearer token or null (at least one is set) */
    public InboundAlerts(AlertPipeline pipeline, String secret, String token, Clock clock) {
        this.pipeline = pipeline;
        this.secret = secret;
        this.token = token;
        this.clock = clock;
    }

    /** Handles one request. */
    public void handle(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY) {
            reply(ctx, HttpStatus.CONTENT_TOO_LARGE, "body over 64 KiB");
            return;
        }
        if (!authorised(ctx, body)) {
            LOG.warn("inbound alert refused from {}: bad or missing signature/token", ctx.ip());
            reply(ctx, HttpStatus.UNAUTHORIZED, "missing or wrong X-Irflow-Signature or bearer token");
            return;
        }
        Body b;
        try {
            b = Json.mapper().readValue(body, Body.class);
        } catch (java.io.IOException e) {
            reply(ctx, HttpStatus.BAD_REQUEST, "malformed JSON");
            return;
        }
        String problem = problem(b);
        if (problem != null) {
            LOG.info("inbound alert refused: {}", problem);
            reply(ctx, HttpStatus.BAD_REQUEST, problem);
            return;
        }
        String source = "inbound:" + (b.source() == null || b.source().isBlank() ? "api" : b.source().strip());
        Instant at = b.at() == null ? clock.instant() : Instant.parse(b.at());
        String mac = b.host().mac() == null ? null : b.host().mac().toLowerCase().replace('-', ':');
        Alert alert = new Alert(source, b.id().strip(), at, b.title().strip(), b.threat(), b.severity(),
                new Alert.AlertHost(b.host().hostname(), b.host().ip(), mac, null),
                b.sha256() == null ? null : b.sha256().toLowerCase(), b.fileName(), b.disposition(), b.link());
        boolean fresh = !pipeline.ingest(source, List.of(alert), null).isEmpty();
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("status", fresh ? "accepted" : "duplicate"));
    }

    static String problem(Body b) {
        if (b == null) {
            return "empty body";
        }
        if (b.id() == null || b.id().isBlank() || b.id().length() > 256) {
            return "id: required, at most 256 characters";
        }
        if (b.title() == null || b.title().isBlank() || b.title().length() > 300) {
            return "title: required, at most 300 characters";
        }
        if (b.host() == null || (blank(b.host().hostname()) && blank(b.host().ip()) && blank(b.host().mac()))) {
            return "host: required, with at least one of hostname, ip, mac";
        }
        if (!blank(b.host().mac()) && !b.host().mac().matches("(?i)[0-9a-f]{2}([:-][0-9a-f]{2}){5}")) {
            return "host.mac: expected aa:bb:cc:dd:ee:ff";
        }
        if (!blank(b.sha256()) && !b.sha256().matches("(?i)[0-9a-f]{64}")) {
            return "sha256: expected 64 hex characters";
        }
        if (!blank(b.link()) && !b.link().matches("https?://\\S+")) {
            return "link: expected an http(s) URL";
        }
        if (b.at() != null) {
            try {
                Instant.parse(b.at());
            } catch (DateTimeParseException e) {
                return "at: expected an ISO-8601 instant such as 2026-11-27T10:15:00Z";
            }
        }
        return null;
    }

    private boolean authorised(Context ctx, byte[] body) {
        String auth = ctx.header("Authorization");
        if (token != null && auth != null && auth.startsWith("Bearer ")
                && MessageDigest.isEqual(auth.substring(7).strip().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        String sig = ctx.header("X-Irflow-Signature");
        if (secret != null && sig != null && sig.startsWith("sha256=")) {
            return MessageDigest.isEqual(hmac(body).getBytes(StandardCharsets.US_ASCII),
                    sig.substring(7).strip().toLowerCase().getBytes(StandardCharsets.US_ASCII));
        }
        return false;
    }

    /** The signature a sender computes: hex HMAC-SHA256 of the raw body with the shared secret. */
    String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void reply(Context ctx, HttpStatus status, String error) {
        ctx.status(status).json(Map.of("error", error));
    }
}

package io.irflow.alerts;

import io.irflow.capabilities.Alert;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /alerts}: alerts from any other tool (SIEM, SOAR, a script), authenticated with an HMAC-SHA256 signature
 * ({@code X-Irflow-Signature: sha256=<hex>}) or a bearer token, validated strictly ({@link InboundAlert}), and fed to
 * the same pipeline as the pollers. Documented in the README ("Sending alerts from other tools").
 */
public final class InboundAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(InboundAlerts.class);
    static final int MAX_BODY = 64 * 1024;

    private final AlertPipeline pipeline;
    private final String secret;
    private final String token;
    private final Clock clock;

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
        Alert alert;
        try {
            alert = InboundAlert.parse(body, clock);
        } catch (InboundAlert.Invalid e) {
            LOG.info("inbound alert refused: {}", e.getMessage());
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("error", e.getMessage());
            if (e.field() != null) {
                answer.put("field", e.field());
            }
            ctx.status(HttpStatus.BAD_REQUEST).json(answer);
            return;
        }
        boolean fresh;
        try {
            // Inbound alerts never quarantine on their own unless alerts.auto_quarantine_inbound says so (the pipeline
            // asks the policy); the alert is recorded before anything acts on it.
            fresh = !pipeline.ingestInbound(alert).isEmpty();
        } catch (RuntimeException e) {
            LOG.error("inbound alert {} could not be recorded", alert.id(), e);
            reply(ctx, HttpStatus.SERVICE_UNAVAILABLE, "could not record the alert; retry later");
            return;
        }
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("status", fresh ? "accepted" : "duplicate"));
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

    private static void reply(Context ctx, HttpStatus status, String error) {
        ctx.status(status).json(Map.of("error", error));
    }
}

package io.irflow.webex.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /webhooks/webex}: verifies the signature over the raw bytes, parses those same bytes, and answers once
 * {@link EventIntake} has recorded the delivery in the database (or found it there: "duplicate"); the work happens
 * afterwards, on the workers of whichever instance claims it.
 */
public final class WebhookController {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);
    /** Webex envelopes are a few hundred bytes; anything this large is not Webex. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final String SIGNATURE_HEADER = "X-Spark-Signature";

    private final SignatureVerifier verifier;
    private final EventIntake intake;
    private final LongAdder badSignatures = new LongAdder();
    private static final java.util.Map<EventIntake.Outcome, String> ACKS = new java.util.EnumMap<>(EventIntake.Outcome.class);

    static {
        for (EventIntake.Outcome o : EventIntake.Outcome.values()) {
            ACKS.put(o, "{\"status\":\"" + o.name().toLowerCase() + "\"}");
        }
    }

    /** @param verifier null only when the config explicitly allows unsigned deliveries */
    public WebhookController(SignatureVerifier verifier, EventIntake intake) {
        this.verifier = verifier;
        this.intake = intake;
    }

    /** Handles one delivery. */
    public void handle(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > MAX_BODY_BYTES) {
            ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(error("body over 64 KiB"));
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(error("body over 64 KiB"));
            return;
        }
        if (verifier != null && !verifier.verify(body, ctx.header(SIGNATURE_HEADER))) {
            badSignatures.increment();
            LOG.warn("webhook refused: {} X-Spark-Signature from {} ({} refused so far; check webex.webhook_secret if this repeats)",
                    ctx.header(SIGNATURE_HEADER) == null ? "missing" : "wrong", ctx.ip(), badSignatures.sum());
            ctx.status(HttpStatus.UNAUTHORIZED).json(error("bad signature"));
            return;
        }
        WebhookEvent event;
        try {
            event = Json.mapper().readValue(body, WebhookEvent.class);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("webhook refused: malformed JSON ({})", e.getClass().getSimpleName());
            ctx.status(HttpStatus.BAD_REQUEST).json(error("malformed JSON"));
            return;
        } catch (java.io.IOException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(error("unreadable body"));
            return;
        }
        if (event == null) {
            ctx.status(HttpStatus.BAD_REQUEST).json(error("empty body"));
            return;
        }
        EventIntake.Outcome outcome = intake.accept(event, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        if (outcome == EventIntake.Outcome.UNAVAILABLE) {
            // Only when the database refused the write: the delivery is not durable, so Webex must redeliver it.
            ctx.header("Retry-After", "1").status(HttpStatus.SERVICE_UNAVAILABLE).json(error("unavailable"));
            return;
        }
        // A constant body: no serialisation on the hot path.
        ctx.status(HttpStatus.OK).contentType("application/json").result(ACKS.get(outcome));
    }

    /** Signature failures since start. */
    public long badSignatureCount() {
        return badSignatures.sum();
    }

    private static Ack error(String reason) {
        return new Ack(reason);
    }

    /** The tiny JSON answer. */
    record Ack(String status) {
    }
}

package io.irflow.sandbox.webex;

import io.irflow.sandbox.webex.Shapes.ErrorJson;
import io.javalin.http.Handler;

/** Wraps the stand-in's handlers as Webex answers: a {@code trackingid} header, bearer auth, and Webex error bodies. */
final class BearerApi {
    private BearerApi() {
    }

    /** Adds the tracking id, checks the bearer token, and turns {@link WebexError}s into Webex error bodies. */
    static Handler guard(String token, Handler handler) {
        return ctx -> {
            String tracking = WebexIds.trackingId();
            ctx.header("trackingid", tracking);
            try {
                if (!("Bearer " + token).equals(ctx.header("Authorization"))) {
                    throw new WebexError(401, "The request requires a valid access token set in the Authorization request header.");
                }
                handler.handle(ctx);
            } catch (WebexError e) {
                ctx.status(e.status()).json(ErrorJson.of(e.getMessage(), tracking));
            }
        };
    }
}

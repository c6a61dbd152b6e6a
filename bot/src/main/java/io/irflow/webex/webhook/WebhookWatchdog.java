package io.irflow.webex.webhook;

import io.irflow.webex.NewMessage;
import io.irflow.webex.WebexClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-checks the bot's webhook registrations on a schedule (webhook mode only): Webex disables a webhook after about
 * 100 failed deliveries in five minutes and never re-enables it, and then the bot goes deaf without a sign. Each run
 * lists the registrations ({@code GET /webhooks}) and, through {@link WebhookRegistrar#ensure}, re-activates a disabled
 * one ({@code PUT /webhooks/{id}} with {@code status: active}) or re-creates a missing one; when it repaired something
 * it posts a warning to the response room, since messages sent while the webhook was off may never have reached
 * irflow. A run with everything active writes nothing.
 */
public final class WebhookWatchdog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWatchdog.class);

    private final WebhookRegistrar registrar;
    private final WebexClient webex;
    private final String targetUrl;
    private final String secret;
    private final String room;

    /**
     * @param targetUrl where the webhooks must point ({@code server.public_url} + {@code /webhooks/webex})
     * @param secret    the webhook secret, or null when unsigned deliveries are allowed
     * @param room      the response room the warning goes to, or null (the warning is then only logged)
     */
    public WebhookWatchdog(WebexClient webex, String targetUrl, String secret, String room) {
        this.registrar = new WebhookRegistrar(webex);
        this.webex = webex;
        this.targetUrl = targetUrl;
        this.secret = secret;
        this.room = room;
    }

    /** One check; never throws, so the schedule goes on after a failure (Webex unreachable, token refused). */
    @Override
    public void run() {
        WebhookRegistrar.Result result;
        try {
            result = registrar.ensure(targetUrl, secret);
        } catch (RuntimeException e) {
            LOG.warn("webhook watchdog: could not check the webhook registrations at {}: {}", targetUrl,
                    e.getMessage());
            return;
        }
        if (result.repairs().isEmpty()) {
            return;
        }
        String what = String.join("; ", result.repairs());
        LOG.warn("webhook watchdog: {}", what);
        if (room == null) {
            return;
        }
        try {
            webex.post(NewMessage.markdown(room, null, "**Webhook warning.** irflow " + what + ". Messages and button "
                    + "presses sent to the bot while it was off may not have reached irflow: repeat any that got no "
                    + "answer."));
        } catch (RuntimeException e) {
            LOG.warn("webhook watchdog: could not post the warning to the response room: {}", e.getMessage());
        }
    }
}

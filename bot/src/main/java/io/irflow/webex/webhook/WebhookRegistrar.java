package io.irflow.webex.webhook;

import io.irflow.webex.WebexClient;
import io.irflow.webex.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Makes sure exactly one {@code messages/created} and one {@code attachmentActions/created} webhook point at
 * {@code public_url + /webhooks/webex} with the configured secret: reuses or updates existing ones, re-activates
 * disabled ones (Webex disables a webhook after repeated failed deliveries and never re-enables it), and deletes stale
 * or duplicate irflow registrations, which would otherwise cause duplicate deliveries.
 */
public final class WebhookRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistrar.class);
    /** Registrations irflow owns carry this name prefix. */
    static final String NAME_PREFIX = "irflow";
    static final List<String[]> NEEDED = List.of(new String[]{"messages", "created"},
            new String[]{"attachmentActions", "created"});

    private final WebexClient webex;

    public WebhookRegistrar(WebexClient webex) {
        this.webex = webex;
    }

    /**
     * What changed, for the start-up log, the watchdog and tests.
     *
     * @param repairs one line per registration Webex had disabled (re-activated) or that was missing (created)
     */
    public record Result(int created, int updated, int deleted, int kept, List<String> repairs) {
    }

    /** Reconciles the bot's registrations with the one target URL. */
    public Result ensure(String targetUrl, String secret) {
        List<Webhook> existing = webex.webhooks();
        List<Webhook> handled = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int kept = 0;
        List<String> repairs = new ArrayList<>();
        for (String[] need : NEEDED) {
            String name = NAME_PREFIX + " " + need[0];
            List<Webhook> candidates = existing.stream()
                    .filter(w -> need[0].equals(w.resource()) && need[1].equals(w.event()))
                    .filter(w -> ours(w, targetUrl))
                    .sorted(Comparator.comparing((Webhook w) -> !targetUrl.equals(w.targetUrl()))
                            .thenComparing(w -> !w.isActive()))
                    .toList();
            if (candidates.isEmpty()) {
                Webhook w = webex.createWebhook(name, targetUrl, need[0], need[1], secret);
                LOG.info("registered webhook {} {} -> {}", need[0], need[1], targetUrl);
                handled.add(w);
                created++;
                repairs.add("re-created the missing " + need[0] + "/" + need[1] + " webhook");
                continue;
            }
            Webhook keep = candidates.get(0);
            handled.add(keep);
            boolean needsUpdate = !targetUrl.equals(keep.targetUrl()) || !keep.isActive() || keep.filter() != null
                    || !name.equals(keep.name()) || (keep.secret() != null && !Objects.equals(keep.secret(), secret))
                    || keep.secret() == null && secret != null;
            if (needsUpdate) {
                if (keep.filter() != null) {
                    // PUT cannot change a filter; replace the registration instead.
                    webex.deleteWebhook(keep.id());
                    webex.createWebhook(name, targetUrl, need[0], need[1], secret);
                    created++;
                } else {
                    webex.updateWebhook(keep.id(), name, targetUrl, secret);
                    updated++;
                }
                LOG.info("{} webhook {} {} -> {}", keep.isActive() ? "updated" : "re-activated", need[0], need[1], targetUrl);
                if (!keep.isActive()) {
                    repairs.add("re-activated the " + need[0] + "/" + need[1] + " webhook, which Webex had disabled");
                }
            } else {
                kept++;
            }
        }
        int deleted = 0;
        for (Webhook w : existing) {
            boolean stale = ours(w, targetUrl) && handled.stream().noneMatch(h -> h.id() != null && h.id().equals(w.id()));
            if (stale) {
                webex.deleteWebhook(w.id());
                LOG.info("deleted stale webhook {}", w);
                deleted++;
            }
        }
        return new Result(created, updated, deleted, kept, List.copyOf(repairs));
    }

    /**
     * Deletes every irflow registration (named {@code irflow…}, or pointing at {@code targetUrl} when given): in
     * websocket mode events come over the socket, and a left-over webhook would keep delivering to an endpoint that
     * refuses them until Webex disables it.
     *
     * @return how many were deleted
     */
    public int removeOwn(String targetUrl) {
        int deleted = 0;
        for (Webhook w : webex.webhooks()) {
            if (ours(w, targetUrl == null ? "" : targetUrl)) {
                webex.deleteWebhook(w.id());
                LOG.info("deleted webhook {} {} -> {} (websocket mode takes no webhooks)", w.resource(), w.event(), w.targetUrl());
                deleted++;
            }
        }
        return deleted;
    }

    private static boolean ours(Webhook w, String targetUrl) {
        return targetUrl.equals(w.targetUrl()) || (w.name() != null && w.name().toLowerCase().startsWith(NAME_PREFIX));
    }
}

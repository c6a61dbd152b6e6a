package io.irflow.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import io.irflow.webex.Message;
import io.irflow.webex.NewMessage;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Posts the outbox to Webex at a bounded rate (so a burst never trips Webex's limits), in order, threading group
 * updates under their first card; failures are retried with backoff and nothing is lost across restarts. Each post is
 * claimed before it is sent, so instances sharing the database send it once between them. A threaded post whose first
 * card failed for good is given up with a log line: it has no thread to go to.
 */
public final class AlertPublisher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);
    static final int MAX_ATTEMPTS = 10;
    /**
     * Shown on a post sent again after a try that reached Webex and failed (a 5xx or no answer): Webex may have posted
     * the first copy, and a bot cannot read its own messages in a group room to check
     * (docs/reference/webex.md#group-room-history), so the second copy says what it is rather than risk losing the
     * alert. Never shown after a 429 or a connection that did not open.
     */
    static final String RESENT_NOTE = "Re-sent: Webex failed while receiving this post the first time, so it may appear"
            + " twice; both copies are the same.";

    private final AlertOutboxStore outbox;
    private final AlertGroupStore groups;
    private final WebexClient webex;
    private final Clock clock;
    private final Duration spacing;

    /** @param perSecond posts per second at most */
    public AlertPublisher(AlertOutboxStore outbox, AlertGroupStore groups, WebexClient webex, Clock clock,
                          double perSecond) {
        this.outbox = outbox;
        this.groups = groups;
        this.webex = webex;
        this.clock = clock;
        this.spacing = Duration.ofMillis((long) Math.ceil(1000 / Math.max(0.1, perSecond)));
    }

    /** Sends what is due; called on a schedule (one thread). */
    @Override
    public void run() {
        try {
            Set<String> elsewhere = new HashSet<>();
            for (AlertOutboxStore.DuePost due : outbox.claimable(clock.instant(), 20)) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (due.groupKey() != null && elsewhere.contains(due.groupKey())) {
                    continue; // an older post of its thread went to another instance: this one waits its turn
                }
                if (due.orphan()) {
                    deadLetter(due);
                    continue;
                }
                Optional<AlertOutboxStore.OutboxRow> row = outbox.claim(due.id(), clock.instant());
                if (row.isEmpty()) {
                    if (due.groupKey() != null) {
                        elsewhere.add(due.groupKey());
                    }
                    continue;
                }
                send(row.get());
                Thread.sleep(spacing.toMillis());
            }
            for (AlertGroupStore.Replacement r : groups.replacementsDue()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                deleteReplaced(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // an exception escaping a scheduled task would cancel the publisher silently
            LOG.error("alert publisher failed; will retry", e);
        }
    }

    private void send(AlertOutboxStore.OutboxRow row) {
        String parent = null;
        if (row.threadOfGroup()) {
            Optional<String> root = groups.groupMessage(row.groupKey());
            if (root.isEmpty()) {
                // The group was replaced since it was found due, by a new first card not posted yet; wait for that.
                outbox.letGo(row.id());
                return;
            }
            parent = root.get();
        }
        try {
            String markdown = row.maybePosted() ? "_" + RESENT_NOTE + "_\n\n" + row.markdown() : row.markdown();
            NewMessage message = row.cardJson() == null ? NewMessage.markdown(row.roomId(), parent, markdown)
                    : NewMessage.card(row.roomId(), parent, markdown, card(row));
            Message posted = webex.post(message);
            outbox.sent(row.id(), posted.id());
            groups.posted(row.id(), posted.id());
        } catch (WebexException e) {
            int attempts = row.attempts() + 1;
            long backoff = Math.min(300, 1L << Math.min(attempts, 8));
            outbox.retryLater(row.id(), attempts, clock.instant().plusSeconds(backoff), "HTTP " + e.status()
                    + (e.trackingId() == null ? "" : " trackingId " + e.trackingId())
                    + (e.mayHaveActed() ? " (may have been posted)" : ""), MAX_ATTEMPTS, e.mayHaveActed());
            LOG.warn("alert post {} failed (attempt {} of {}, HTTP {}, trackingId={}{})", row.id(), attempts,
                    MAX_ATTEMPTS, e.status(), e.trackingId(), e.mayHaveActed() ? ", may have been posted" : "");
        }
    }

    /**
     * Deletes a host's old top card once the card naming the host is posted (Webex cannot edit a card): an old card
     * never posted (given up) needs nothing; one still waiting is deleted after it goes out. A failed delete is tried
     * again next round, after a restart too, since the replacement stays recorded until the old card is gone.
     */
    private void deleteReplaced(AlertGroupStore.Replacement r) {
        if ("PENDING".equals(r.oldState()) || "HELD".equals(r.oldState())) {
            return;
        }
        if (r.oldMessageId() != null) {
            try {
                webex.deleteMessage(r.oldMessageId());
            } catch (WebexException e) {
                if (e.status() != 404) {
                    LOG.warn("replaced alert card {} could not be deleted (HTTP {}, trackingId={}); will retry",
                            r.oldOutboxId(), e.status(), e.trackingId());
                    return;
                }
            }
        }
        groups.replacementDone(r);
    }

    private void deadLetter(AlertOutboxStore.DuePost due) {
        if (outbox.deadLetter(due.id(), "its group's first card was never posted", clock.instant())) {
            LOG.warn("alert post {} given up: it belongs in a thread whose first card failed for good", due.id());
        }
    }

    /** The stored card, with the re-sent note as its first line when a copy may already be in the room. */
    private static ObjectNode card(AlertOutboxStore.OutboxRow row) {
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(row.cardJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored card is not JSON", e);
        }
        if (!(parsed instanceof ObjectNode card)) {
            throw new IllegalStateException("stored card is not a JSON object");
        }
        if (row.maybePosted() && card.path("body").isArray()) {
            ObjectNode note = Json.mapper().createObjectNode().put("type", "TextBlock").put("text", RESENT_NOTE)
                    .put("wrap", true).put("isSubtle", true).put("size", "Small");
            ((ArrayNode) card.get("body")).insert(0, note);
        }
        return card;
    }

}

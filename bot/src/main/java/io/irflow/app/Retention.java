package io.irflow.app;

import io.irflow.store.Jdbc;
import io.irflow.webex.webhook.IntakeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code storage.retention} (default 90 days): every hour, deletes the bookkeeping that only grows and that nothing
 * needs any more once it is older than the retention. What is deleted, and what is never:
 * <ul>
 *   <li>{@code pending_action}: offers and confirmations long expired, and actions done, failed or cancelled, decided
 *   before the cutoff. Never one still executing (start-up reconciles those), never one whose target irflow still
 *   holds contained, never a state this rule does not name (so a state added later is kept until named).</li>
 *   <li>{@code alert_seen}: the dedupe keys of alerts first seen before the cutoff, which is at least the alert
 *   lookback plus the grouping window, so a source re-delivering within its window is still recognised.</li>
 *   <li>{@code alert_group}: groups whose last event is older than that cutoff and that have no post still queued.</li>
 *   <li>{@code host_identifier}: addresses (weak identifiers) a product last reported for a host before that cutoff
 *   (an address that old may belong to another host by now). Never a host name, MAC or product host id.</li>
 *   <li>{@code outbox} (alert posts) and {@code ticket_outbox}: rows SENT before the cutoff. Never a PENDING or FAILED
 *   row (not delivered: still needed, or evidence), never the root post of a group that is kept.</li>
 *   <li>{@code webex_event}: the intake's Webex events (webhook deliveries and socket events) recorded before the
 *   cutoff and finished (processed or dead-lettered); never one still waiting. A socket catch-up never looks back
 *   more than a day, and the retention is at least one.</li>
 *   <li>{@code incident_seed}: Open incident buttons offered before the cutoff (the button then says it can no longer
 *   be used).</li>
 *   <li>{@code access_refusal} (when an outsider was last answered: it matters for an hour) and {@code access_log}
 *   (refusals, answered at most once an hour per outsider) older than the cutoff. Never {@code room_notice}: a group
 *   room is told once that the bot is not enabled there, for as long as the bot is in it.</li>
 * </ul>
 * Kept for ever: {@code audit_log} (the record of who contained what is the point of an audit trail; it grows with
 * human actions only), {@code alert_ack} ("I'm on it": who took which alert, for the incident reports; human actions
 * too), incidents and their timelines, {@code contained} (current state), {@code alert_source}.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final Duration EVERY = Duration.ofHours(1);

    private final Jdbc jdbc;
    private final IntakeStore intake;
    private final Duration retention;
    private final Duration alertFloor;
    private final Clock clock;

    /** What one run deleted, per table. */
    public record Purged(int pendingActions, int seenAlerts, int alertGroups, int alertPosts, int ticketChanges,
                         int webexEvents, int incidentSeeds, int accessRefusals, int accessLog) {
        int total() {
            return pendingActions + seenAlerts + alertGroups + alertPosts + ticketChanges + webexEvents + incidentSeeds
                    + accessRefusals + accessLog;
        }
    }

    /**
     * @param alertFloor the least time alert dedupe keys and groups are kept whatever the retention: the alerts'
     *                   lookback plus their grouping window
     */
    public Retention(DataSource ds, Duration retention, Duration alertFloor, Clock clock) {
        this.jdbc = new Jdbc(ds);
        this.intake = new IntakeStore(ds, clock);
        this.retention = retention;
        this.alertFloor = alertFloor;
        this.clock = clock;
    }

    /** Runs {@link #purge()} a minute after start-up, then every hour; a failed run is logged and the next one runs. */
    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 60, EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    private void purgeQuietly() {
        try {
            Purged p = purge();
            if (p.total() > 0) {
                LOG.info("retention ({}): purged {}", retention, p);
            }
        } catch (RuntimeException e) {
            LOG.warn("retention purge failed, next try in {}: {}", EVERY, e.getMessage());
        }
    }

    /** Deletes what is older than the retention and no longer needed; returns the counts. */
    public Purged purge() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        Instant alertCutoff = now.minus(retention.compareTo(alertFloor) >= 0 ? retention : alertFloor);
        int actions = jdbc.update("DELETE FROM pending_action WHERE ("
                + "(state IN ('OFFERED', 'PENDING', 'AWAITING_APPROVAL') AND expires_at < ?) "
                + "OR (state IN ('DONE', 'FAILED', 'CANCELLED') AND COALESCE(decided_at, created_at) < ? "
                + "AND expires_at < ?)"
                + ") AND NOT EXISTS (SELECT 1 FROM contained c WHERE c.kind = pending_action.kind "
                + "AND c.target = pending_action.target)", cutoff, cutoff, now);
        int seen = jdbc.update("DELETE FROM alert_seen WHERE seen_at < ?", alertCutoff);
        int groups = jdbc.update("DELETE FROM alert_group WHERE last_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o "
                + "WHERE o.group_key = alert_group.group_key AND o.state <> 'SENT')", alertCutoff);
        jdbc.update("DELETE FROM host_identifier WHERE kind = 'IP' AND seen_at < ?", alertCutoff);
        int posts = jdbc.update("DELETE FROM outbox WHERE state = 'SENT' AND created_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM alert_group g WHERE g.root_outbox_id = outbox.id)", cutoff);
        int tickets = jdbc.update("DELETE FROM ticket_outbox WHERE state = 'SENT' AND sent_at < ?", cutoff);
        int events = intake.purge(retention);
        int seeds = jdbc.update("DELETE FROM incident_seed WHERE created_at < ?", cutoff);
        // An outsider's last refusal only matters for an hour (the refusal interval); the retention is at least a day.
        int refusals = jdbc.update("DELETE FROM access_refusal WHERE refused_at < ?", cutoff);
        int accessLog = jdbc.update("DELETE FROM access_log WHERE at < ?", cutoff);
        return new Purged(actions, seen, groups, posts, tickets, events, seeds, refusals, accessLog);
    }
}

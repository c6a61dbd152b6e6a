package io.irflow.alerts;

import io.irflow.store.Claimant;
import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outbox of Webex posts (table {@code outbox}): alert cards, threaded group updates and cards of their own, sent
 * at a bounded rate by {@link AlertPublisher} and kept across restarts until sent or given up. Instances sharing the
 * database take each post with a lease ({@link #claim}), so every post is sent by one of them; a lease that lapses
 * (its instance died mid-post) is taken over by another.
 */
public final class AlertOutboxStore {
    /** How long a held card waits for its automatic action before it is posted as it stands. */
    public static final Duration HOLD = Duration.ofMinutes(2);

    private final Jdbc jdbc;
    private final Claimant claimant;

    /**
     * One queued Webex post.
     *
     * @param maybePosted an earlier try failed after reaching Webex, so a copy may already be in the room
     */
    public record OutboxRow(long id, String roomId, String groupKey, boolean threadOfGroup, String markdown,
                            String cardJson, int attempts, boolean maybePosted) {
    }

    /**
     * A rendered post for a new alert or a group update.
     *
     * @param held true for the card of an alert irflow is about to act on: it waits (state HELD) until the pipeline
     *             releases it with the action's outcome, or until {@link #HOLD} has passed (then it goes out as
     *             rendered, so a crash between recording and acting never loses the card)
     */
    public record Post(String markdown, String cardJson, boolean held) {
        public Post(String markdown, String cardJson) {
            this(markdown, cardJson, false);
        }
    }

    /**
     * A post that is due and free to claim, as the publisher first sees it.
     *
     * @param orphan a threaded post whose group's first card failed for good (or is gone): there is no thread to reply
     *               in, so it can never be sent
     */
    public record DuePost(long id, String groupKey, boolean orphan) {
    }

    /** A store for one instance alone (tests, tools): its own claimant, the default lease. */
    public AlertOutboxStore(DataSource ds) {
        this(ds, Claimant.thisProcess());
    }

    public AlertOutboxStore(DataSource ds, Claimant claimant) {
        this.jdbc = new Jdbc(ds);
        this.claimant = claimant;
    }

    /**
     * Releases a held card with its final content; false when it was no longer held (its hold ran out and it went
     * out as first rendered), so the caller posts the outcome separately.
     */
    public boolean release(long outboxId, Post post, Instant now) {
        // A held card an instance is posting right now (its hold ran out) is no longer held either.
        return jdbc.update("UPDATE outbox SET markdown = ?, card_json = ?, state = 'PENDING', next_attempt_at = ? "
                + "WHERE id = ? AND state = 'HELD' AND (claimed_until IS NULL OR claimed_until < ?)", post.markdown(),
                post.cardJson(), now, outboxId, now) == 1;
    }

    /** Queues a post of its own (not part of a group's thread), e.g. an approval card for an automatic action. */
    public long enqueue(String roomId, Post post, Instant now) {
        return jdbc.inTransaction(c -> enqueue(c, roomId, null, false, post, now));
    }

    /** Due rows, oldest first: pending ones, and held ones whose hold ran out, claimed or not (what tests check). */
    public List<OutboxRow> due(Instant now, int limit) {
        return jdbc.query("SELECT id, room_id, group_key, thread_of_group, markdown, card_json, attempts, maybe_posted "
                + "FROM outbox WHERE state IN ('PENDING', 'HELD') AND next_attempt_at <= ? ORDER BY id "
                + "FETCH FIRST ? ROWS ONLY", AlertOutboxStore::row, now, limit);
    }

    /**
     * Due posts no instance holds, oldest first, that can go now: a threaded post only once its group's first card
     * has its Webex message id (a post waiting for that takes no place in the batch, so it never blocks the posts
     * behind it), or as an orphan once that card failed for good. A post whose group has an older post held by another
     * instance is left to that instance, so a thread's posts keep their order.
     */
    public List<DuePost> claimable(Instant now, int limit) {
        return jdbc.query("SELECT o.id, o.group_key, o.thread_of_group, g.message_id FROM outbox o "
                + "LEFT JOIN alert_group g ON o.thread_of_group = TRUE AND g.group_key = o.group_key "
                + "LEFT JOIN outbox r ON r.id = g.root_outbox_id "
                + "WHERE o.state IN ('PENDING', 'HELD') AND o.next_attempt_at <= ? "
                + "AND (o.claimed_until IS NULL OR o.claimed_until < ?) "
                + "AND (o.thread_of_group = FALSE OR g.message_id IS NOT NULL OR g.group_key IS NULL OR r.id IS NULL "
                + "OR r.state = 'FAILED') "
                + "AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.group_key = o.group_key AND e.id < o.id "
                + "AND e.state IN ('PENDING', 'HELD') AND e.claimed_until >= ?) "
                + "ORDER BY o.id FETCH FIRST ? ROWS ONLY",
                rs -> new DuePost(rs.getLong(1), rs.getString(2), rs.getBoolean(3) && rs.getString(4) == null),
                now, now, now, limit);
    }

    /**
     * Claims a due post for this instance until the lease runs out, and reads it; empty when it is not due any more or
     * another instance holds it. Taking over a lapsed claim counts the dead holder's try and marks the post as one
     * that may be in the room already: its holder may have posted it before it died.
     */
    public Optional<OutboxRow> claim(long id, Instant now) {
        int taken = jdbc.update("UPDATE outbox SET claimed_by = ?, claimed_until = ?, "
                + "attempts = attempts + CASE WHEN claimed_until IS NULL THEN 0 ELSE 1 END, "
                + "maybe_posted = (maybe_posted OR claimed_until IS NOT NULL) "
                + "WHERE id = ? AND state IN ('PENDING', 'HELD') AND next_attempt_at <= ? "
                + "AND (claimed_until IS NULL OR claimed_until < ?)", claimant.id(), now.plus(claimant.lease()), id,
                now, now);
        if (taken == 0) {
            return Optional.empty();
        }
        return jdbc.query("SELECT id, room_id, group_key, thread_of_group, markdown, card_json, attempts, maybe_posted "
                + "FROM outbox WHERE id = ?", AlertOutboxStore::row, id).stream().findFirst();
    }

    /** Gives up this instance's claim on a post without trying it (it is due again at once). */
    public void letGo(long id) {
        jdbc.update("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?", id,
                claimant.id());
    }

    /**
     * Gives up for good a post no instance holds (state FAILED, kept for the record); false when it was already
     * gone, sent or held.
     */
    public boolean deadLetter(long id, String why, Instant now) {
        return jdbc.update("UPDATE outbox SET state = 'FAILED', last_error = ? WHERE id = ? AND state IN ('PENDING', "
                + "'HELD') AND (claimed_until IS NULL OR claimed_until < ?)", Jdbc.clip(why, 1000), id, now) == 1;
    }

    /** Marks a post sent (a group's first card also records its message id: {@link AlertGroupStore#posted}). */
    public void sent(long id, String messageId) {
        jdbc.update("UPDATE outbox SET state = 'SENT', message_id = ?, claimed_by = NULL, claimed_until = NULL "
                + "WHERE id = ?", messageId, id);
    }

    /**
     * Schedules a retry, or gives up after {@code maxAttempts}. {@code maybePosted} (the try reached Webex and may
     * have posted) sticks: once a copy may exist, every later try is marked as a re-send.
     */
    public void retryLater(long id, int attempts, Instant next, String error, int maxAttempts, boolean maybePosted) {
        // Not when another instance took the post over meanwhile (this one overran its lease): that one owns it now.
        jdbc.update("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ?, "
                + "maybe_posted = (maybe_posted OR ?), claimed_by = NULL, claimed_until = NULL "
                + "WHERE id = ? AND (claimed_by IS NULL OR claimed_by = ?)", attempts, next, Jdbc.clip(error, 1000),
                attempts >= maxAttempts ? "FAILED" : "PENDING", maybePosted, id, claimant.id());
    }

    /** Rows still waiting (for /alerts, {@code GET /metrics} and tests). */
    public long pendingPosts() {
        return jdbc.query("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'", rs -> rs.getLong(1)).get(0);
    }

    private static OutboxRow row(java.sql.ResultSet rs) throws SQLException {
        return new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getBoolean(8));
    }

    /** Queues a post inside the caller's transaction: a group's card or threaded update, or a post of its own. */
    static long enqueue(Connection c, String roomId, String groupKey, boolean thread, Post p, Instant now)
            throws SQLException {
        return Jdbc.insert(c, "INSERT INTO outbox (created_at, room_id, group_key, thread_of_group, markdown, card_json, "
                + "state, attempts, next_attempt_at) VALUES (?,?,?,?,?,?,?,0,?)", now, roomId, groupKey, thread,
                p.markdown(), p.cardJson(), p.held() ? "HELD" : "PENDING", p.held() ? now.plus(HOLD) : now);
    }

    /** Merges a group's newer update into its threaded post still waiting, if there is one; false when there is none. */
    static boolean mergeUpdate(Connection c, String groupKey, String markdown) throws SQLException {
        return Jdbc.update(c, "UPDATE outbox SET markdown = ? WHERE group_key = ? AND thread_of_group = ? "
                + "AND state = 'PENDING' AND card_json IS NULL", markdown, groupKey, true) > 0;
    }
}

package io.irflow.alerts;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outbox of Webex posts (table {@code outbox}): alert cards, threaded group updates and cards of their own, sent
 * at a bounded rate by {@link AlertPublisher} and kept across restarts until sent or given up.
 */
public final class AlertOutboxStore {
    /** How long a held card waits for its automatic action before it is posted as it stands. */
    public static final Duration HOLD = Duration.ofMinutes(2);

    private final Jdbc jdbc;

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

    public AlertOutboxStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /**
     * Releases a held card with its final content; false when it was no longer held (its hold ran out and it went
     * out as first rendered), so the caller posts the outcome separately.
     */
    public boolean release(long outboxId, Post post, Instant now) {
        return jdbc.update("UPDATE outbox SET markdown = ?, card_json = ?, state = 'PENDING', next_attempt_at = ? "
                + "WHERE id = ? AND state = 'HELD'", post.markdown(), post.cardJson(), now, outboxId) == 1;
    }

    /** Queues a post of its own (not part of a group's thread), e.g. an approval card for an automatic action. */
    public long enqueue(String roomId, Post post, Instant now) {
        return jdbc.inTransaction(c -> enqueue(c, roomId, null, false, post, now));
    }

    /** Due rows, oldest first: pending ones, and held ones whose hold ran out. */
    public List<OutboxRow> due(Instant now, int limit) {
        return jdbc.query("SELECT id, room_id, group_key, thread_of_group, markdown, card_json, attempts, maybe_posted "
                + "FROM outbox WHERE state IN ('PENDING', 'HELD') AND next_attempt_at <= ? ORDER BY id "
                + "FETCH FIRST ? ROWS ONLY",
                rs -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getBoolean(8)), now, limit);
    }

    /** Marks a post sent (a group's first card also records its message id: {@link AlertGroupStore#posted}). */
    public void sent(long id, String messageId) {
        jdbc.update("UPDATE outbox SET state = 'SENT', message_id = ? WHERE id = ?", messageId, id);
    }

    /**
     * Schedules a retry, or gives up after {@code maxAttempts}. {@code maybePosted} (the try reached Webex and may
     * have posted) sticks: once a copy may exist, every later try is marked as a re-send.
     */
    public void retryLater(long id, int attempts, Instant next, String error, int maxAttempts, boolean maybePosted) {
        jdbc.update("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ?, "
                + "maybe_posted = (maybe_posted OR ?) WHERE id = ?", attempts, next, Jdbc.clip(error, 1000),
                attempts >= maxAttempts ? "FAILED" : "PENDING", maybePosted, id);
    }

    /** Rows still waiting (for /alerts, {@code GET /metrics} and tests). */
    public long pendingPosts() {
        return jdbc.query("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'", rs -> rs.getLong(1)).get(0);
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

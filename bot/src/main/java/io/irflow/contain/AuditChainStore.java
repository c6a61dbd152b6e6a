package io.irflow.contain;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log's hash chain in the database: appends that take the next {@code seq} under a lock on the one-row
 * {@code audit_chain} head (so instances sharing one database keep one chain), the head, pages of chained entries,
 * and the backfill that chains entries written before the chain existed (migration V22_1).
 */
public final class AuditChainStore {
    private static final String INSERT = "INSERT INTO audit_log (at, actor, room_id, event, kind, product, target, "
            + "outcome, product_status, tracking_id, ref, seq, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private final Jdbc jdbc;

    public AuditChainStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** The last entry the chain vouches for: its {@code seq} (0 when empty) and hash. */
    public record Head(long seq, String hash) {
    }

    /** One stored entry with its place in the chain. */
    public record Link(long seq, String prevHash, String hash, AuditChain.Fields fields) {
    }

    /**
     * Appends one entry inside the caller's transaction: locks the head row ({@code SELECT ... FOR UPDATE}, held
     * until the caller commits, so concurrent appenders on any instance wait their turn), stores the entry with the
     * next seq and its hashes, and moves the head.
     */
    static Link append(Connection c, AuditChain.Fields f) throws SQLException {
        Head head = lockedHead(c);
        long seq = head.seq() + 1;
        String hash = AuditChain.hash(seq, head.hash(), f);
        Jdbc.update(c, INSERT, utc(f.at()), f.actor(), f.roomId(), f.event(), f.kind(), f.product(), f.target(),
                f.outcome(), f.productStatus(), f.trackingId(), f.ref(), seq, head.hash(), hash);
        Jdbc.update(c, "UPDATE audit_chain SET seq = ?, hash = ? WHERE id = 1", seq, hash);
        return new Link(seq, head.hash(), hash, f);
    }

    /** The head as committed now; empty only when someone deleted it (appends then fail). */
    public java.util.Optional<Head> head() {
        return jdbc.query("SELECT seq, hash FROM audit_chain WHERE id = 1",
                rs -> new Head(rs.getLong("seq"), rs.getString("hash"))).stream().findFirst();
    }

    /**
     * Up to {@code n} chained entries after {@code afterSeq}, in chain order, made at or after {@code since} (null:
     * any time).
     */
    public List<Link> links(long afterSeq, Instant since, int n) {
        String when = since == null ? "" : " AND at >= ?";
        List<Object> params = new ArrayList<>(List.of(afterSeq));
        if (since != null) {
            params.add(utc(since));
        }
        params.add(n);
        return jdbc.query("SELECT * FROM audit_log WHERE seq > ?" + when + " ORDER BY seq FETCH FIRST ? ROWS ONLY",
                rs -> new Link(rs.getLong("seq"), rs.getString("prev_hash"), rs.getString("hash"),
                        AuditChain.Fields.read(rs)), params.toArray());
    }

    /**
     * Chains every entry that has no seq yet, oldest (lowest id) first, after the current head, and moves the head:
     * the backfill of entries written before the chain existed.
     */
    public static void backfill(Connection c) throws SQLException {
        Head head = lockedHead(c);
        long lastId = Long.MIN_VALUE;
        while (true) {
            List<Unchained> page = Jdbc.query(c, "SELECT * FROM audit_log WHERE seq IS NULL AND id > ? ORDER BY id "
                    + "FETCH FIRST 500 ROWS ONLY", rs -> new Unchained(rs.getLong("id"), AuditChain.Fields.read(rs)),
                    lastId);
            if (page.isEmpty()) {
                break;
            }
            List<Object[]> updates = new ArrayList<>();
            for (Unchained row : page) {
                long seq = head.seq() + 1;
                String hash = AuditChain.hash(seq, head.hash(), row.fields());
                updates.add(new Object[]{seq, head.hash(), hash, row.id()});
                head = new Head(seq, hash);
                lastId = row.id();
            }
            Jdbc.batch(c, "UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?", updates);
        }
        Jdbc.update(c, "UPDATE audit_chain SET seq = ?, hash = ? WHERE id = 1", head.seq(), head.hash());
    }

    private record Unchained(long id, AuditChain.Fields fields) {
    }

    private static Head lockedHead(Connection c) throws SQLException {
        List<Head> heads = Jdbc.query(c, "SELECT seq, hash FROM audit_chain WHERE id = 1 FOR UPDATE",
                rs -> new Head(rs.getLong("seq"), rs.getString("hash")));
        if (heads.isEmpty()) {
            throw new SQLException("the audit chain head (table audit_chain, id 1) is missing");
        }
        return heads.get(0);
    }

    /** Bound as an offset time in UTC, so no JVM time zone (or its daylight-saving gap) touches the stored instant. */
    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}

package io.irflow.contain;

import io.irflow.store.Jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The audit log's hash chain: entry {@code seq} stores the hash of entry {@code seq - 1} ({@code prev_hash}, the
 * {@link #GENESIS} for the first) and its own hash, SHA-256 (lower-case hex) over the UTF-8 bytes of its canonical
 * form, so editing or removing any entry breaks every link after it.
 *
 * <p>The canonical form, which an auditor can recompute from an export, is one line per field in this order:
 * {@code irflow-audit-v1}, then {@code seq}, {@code at}, {@code actor}, {@code room_id}, {@code event}, {@code kind},
 * {@code product}, {@code target}, {@code outcome}, {@code product_status}, {@code tracking_id}, {@code ref},
 * {@code prev_hash}, each written {@code name=N:value} (N the value's length in UTF-16 chars) or {@code name=-} when
 * null, lines ending in {@code \n}. {@code at} is ISO-8601 UTC ({@link Instant#toString()}) at microsecond
 * precision, what H2 and PostgreSQL keep.
 */
public final class AuditChain {
    /** The {@code prev_hash} of the first entry, and the head of an empty chain. */
    public static final String GENESIS = "0".repeat(64);
    /** Longest stored outcome (the column's width): an entry is hashed as it is stored. */
    static final int OUTCOME_MAX = 1000;

    private AuditChain() {
    }

    /**
     * The hashed fields of one entry as stored, raw (kind and event as text, so an entry edited to an unknown value
     * is still read, and reported as altered).
     */
    public record Fields(Instant at, String actor, String roomId, String event, String kind, String product,
                         String target, String outcome, Integer productStatus, String trackingId, String ref) {

        /** An entry as it is stored: the time at microsecond precision and the outcome clipped to its column. */
        public static Fields of(AuditStore.Entry e) {
            return new Fields(e.at().truncatedTo(ChronoUnit.MICROS), e.actor(), e.roomId(),
                    e.event() == null ? null : e.event().name(), e.kind() == null ? null : e.kind().name(),
                    e.product(), e.target(), Jdbc.clip(e.outcome(), OUTCOME_MAX), e.productStatus(), e.trackingId(),
                    e.ref());
        }

        /** The fields of the current row of an {@code audit_log} query. */
        public static Fields read(ResultSet rs) throws SQLException {
            OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
            return new Fields(at == null ? null : at.toInstant(), rs.getString("actor"), rs.getString("room_id"),
                    rs.getString("event"), rs.getString("kind"), rs.getString("product"), rs.getString("target"),
                    rs.getString("outcome"), Jdbc.integer(rs, "product_status"), rs.getString("tracking_id"),
                    rs.getString("ref"));
        }
    }

    /** The hash of the entry at {@code seq} whose predecessor's hash is {@code prevHash}. */
    public static String hash(long seq, String prevHash, Fields f) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical(seq, prevHash, f).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The canonical text that is hashed (see the class comment). */
    static String canonical(long seq, String prevHash, Fields f) {
        StringBuilder b = new StringBuilder("irflow-audit-v1\n");
        field(b, "seq", Long.toString(seq));
        field(b, "at", f.at() == null ? null : f.at().toString());
        field(b, "actor", f.actor());
        field(b, "room_id", f.roomId());
        field(b, "event", f.event());
        field(b, "kind", f.kind());
        field(b, "product", f.product());
        field(b, "target", f.target());
        field(b, "outcome", f.outcome());
        field(b, "product_status", f.productStatus() == null ? null : f.productStatus().toString());
        field(b, "tracking_id", f.trackingId());
        field(b, "ref", f.ref());
        field(b, "prev_hash", prevHash);
        return b.toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(name).append('=');
        if (value == null) {
            b.append('-');
        } else {
            b.append(value.length()).append(':').append(value);
        }
        b.append('\n');
    }
}

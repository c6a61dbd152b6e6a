package io.irflow.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDBC helpers every store shares: parameter binding (instants, enums), queries, updates, inserts that return the
 * generated id, JDBC batches, and work inside one transaction. Portable across H2 and PostgreSQL.
 */
public final class Jdbc {
    /** Rows per JDBC batch. */
    private static final int BATCH = 500;

    private final DataSource ds;

    public Jdbc(DataSource ds) {
        this.ds = ds;
    }

    /** A row mapper that may throw SQLException. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public int update(String sql, Object... params) {
        return inTransaction(c -> update(c, sql, params));
    }

    public <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (Connection c = ds.getConnection()) {
            return query(c, sql, row, params);
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage(), e);
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("transaction failed: " + e.getMessage(), e);
        }
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        }
    }

    /** Inserts one row and returns the value the database generated for its {@code id} column. */
    public static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[]{"id"})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Inserts rows in JDBC batches and returns the values the database generated for their {@code id} column, in
     * the rows' order (both drivers return a batch's keys in order).
     */
    public static long[] insertAll(Connection c, String sql, List<Object[]> rows) throws SQLException {
        long[] ids = new long[rows.size()];
        if (rows.isEmpty()) {
            return ids;
        }
        int got = 0;
        try (PreparedStatement ps = c.prepareStatement(sql, new String[]{"id"})) {
            for (int from = 0; from < rows.size(); from += BATCH) {
                for (Object[] row : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                    bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids[got++] = keys.getLong(1);
                    }
                }
            }
        }
        if (got != rows.size()) {
            throw new SQLException("the database returned " + got + " generated ids for " + rows.size() + " rows");
        }
        return ids;
    }

    /** Runs one statement once per row of parameters, sent in JDBC batches (one round trip per batch). */
    public static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /** The placeholders of an IN list of {@code n} values: "?,?,?". */
    public static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /** The text cut to fit a column of {@code max} characters, with an ellipsis when cut. */
    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant at) {
                ps.setTimestamp(i + 1, Timestamp.from(at));
            } else if (p instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    /** A database failure; the caller reports it in the room and the log. */
    /**
     * Whether a failure was a unique key or primary key violation (SQL state 23505 on H2 and PostgreSQL): a
     * concurrent writer inserted the same key first, and the work, tried again, finds its row.
     */
    public static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if ("23505".equals(n.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

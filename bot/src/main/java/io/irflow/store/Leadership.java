package io.irflow.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which instance does the work only one may do (the alert pollers, the Webex event socket) when several share one
 * PostgreSQL: the one holding a session advisory lock, taken with {@code pg_try_advisory_lock} on a connection of its
 * own kept open while it leads. When that instance dies its connection closes and PostgreSQL drops the lock; the
 * others try for it on every {@link #check()} (once per poll interval, 10 s at most), so one of them leads within an
 * interval. The lock is keyed by the schema too, so separate irflow deployments in one PostgreSQL database never
 * contend. On the embedded H2 database only one process can open the file, so that instance always leads
 * ({@link #alone()}).
 *
 * <p>A leader whose lock connection dies learns it on its next check and stops; until then another instance may have
 * taken the lock, so for at most one interval two may poll. That is safe: an alert is recorded once whoever fetched it
 * ({@code alert_seen}), and the outboxes are claimed item by item.
 */
public final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    /** The first half of the advisory lock's key ("irfl"); the second is the schema's hash. */
    private static final int LOCK_KEY = 0x6972666c;

    /** Opens the connection the lock is held on. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private Connection held;
    private volatile boolean leading;

    private Leadership(Connector connector) {
        this.connector = connector;
    }

    /** The only instance there can be (embedded database): it leads from its first check on. */
    public static Leadership alone() {
        return new Leadership(null);
    }

    /** Leadership by PostgreSQL advisory lock, on connections {@code connector} opens; not leading until a check. */
    public static Leadership advisoryLock(Connector connector) {
        return new Leadership(connector);
    }

    /** True while this instance leads (for the pollers' gate and for metrics). */
    public boolean leading() {
        return leading;
    }

    /** True when leadership is decided among instances (PostgreSQL), false for the only instance there can be. */
    public boolean shared() {
        return connector != null;
    }

    /** Adds a listener told {@code true} when this instance starts leading and {@code false} when it stops. */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /** Confirms the lock is still held, or tries to take it; never throws (it runs on a schedule). */
    public synchronized void check() {
        if (connector == null) {
            if (!leading) {
                change(true);
            }
            return;
        }
        if (held != null) {
            if (alive(held)) {
                return;
            }
            LOG.warn("leader lock lost (its database connection closed): this instance stops polling alerts until it "
                    + "leads again");
            quietlyClose(held);
            held = null;
            change(false);
        }
        try {
            Connection c = connector.open();
            if (tryLock(c)) {
                held = c;
                LOG.info("this instance leads: it polls alert sources (and holds the Webex event socket in websocket "
                        + "mode)");
                change(true);
            } else {
                c.close();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not try for the leader lock: {}", e.getMessage());
        }
    }

    /** Stops leading and lets the lock go (closing its connection). */
    @Override
    public synchronized void close() {
        if (held != null) {
            quietlyClose(held);
            held = null;
            change(false);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(current_schema()))")) {
            ps.setInt(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException | RuntimeException e) {
            quietlyClose(c);
            throw e;
        }
    }

    private static boolean alive(Connection c) {
        try {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private void change(boolean now) {
        leading = now;
        for (Consumer<Boolean> l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                LOG.error("leadership listener failed", e);
            }
        }
    }

    private static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing the leader lock connection: {}", e.getMessage());
        }
    }
}

package io.irflow.testing;

import io.irflow.store.Database;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The two databases irflow supports, fresh for each test: an embedded H2 file under a temp folder, and a new schema in
 * the PostgreSQL server on 127.0.0.1:5432 (database {@code test}, trust auth; {@code .ci/run} starts it).
 */
public final class TestDatabases {
    public static final String PG_BASE = System.getProperty("irflow.test.pg",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestDatabases() {
    }

    /** A JDBC URL for a fresh database of the given kind ("h2" or "postgres"). */
    public static String freshUrl(String kind, Path tempDir) {
        if (kind.equals("h2")) {
            return "jdbc:h2:file:" + tempDir.resolve("irflow-" + UUID.randomUUID()).toAbsolutePath();
        }
        String schema = "irflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(PG_BASE); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is needed for the store tests "
                    + "(.ci/run starts it): " + e.getMessage(), e);
        }
        return PG_BASE + "&currentSchema=" + schema;
    }

    /** Opens (and migrates) a database. */
    public static Database open(String url) {
        return Database.open(url);
    }
}

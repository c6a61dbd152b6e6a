package io.irflow.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection pool and schema: an embedded H2 file database under {@code ./data} by default, or PostgreSQL
 * ({@code storage.url}). Flyway migrates the schema at start-up.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens the database at a JDBC URL and migrates it. */
    public static Database open(String jdbcUrl) {
        String url = durable(jdbcUrl);
        prepareDirectory(url);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setMaximumPoolSize(8);
        cfg.setPoolName("irflow-db");
        if (url.startsWith("jdbc:h2:")) {
            cfg.setUsername("sa");
            cfg.setPassword("");
        }
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        LOG.info("database ready: {}", kind(url));
        return new Database(ds);
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * H2 writes committed transactions lazily by default (up to a second later); a containment reported as done
     * must survive {@code kill -9}, so file databases write every commit through.
     */
    static String durable(String url) {
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase().contains("WRITE_DELAY")) {
            return url + ";WRITE_DELAY=0";
        }
        return url;
    }

    private static void prepareDirectory(String url) {
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length()).split(";")[0];
            Path parent = Path.of(path).toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create database directory " + parent, e);
            }
        }
    }

    private static String kind(String url) {
        return url.startsWith("jdbc:h2:") ? "embedded H2 (" + url.split(";")[0] + ")" : url.split(":")[1];
    }

    /** True for the embedded H2 database, which only one process can open. */
    public boolean embedded() {
        return pool.getJdbcUrl().startsWith("jdbc:h2:");
    }

    /**
     * Who leads among the instances sharing this database: a PostgreSQL advisory lock held on a connection of its own
     * (outside the pool, so the pool never recycles it), or, on the embedded database, this instance alone.
     */
    public Leadership leadership() {
        if (embedded()) {
            return Leadership.alone();
        }
        return Leadership.advisoryLock(() -> java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(),
                pool.getPassword()));
    }

    /** True when the database answers. */
    public boolean reachable() {
        try (var c = pool.getConnection(); var s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

package io.irflow.hosts;

import io.irflow.store.Database;
import io.irflow.testing.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V17 on both databases: what the alert threads' own table (alert_host_alias) knew moves into the one host store,
 * and an identifier the host store already had stays where it was.
 */
class HostStoreMigrationTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void the_alert_aliases_become_hosts_and_identifiers_and_their_table_goes(String kind) throws SQLException {
        String url = TestDatabases.freshUrl(kind, dir);
        String user = kind.equals("h2") ? "sa" : null;
        Flyway.configure().dataSource(url, user, user == null ? null : "").locations("classpath:db/migration")
                .target("16").load().migrate();
        try (Connection c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
             Statement s = c.createStatement()) {
            // Containment already knew SRV-1 by its MAC, and 10.0.0.9 as another host's address.
            s.execute("INSERT INTO host (first_seen, last_seen) VALUES (TIMESTAMP '2026-11-01 10:00:00', "
                    + "TIMESTAMP '2026-11-01 10:00:00')");
            s.execute("INSERT INTO host_identifier (identifier, kind, host_id, seen_at) SELECT 'srv-1', 'HOSTNAME', id, "
                    + "first_seen FROM host");
            s.execute("INSERT INTO host_identifier (identifier, kind, host_id, seen_at) SELECT '10.0.0.9', 'IP', id, "
                    + "first_seen FROM host");
            for (String[] row : new String[][]{{"ip:10.10.20.42", "WKS-FIN-042"}, {"mac:00:50:56:9a:42:42", "WKS-FIN-042"},
                    {"guid:4242c5f2-8992-4ae7-80c0-c10a3f3973b7", "WKS-FIN-042"}, {"ip:10.0.0.8", "SRV-1"},
                    {"ip:10.0.0.9", "WKS-FIN-042"}}) {
                s.execute("INSERT INTO alert_host_alias (alias, host_key, host_name, updated_at) VALUES ('" + row[0]
                        + "', '" + row[1].toLowerCase() + "', '" + row[1] + "', TIMESTAMP '2026-11-20 10:00:00')");
            }
        }

        Database db = TestDatabases.open(url);
        try {
            HostStore hosts = new HostStore(db.dataSource(), Clock.systemUTC());
            KnownHost fin = hosts.find("10.10.20.42").orElseThrow();
            assertThat(fin.hostName()).isEqualTo("WKS-FIN-042");
            assertThat(fin.values(HostIdentifier.Kind.HOSTNAME)).containsExactly("wks-fin-042");
            assertThat(fin.values(HostIdentifier.Kind.MAC)).containsExactly("00:50:56:9a:42:42");
            assertThat(fin.values(HostIdentifier.Kind.AMP_CONNECTOR)).containsExactly("4242c5f2-8992-4ae7-80c0-c10a3f3973b7");
            KnownHost srv = hosts.find("srv-1").orElseThrow();
            assertThat(hosts.find("10.0.0.8")).map(KnownHost::id).contains(srv.id());
            assertThat(hosts.find("10.0.0.9")).as("what the host store had stands").map(KnownHost::id).contains(srv.id());
            assertThat(fin.id()).isNotEqualTo(srv.id());
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(c.getMetaData().getTables(null, c.getSchema(), "%", null)).satisfies(rs -> {
                    while (rs.next()) {
                        assertThat(rs.getString("TABLE_NAME")).isNotEqualToIgnoringCase("alert_host_alias");
                    }
                });
            }
        } finally {
            db.close();
        }
    }
}

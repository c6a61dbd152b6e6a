package io.irflow.store;

import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One leader among the instances sharing a PostgreSQL schema, by advisory lock: when the leader's lock connection
 * dies (the process was killed) another takes over on its next check, and the old one, if it lives on, stands down.
 * Another schema (another deployment) elects its own leader. The embedded database's only instance leads.
 */
class LeadershipTest {
    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final List<Leadership> leaderships = new ArrayList<>();

    @AfterEach
    void close() {
        leaderships.forEach(Leadership::close);
        open.forEach(Database::close);
    }

    @Test
    void one_of_three_leads_and_another_takes_over_when_its_lock_connection_dies() throws Exception {
        String url = TestDatabases.freshUrl("postgres", dir);
        List<String> events = new CopyOnWriteArrayList<>();
        List<Leadership> three = List.of(leadership(url, "a", events), leadership(url, "b", events),
                leadership(url, "c", events));

        three.forEach(Leadership::check);
        three.forEach(Leadership::check);

        assertThat(three).filteredOn(Leadership::leading).hasSize(1);
        Leadership leader = three.get(0);
        assertThat(leader.leading()).isTrue();
        assertThat(events).containsExactly("a leads");

        terminateLeaderBackend(url);
        List<Leadership> others = three.subList(1, 3);
        others.forEach(Leadership::check);

        assertThat(others).filteredOn(Leadership::leading).hasSize(1);
        assertThat(events).containsExactly("a leads", "b leads");

        // The old leader was not killed after all (only its connection was): it learns it lost the lock and stands
        // down.
        leader.check();
        assertThat(leader.leading()).isFalse();
        assertThat(three).filteredOn(Leadership::leading).hasSize(1);
        assertThat(events).containsExactly("a leads", "b leads", "a stops");
    }

    @Test
    void each_schema_elects_its_own_leader_and_a_closed_leader_lets_the_lock_go() {
        String first = TestDatabases.freshUrl("postgres", dir);
        String second = TestDatabases.freshUrl("postgres", dir);
        List<String> events = new CopyOnWriteArrayList<>();
        Leadership a = leadership(first, "a", events);
        Leadership b = leadership(second, "b", events);
        Leadership c = leadership(first, "c", events);

        List.of(a, b, c).forEach(Leadership::check);

        assertThat(a.leading()).isTrue();
        assertThat(b.leading()).isTrue();
        assertThat(c.leading()).isFalse();

        a.close();
        c.check();
        assertThat(a.leading()).isFalse();
        assertThat(c.leading()).isTrue();
    }

    @Test
    void the_embedded_database_s_only_instance_leads_from_its_first_check() {
        Database db = Database.open(TestDatabases.freshUrl("h2", dir));
        open.add(db);
        Leadership alone = db.leadership();
        leaderships.add(alone);
        List<Boolean> told = new CopyOnWriteArrayList<>();
        alone.onChange(told::add);

        assertThat(alone.shared()).isFalse();
        assertThat(alone.leading()).isFalse();
        alone.check();
        alone.check();

        assertThat(alone.leading()).isTrue();
        assertThat(told).containsExactly(true);
    }

    private Leadership leadership(String url, String name, List<String> events) {
        Database db = Database.open(url);
        open.add(db);
        Leadership l = db.leadership();
        leaderships.add(l);
        assertThat(l.shared()).isTrue();
        l.onChange(leads -> events.add(name + (leads ? " leads" : " stops")));
        return l;
    }

    /** What a kill -9 of the leader does to its lock: PostgreSQL ends the session holding it. */
    private static void terminateLeaderBackend(String url) throws Exception {
        try (var c = DriverManager.getConnection(url); var s = c.createStatement();
             var rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                     + "AND objid = hashtext(current_schema())::oid AND granted")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.next()).isFalse();
        }
    }
}

package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What irflow holds contained: one row per action and target, so a second containment of the same target is refused. */
class ContainedTargetStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String MAC = "00:50:56:a1:b2:42";

    @TempDir
    Path dir;
    private FreshDatabases databases;

    @BeforeEach
    void open() {
        databases = new FreshDatabases(dir);
    }

    @AfterEach
    void close() {
        databases.close();
    }

    private static ContainedTargetStore.Row row(ContainmentKind kind, String target, Instant since, String by) {
        return new ContainedTargetStore.Row(kind, target, "WKS-FIN-042", "ISE", since, by, "room");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_target_is_held_once_per_action_listed_oldest_first_and_forgotten_on_undo(String kind) {
        ContainedTargetStore store = new ContainedTargetStore(databases.open(kind));

        assertThat(store.add(row(ContainmentKind.QUARANTINE, MAC, T0.plusSeconds(5), "alice"))).isTrue();
        assertThat(store.add(row(ContainmentKind.QUARANTINE, MAC, T0.plusSeconds(9), "bob"))).isFalse();
        assertThat(store.add(row(ContainmentKind.ISOLATE, "guid-1", T0, "bob"))).isTrue();

        assertThat(store.find(ContainmentKind.QUARANTINE, MAC)).contains(row(ContainmentKind.QUARANTINE, MAC,
                T0.plusSeconds(5), "alice"));
        assertThat(store.all()).extracting(ContainedTargetStore.Row::target).containsExactly("guid-1", MAC);

        assertThat(store.remove(ContainmentKind.QUARANTINE, MAC)).isTrue();
        assertThat(store.remove(ContainmentKind.QUARANTINE, MAC)).isFalse();
        assertThat(store.find(ContainmentKind.QUARANTINE, MAC)).isEmpty();
        assertThat(store.add(row(ContainmentKind.QUARANTINE, MAC, T0.plusSeconds(20), "carol"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void of_many_containments_of_one_target_at_once_exactly_one_is_recorded(String kind) throws Exception {
        ContainedTargetStore store = new ContainedTargetStore(databases.open(kind));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String by = "responder-" + i;
            runs.add(pool.submit(() -> {
                go.await();
                return store.add(row(ContainmentKind.QUARANTINE, MAC, T0, by));
            }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> r : runs) {
            won += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(won).isEqualTo(1);
        assertThat(store.all()).hasSize(1);
    }
}

package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.Racing;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What irflow holds contained: one row per action and target, so a second containment of the same target is refused. */
class ContainedTargetStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String MAC = "00:50:56:a1:b2:42";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

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
        AtomicInteger responder = new AtomicInteger();

        List<Boolean> added = Racing.run(8, () -> store.add(row(ContainmentKind.QUARANTINE, MAC, T0,
                "responder-" + responder.incrementAndGet())));

        assertThat(added).containsOnlyOnce(true);
        assertThat(store.all()).hasSize(1);
    }
}

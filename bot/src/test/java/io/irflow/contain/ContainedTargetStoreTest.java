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

    // --- expiry

    private static ContainedTargetStore.Row expiring(String target, Instant until) {
        return new ContainedTargetStore.Row(ContainmentKind.BLOCK_DOMAIN, target, target, "Umbrella", T0, "alice",
                "room", until);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_expiry_is_stored_found_due_and_moved_only_from_the_value_read(String kind) {
        ContainedTargetStore store = new ContainedTargetStore(databases.open(kind));
        Instant until = T0.plusSeconds(4 * 3600);
        store.add(expiring("a.example", until));
        store.add(expiring("b.example", until.plusSeconds(3600)));
        store.add(row(ContainmentKind.QUARANTINE, MAC, T0, "bob"));

        assertThat(store.find(ContainmentKind.BLOCK_DOMAIN, "a.example").orElseThrow().expiresAt()).isEqualTo(until);
        assertThat(store.find(ContainmentKind.QUARANTINE, MAC).orElseThrow().expiresAt()).isNull();
        assertThat(store.expiredAt(until.minusSeconds(1))).isEmpty();
        assertThat(store.expiredAt(until)).extracting(ContainedTargetStore.Row::target).containsExactly("a.example");
        assertThat(store.unremindedBefore(until.plusSeconds(3600))).extracting(ContainedTargetStore.Row::target)
                .containsExactly("a.example", "b.example");

        ContainedTargetStore.Row a = store.find(ContainmentKind.BLOCK_DOMAIN, "a.example").orElseThrow();
        assertThat(store.claimReminder(a, "ref-1", until.minusSeconds(900))).isTrue();
        assertThat(store.claimReminder(a, "ref-2", until.minusSeconds(890))).isFalse();
        assertThat(store.byExpiryRef("ref-1")).contains(a);
        assertThat(store.byExpiryRef("ref-2")).isEmpty();
        assertThat(store.unremindedBefore(until)).isEmpty();
        store.releaseReminder(a, "ref-1");
        assertThat(store.unremindedBefore(until)).hasSize(1);
        assertThat(store.claimReminder(a, "ref-3", until.minusSeconds(880))).isTrue();

        Instant later = until.plusSeconds(4 * 3600);
        assertThat(store.expire(a, later)).isTrue();
        assertThat(store.expire(a, later.plusSeconds(60))).as("the value read has changed").isFalse();
        assertThat(store.byExpiryRef("ref-3")).as("the old reminder's buttons stop working").isEmpty();
        assertThat(store.unremindedBefore(later)).extracting(ContainedTargetStore.Row::target)
                .contains("a.example");
        ContainedTargetStore.Row moved = store.find(ContainmentKind.BLOCK_DOMAIN, "a.example").orElseThrow();
        assertThat(moved.expiresAt()).isEqualTo(later);
        assertThat(store.expire(moved, null)).isTrue();
        assertThat(store.find(ContainmentKind.BLOCK_DOMAIN, "a.example").orElseThrow().expiresAt()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void of_many_passes_claiming_one_expired_row_at_once_exactly_one_wins_and_it_comes_due_again_later(String kind)
            throws Exception {
        ContainedTargetStore store = new ContainedTargetStore(databases.open(kind));
        Instant until = T0.plusSeconds(3600);
        store.add(expiring("a.example", until));
        ContainedTargetStore.Row read = store.expiredAt(until).get(0);
        Instant retry = until.plusSeconds(900);

        List<Boolean> claimed = Racing.run(8, () -> store.claimExpired(read, until, retry));

        assertThat(claimed).containsOnlyOnce(true);
        assertThat(store.expiredAt(until)).isEmpty();
        assertThat(store.expiredAt(retry)).hasSize(1);
        assertThat(store.claimExpired(read, until.minusSeconds(1), retry))
                .as("not due yet at the time given").isFalse();

        assertThat(store.unremindedBefore(retry)).as("the retry is not reminded: the undo tells the room").isEmpty();

        store.add(expiring("b.example", until));
        ContainedTargetStore.Row reminder = store.find(ContainmentKind.BLOCK_DOMAIN, "b.example").orElseThrow();
        List<Boolean> reminded = Racing.run(8, () -> store.claimReminder(reminder, "r" + Math.random(), until));
        assertThat(reminded).containsOnlyOnce(true);
    }
}

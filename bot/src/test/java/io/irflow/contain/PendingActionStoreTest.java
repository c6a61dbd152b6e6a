package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.Racing;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import static io.irflow.contain.PendingAction.State.AWAITING_APPROVAL;
import static io.irflow.contain.PendingAction.State.DONE;
import static io.irflow.contain.PendingAction.State.EXECUTING;
import static io.irflow.contain.PendingAction.State.OFFERED;
import static io.irflow.contain.PendingAction.State.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

/** Offered actions: every state change is compare-and-set, so of many presses at once exactly one wins. */
class PendingActionStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static PendingAction action(String ref, PendingAction.State state) {
        return new PendingAction(ref, ContainmentKind.QUARANTINE, false, "ISE", "00:50:56:a1:b2:42",
                "WKS-FIN-042 (00:50:56:a1:b2:42)", "room", "irflow", T0, T0.plus(Duration.ofMinutes(10)), state, null);
    }

    /** Runs the same call on eight threads at once and counts the calls that returned true. */
    private static long winners(Callable<Boolean> call) throws Exception {
        return Racing.run(8, call).stream().filter(won -> won).count();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_offer_round_trips_and_of_many_presses_at_once_exactly_one_claims_it(String kind) throws Exception {
        PendingActionStore store = new PendingActionStore(databases.open(kind));
        store.insert(action("r1", OFFERED));
        assertThat(store.find("r1")).contains(action("r1", OFFERED));
        assertThat(store.find("nope")).isEmpty();

        assertThat(winners(() -> store.claimOffer("r1", "bob@example.com", T0.plusSeconds(5)))).isEqualTo(1);

        assertThat(store.find("r1")).hasValueSatisfying(a -> {
            assertThat(a.state()).isEqualTo(PENDING);
            assertThat(a.requestedBy()).isEqualTo("bob@example.com");
        });
        assertThat(store.claimOffer("r1", "eve@example.com", T0.plusSeconds(6))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void of_many_confirmations_at_once_exactly_one_moves_the_action_and_an_expired_one_never_moves(String kind)
            throws Exception {
        PendingActionStore store = new PendingActionStore(databases.open(kind));
        store.insert(action("r1", PENDING));
        store.insert(action("r2", PENDING));

        assertThat(winners(() -> store.transition("r1", PENDING, EXECUTING, "alice@example.com", T0.plusSeconds(5))))
                .isEqualTo(1);
        assertThat(store.find("r1")).hasValueSatisfying(a -> assertThat(a.confirmedBy()).isEqualTo("alice@example.com"));
        // A later step without a name keeps the one recorded.
        store.insert(action("r3", AWAITING_APPROVAL));
        assertThat(store.transition("r3", AWAITING_APPROVAL, EXECUTING, null, T0)).isTrue();
        assertThat(store.find("r3").orElseThrow().confirmedBy()).isNull();

        assertThat(store.transition("r2", PENDING, EXECUTING, "alice@example.com", T0.plus(Duration.ofMinutes(10))))
                .isFalse();
        assertThat(store.claimOffer("r2", "bob@example.com", T0.plus(Duration.ofMinutes(11)))).isFalse();
        assertThat(store.find("r2").orElseThrow().state()).isEqualTo(PENDING);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_action_left_executing_is_taken_by_exactly_one_reconciler_and_kept_by_the_purge(String kind) throws Exception {
        PendingActionStore store = new PendingActionStore(databases.open(kind));
        store.insert(action("stuck", PENDING));
        store.transition("stuck", PENDING, EXECUTING, "alice@example.com", T0.plusSeconds(1));
        store.insert(action("fresh", EXECUTING));
        store.insert(action("old-offer", OFFERED));
        Instant later = T0.plus(Duration.ofHours(2));

        assertThat(store.executingSince(T0.plusSeconds(1))).extracting(e -> e.action().ref()).containsExactly("fresh");
        assertThat(store.executingSince(later)).extracting(e -> e.action().ref()).containsExactly("fresh", "stuck");
        assertThat(store.executingSince(later).get(1).since()).isEqualTo(T0.plusSeconds(1));

        assertThat(winners(() -> store.claimExecuting("stuck", later.minusSeconds(60), later))).isEqualTo(1);
        assertThat(store.executingSince(later.minusSeconds(60))).extracting(e -> e.action().ref()).containsExactly("fresh");

        assertThat(store.purgeExpiredBefore(later)).isEqualTo(1);
        assertThat(store.find("old-offer")).isEmpty();
        assertThat(store.inState(EXECUTING)).extracting(PendingAction::ref).containsExactlyInAnyOrder("stuck", "fresh");

        store.finish("stuck", DONE, later);
        assertThat(store.inState(DONE)).extracting(PendingAction::ref).containsExactly("stuck");
        assertThat(store.claimExecuting("stuck", later.plusSeconds(3600), later.plusSeconds(3600))).isFalse();
    }
}

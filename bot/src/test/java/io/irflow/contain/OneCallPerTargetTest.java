package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.store.Database;
import io.irflow.testing.FakeContainment;
import io.irflow.testing.MutableClock;
import io.irflow.testing.Racing;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At most one product call per containment change of one target, across instances: two irflow instances on one
 * database (each its own connection pool and service, as two processes would have) confirm two actions of the same
 * target at the same moment, and the product is called once; the other is answered with what the first did. A claim
 * left by an instance that died before its product call is settled by the reconciler, so the target is not stuck.
 */
class OneCallPerTargetTest {
    static final String MAC = "00:50:56:a1:b2:42";
    static final Actor ALICE = new Actor("p-alice", "alice@acme.example", "room-1");
    static final Actor BOB = new Actor("p-bob", "bob@acme.example", "room-1");

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final FakeContainment ise = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    /** One irflow instance on the database at {@code url}. */
    private ContainmentService instance(String url) {
        Database db = TestDatabases.open(url);
        open.add(db);
        return new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise), new PendingActionStore(db.dataSource()),
                new ContainedTargetStore(db.dataSource()), new AuditStore(db.dataSource()),
                new Responders(List.of(ALICE.email(), BOB.email())), false, Duration.ofHours(24), clock);
    }

    /** Each instance confirms its own action at the same instant; the outcomes in instance order. */
    private static List<Outcome> confirmAtOnce(List<ContainmentService> instances, List<PendingAction> actions,
                                               List<Actor> actors) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Outcome[] out = new Outcome[instances.size()];
        Racing.run(instances.size(), () -> {
            int i = next.getAndIncrement();
            out[i] = instances.get(i).confirm(actions.get(i).ref(), actors.get(i));
            return out[i];
        });
        return List.of(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void two_undos_of_one_target_confirmed_at_once_on_two_instances_call_the_product_once(String kind)
            throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        ContainmentService one = instance(url);
        ContainmentService two = instance(url);
        Outcome applied = one.confirm(one.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE)
                .action().ref(), ALICE);
        assertThat(applied.type()).isEqualTo(Outcome.Type.EXECUTED);
        PendingAction undoOne = one.request(ContainmentKind.QUARANTINE, true, MAC, "WKS-FIN-042", ALICE).action();
        PendingAction undoTwo = two.request(ContainmentKind.QUARANTINE, true, MAC, "WKS-FIN-042", BOB).action();
        ise.slowDown(300); // both confirmations are inside execute() while the first undo is at the product

        List<Outcome> outcomes = confirmAtOnce(List.of(one, two), List.of(undoOne, undoTwo), List.of(ALICE, BOB));

        assertThat(ise.calls()).as("one product undo").containsExactly("apply:" + MAC, "undo:" + MAC);
        assertThat(outcomes).extracting(Outcome::type).containsExactlyInAnyOrder(Outcome.Type.EXECUTED,
                Outcome.Type.INVALID_REFERENCE);
        Outcome won = outcomes.stream().filter(o -> o.type() == Outcome.Type.EXECUTED).findFirst().orElseThrow();
        Outcome lost = outcomes.stream().filter(o -> o.type() != Outcome.Type.EXECUTED).findFirst().orElseThrow();
        String winner = won.action().ref().equals(undoOne.ref()) ? ALICE.email() : BOB.email();
        assertThat(lost.message()).contains("already undone");
        assertThat(lost.used().use()).isEqualTo(UsedButton.Use.OVERTAKEN);
        assertThat(lost.used().by()).as("answered with who undid it").isEqualTo(winner);
        assertThat(one.contained()).isEmpty();
        assertThat(one.audit(20)).extracting(AuditStore.Entry::event)
                .containsOnlyOnce(AuditStore.Event.UNDONE).contains(AuditStore.Event.REFUSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void two_applies_of_one_target_confirmed_at_once_on_two_instances_call_the_product_once(String kind)
            throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        ContainmentService one = instance(url);
        ContainmentService two = instance(url);
        PendingAction byAlice = one.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE).action();
        PendingAction byBob = two.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", BOB).action();
        ise.slowDown(300);

        List<Outcome> outcomes = confirmAtOnce(List.of(one, two), List.of(byAlice, byBob), List.of(ALICE, BOB));

        assertThat(ise.calls()).as("one product apply").containsExactly("apply:" + MAC);
        assertThat(outcomes).extracting(Outcome::type).containsExactlyInAnyOrder(Outcome.Type.EXECUTED,
                Outcome.Type.ALREADY);
        Outcome won = outcomes.stream().filter(o -> o.type() == Outcome.Type.EXECUTED).findFirst().orElseThrow();
        Outcome lost = outcomes.stream().filter(o -> o.type() == Outcome.Type.ALREADY).findFirst().orElseThrow();
        String winner = won.action().ref().equals(byAlice.ref()) ? ALICE.email() : BOB.email();
        assertThat(lost.message()).as("answered with who did it").contains("irflow already did this", winner);
        assertThat(two.contained()).singleElement().satisfies(r -> assertThat(r.containedBy()).isEqualTo(winner));
        assertThat(two.audit(20)).extracting(AuditStore.Entry::event).containsOnlyOnce(AuditStore.Event.EXECUTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_claim_left_by_an_instance_that_died_before_its_product_call_is_reconciled(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        ContainmentService two = instance(url);
        two.claimWait(Duration.ofMillis(300));
        // What the dead instance left: its action EXECUTING and the target claimed, the product never called.
        Database dead = TestDatabases.open(url);
        open.add(dead);
        PendingActionStore deadStore = new PendingActionStore(dead.dataSource());
        PendingAction died = instance(url).request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE)
                .action();
        assertThat(deadStore.transition(died.ref(), PendingAction.State.PENDING, PendingAction.State.EXECUTING,
                ALICE.email(), clock.instant())).isTrue();
        assertThat(deadStore.claimTarget(died, clock.instant())).isTrue();

        PendingAction meanwhile = two.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", BOB).action();
        Outcome refused = two.confirm(meanwhile.ref(), BOB);
        assertThat(refused.type()).isEqualTo(Outcome.Type.INVALID_REFERENCE);
        assertThat(refused.message()).contains("has not finished yet", ALICE.email(), "Nothing was done");
        assertThat(ise.calls()).as("no call while the dead instance's action is unsettled").isEmpty();

        clock.advance(Duration.ofMinutes(6));
        assertThat(two.reconcile(Duration.ofMinutes(5))).isEqualTo(new Reconciler.Result(0, 1, 0));
        assertThat(deadStore.targetHolder(ContainmentKind.QUARANTINE, MAC)).as("the claim is released").isEmpty();

        PendingAction again = two.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", BOB).action();
        assertThat(two.confirm(again.ref(), BOB).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_call_whose_answer_was_lost_keeps_the_target_until_reconciled(String kind) {
        ContainmentService s = instance(TestDatabases.freshUrl(kind, dir));
        s.claimWait(Duration.ofMillis(300));
        ise.failWith(new AdapterException("ISE", AdapterException.Kind.TIMEOUT, "ISE did not answer in 8 s"));
        assertThat(s.confirm(s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE).action().ref(),
                ALICE).type()).isEqualTo(Outcome.Type.FAILED);
        ise.failWith(null);

        Outcome second = s.confirm(s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", BOB).action()
                .ref(), BOB);
        assertThat(second.type()).as("the first call may have acted: not asked again").isEqualTo(
                Outcome.Type.INVALID_REFERENCE);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);

        clock.advance(Duration.ofMinutes(6));
        assertThat(s.reconcile(Duration.ofMinutes(5))).isEqualTo(new Reconciler.Result(0, 1, 0));
        Outcome third = s.confirm(s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", BOB).action()
                .ref(), BOB);
        assertThat(third.type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC, "apply:" + MAC);
    }
}

package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.store.Database;
import io.irflow.testing.MutableClock;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A containment that was applied is never lost: the intent is stored before the product is called, and actions a
 * crash left EXECUTING are settled by asking the product, on the embedded database and on PostgreSQL. A crash is
 * simulated by a product that acts and then throws an {@link Error} (nothing after the call runs), after which the
 * database is closed and a new service opens it, as a restarted process would.
 */
class ReconcilerTest {
    static final String MAC = "00:50:56:a1:b2:42";
    static final String ROOM = "room-1";
    static final Actor ALICE = new Actor("p-alice", "alice@acme.example", ROOM);
    static final Duration AGE = Duration.ofMinutes(5);

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    /** What the product holds; it outlives every "process" of a test, as the real product does. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    // --- the intent comes first

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void the_intent_is_stored_before_the_product_is_called_for_a_confirm_an_automatic_action_and_an_undo(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Database db = db(url);
        Product ise = new Product(held);
        List<PendingAction> seen = new CopyOnWriteArrayList<>();
        ise.during = target -> seen.addAll(new PendingActionStore(db.dataSource()).inState(PendingAction.State.EXECUTING));
        ContainmentService s = service(db, ise);

        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
        Outcome done = s.confirm(asked.action().ref(), ALICE);
        s.executeNow(ContainmentKind.QUARANTINE, "00:50:56:a1:b2:43", "WKS-FIN-043",
                new Actor("irflow-auto", "irflow-auto", ROOM));
        Outcome undo = s.press(done.undo().ref(), ALICE);
        s.confirm(undo.action().ref(), ALICE);

        assertThat(ise.calls).containsExactly("apply:" + MAC, "apply:00:50:56:a1:b2:43", "undo:" + MAC);
        assertThat(seen).as("one EXECUTING row, seen from the database while the product was being called")
                .hasSize(3);
        assertThat(seen.get(0)).satisfies(a -> {
            assertThat(a.ref()).isEqualTo(asked.action().ref());
            assertThat(a.kind()).isEqualTo(ContainmentKind.QUARANTINE);
            assertThat(a.undo()).isFalse();
            assertThat(a.target()).isEqualTo(MAC);
            assertThat(a.product()).isEqualTo("ISE");
            assertThat(a.confirmedBy()).isEqualTo(ALICE.email());
            assertThat(a.roomId()).isEqualTo(ROOM);
        });
        assertThat(seen.get(1).requestedBy()).isEqualTo("irflow-auto");
        assertThat(seen.get(1).target()).isEqualTo("00:50:56:a1:b2:43");
        assertThat(seen.get(2).undo()).isTrue();
        assertThat(seen.get(2).ref()).isEqualTo(done.undo().ref());
        assertThat(new PendingActionStore(db.dataSource()).inState(PendingAction.State.EXECUTING))
                .as("every action settled once its result was recorded").isEmpty();
    }

    // --- crash, then restart

    /**
     * Asks for a quarantine and confirms it on a product whose process "dies" during the call, after acting or
     * before; returns the action's reference.
     */
    private String confirmUntilTheCrash(String url, boolean productActs) {
        Product dying = new Product(held);
        dying.dieAfterCall = productActs;
        dying.dieBeforeActing = !productActs;
        ContainmentService before = service(db(url), dying);
        Outcome asked = before.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
        assertThatThrownBy(() -> before.confirm(asked.action().ref(), ALICE)).isInstanceOf(ProcessDied.class);
        return asked.action().ref();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_quarantine_applied_just_before_a_crash_is_recorded_at_restart_and_its_undo_works(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        String ref = confirmUntilTheCrash(url, true);
        assertThat(held).as("the product acted").containsExactly(MAC);
        restart();

        Product ise = new Product(held);
        ContainmentService after = service(db(url), ise);
        assertThat(after.contained()).as("the crash came before the ledger write").isEmpty();
        clock.advance(AGE.plusSeconds(1));

        assertThat(after.reconcile(AGE)).isEqualTo(new Reconciler.Result(1, 0, 0));

        assertThat(after.contained()).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo(MAC);
            assertThat(r.targetLabel()).isEqualTo("WKS-FIN-042");
            assertThat(r.product()).isEqualTo("ISE");
            assertThat(r.containedBy()).isEqualTo(ALICE.email());
            assertThat(r.roomId()).isEqualTo(ROOM);
            assertThat(r.since()).as("since the intent, not the reconcile")
                    .isEqualTo(clock.instant().minus(AGE.plusSeconds(1)));
        });
        AuditStore.Entry reconciled = after.audit(1).get(0);
        assertThat(reconciled.event()).isEqualTo(AuditStore.Event.EXECUTED);
        assertThat(reconciled.ref()).isEqualTo(ref);
        assertThat(reconciled.actor()).isEqualTo(ALICE.email());
        assertThat(reconciled.outcome()).startsWith("reconciled: ISE reports it in effect");
        assertThat(ise.calls).as("the reconciler only asks").isEmpty();
        assertThat(ise.asked).containsExactly(MAC);
        assertThat(after.reconcile(Duration.ZERO)).as("settled once").isEqualTo(new Reconciler.Result(0, 0, 0));

        // /contained draws the undo as an offer in the room; pressed and confirmed, it releases the host.
        PendingAction offer = after.offer(ContainmentKind.QUARANTINE, true, MAC, "WKS-FIN-042", ROOM, ALICE.email());
        assertThat(after.press(offer.ref(), ALICE).type()).isEqualTo(Outcome.Type.CONFIRM);
        assertThat(after.confirm(offer.ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls).containsExactly("undo:" + MAC);
        assertThat(held).isEmpty();
        assertThat(after.contained()).isEmpty();
        assertThat(after.audit(1).get(0).event()).isEqualTo(AuditStore.Event.UNDONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_action_the_product_never_applied_is_recorded_as_failed_and_nothing_enters_the_ledger(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        String ref = confirmUntilTheCrash(url, false);
        restart();

        ContainmentService after = service(db(url), new Product(held));
        clock.advance(AGE.plusSeconds(1));

        assertThat(after.reconcile(AGE)).isEqualTo(new Reconciler.Result(0, 1, 0));
        assertThat(after.contained()).isEmpty();
        AuditStore.Entry failed = after.audit(1).get(0);
        assertThat(failed.event()).isEqualTo(AuditStore.Event.FAILED);
        assertThat(failed.ref()).isEqualTo(ref);
        assertThat(failed.outcome()).startsWith("reconciled: ISE reports it not in effect");
        assertThat(new PendingActionStore(open.get(open.size() - 1).dataSource()).find(ref))
                .get().extracting(PendingAction::state).isEqualTo(PendingAction.State.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void when_the_product_cannot_say_the_action_stays_executing_and_is_settled_on_a_later_pass(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        String ref = confirmUntilTheCrash(url, true);
        restart();

        Product ise = new Product(held);
        ise.answer = Product.Answer.CANNOT_SAY;
        ContainmentService after = service(db(url), ise);
        clock.advance(AGE.plusSeconds(1));
        int auditBefore = after.audit(50).size();

        assertThat(after.reconcile(AGE)).isEqualTo(new Reconciler.Result(0, 0, 1));
        ise.answer = Product.Answer.UNREACHABLE;
        clock.advance(AGE.plusSeconds(1));
        assertThat(after.reconcile(AGE)).isEqualTo(new Reconciler.Result(0, 0, 1));

        assertThat(after.contained()).isEmpty();
        assertThat(after.audit(50)).as("nothing settled, nothing audited").hasSize(auditBefore);
        PendingActionStore rows = new PendingActionStore(open.get(open.size() - 1).dataSource());
        assertThat(rows.find(ref)).get().extracting(PendingAction::state)
                .isEqualTo(PendingAction.State.EXECUTING);
        assertThat(after.reconcile(AGE)).as("just asked: not again until it is old again")
                .isEqualTo(new Reconciler.Result(0, 0, 0));

        assertThat(rows.purgeExpiredBefore(clock.instant().plus(Duration.ofDays(400))))
                .as("the retention purge keeps an intent still executing, however old").isZero();
        ise.answer = Product.Answer.KNOWS;
        clock.advance(AGE.plusSeconds(1));
        assertThat(after.reconcile(AGE)).isEqualTo(new Reconciler.Result(1, 0, 0));
        assertThat(after.contained()).extracting(ContainedTargetStore.Row::target).containsExactly(MAC);
        assertThat(ise.calls).isEmpty();
        assertThat(rows.purgeExpiredBefore(clock.instant().plus(Duration.ofDays(400))))
                .as("once settled, it may go").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_unrecorded_undo_is_reconciled_too(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Product ise = new Product(held);
        ContainmentService before = service(db(url), ise);
        Outcome done = before.confirm(before.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE)
                .action().ref(), ALICE);
        Outcome pressed = before.press(done.undo().ref(), ALICE);
        ise.dieAfterCall = true;
        assertThatThrownBy(() -> before.confirm(pressed.action().ref(), ALICE)).isInstanceOf(ProcessDied.class);
        assertThat(held).as("the product released it").isEmpty();
        restart();

        ContainmentService after = service(db(url), new Product(held));
        assertThat(after.contained()).as("the ledger still says contained").hasSize(1);
        clock.advance(AGE.plusSeconds(1));

        assertThat(after.reconcile(AGE)).isEqualTo(new Reconciler.Result(1, 0, 0));
        assertThat(after.contained()).isEmpty();
        assertThat(after.audit(1).get(0).event()).isEqualTo(AuditStore.Event.UNDONE);
        assertThat(after.audit(1).get(0).outcome()).startsWith("reconciled: ISE reports it no longer in effect");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_database_failure_after_the_product_call_leaves_the_action_for_the_reconciler_not_failed(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Database db = db(url);
        Product ise = new Product(held);
        ise.during = target -> db.close(); // the database goes away while the product acts
        ContainmentService before = service(db, ise);
        Outcome asked = before.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);

        Outcome o = before.confirm(asked.action().ref(), ALICE);

        assertThat(o.type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(o.message()).contains("could not record the result", "will ask ISE again");
        ContainmentService after = service(db(url), new Product(held));
        assertThat(new PendingActionStore(open.get(open.size() - 1).dataSource()).find(asked.action().ref())).get()
                .extracting(PendingAction::state).isEqualTo(PendingAction.State.EXECUTING);
        clock.advance(AGE.plusSeconds(1));
        assertThat(after.reconcile(AGE).applied()).isEqualTo(1);
        assertThat(after.contained()).extracting(ContainedTargetStore.Row::target).containsExactly(MAC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_timeout_or_an_unreadable_answer_is_left_to_the_reconciler_and_a_refusal_is_not(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Database db = db(url);
        Product ise = new Product(held);
        ContainmentService s = service(db, ise);
        PendingActionStore rows = new PendingActionStore(db.dataSource());
        List<String> refs = new ArrayList<>();
        List<AdapterException.Kind> kinds = List.of(AdapterException.Kind.TIMEOUT, AdapterException.Kind.MALFORMED,
                AdapterException.Kind.CONFLICT);
        for (int i = 0; i < kinds.size(); i++) {
            String mac = "00:50:56:a1:b2:4" + i;
            ise.failAfterActing = new AdapterException("ISE", kinds.get(i), "ISE: " + kinds.get(i));
            Outcome asked = s.request(ContainmentKind.QUARANTINE, false, mac, "WKS-" + i, ALICE);
            refs.add(asked.action().ref());
            Outcome o = s.confirm(asked.action().ref(), ALICE);
            assertThat(o.type()).isEqualTo(Outcome.Type.FAILED);
            if (i < 2) {
                assertThat(o.message()).isEqualTo("ISE: " + kinds.get(i) + "; it may have taken effect all the same: "
                        + "irflow will ask ISE and record what it finds");
            } else {
                assertThat(o.message()).isEqualTo("ISE: CONFLICT");
            }
        }
        assertThat(refs.stream().map(r -> rows.find(r).orElseThrow().state()))
                .containsExactly(PendingAction.State.EXECUTING, PendingAction.State.EXECUTING, PendingAction.State.FAILED);
        assertThat(s.contained()).isEmpty();

        clock.advance(AGE.plusSeconds(1));
        assertThat(s.reconcile(AGE)).isEqualTo(new Reconciler.Result(2, 0, 0));
        assertThat(s.contained()).extracting(ContainedTargetStore.Row::target)
                .containsExactlyInAnyOrder("00:50:56:a1:b2:40", "00:50:56:a1:b2:41");
        assertThat(ise.asked).as("a refusal is not asked about").doesNotContain("00:50:56:a1:b2:42");
    }

    // --- two instances on one database

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_live_execution_is_not_reconciled_by_another_instance(String kind) throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        Product ise = new Product(held);
        CountDownLatch calling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ise.during = target -> {
            calling.countDown();
            await(release);
        };
        ContainmentService one = service(db(url), ise);
        Product seenByTwo = new Product(held);
        ContainmentService two = service(db(url), seenByTwo);
        Outcome asked = one.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Outcome> confirming = pool.submit(() -> one.confirm(asked.action().ref(), ALICE));
        await(calling);
        clock.advance(Duration.ofMinutes(1)); // a slow product call, still well within the age

        Reconciler.Result meanwhile = two.reconcile(AGE);
        release.countDown();
        Outcome done = confirming.get();
        pool.shutdown();

        assertThat(meanwhile).isEqualTo(new Reconciler.Result(0, 0, 0));
        assertThat(seenByTwo.asked).isEmpty();
        assertThat(done.type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(two.contained()).hasSize(1);
        assertThat(two.audit(10)).noneMatch(e -> e.outcome() != null && e.outcome().startsWith("reconciled"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void two_instances_reconciling_at_once_settle_every_action_once_and_apply_nothing(String kind) throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        Product dying = new Product(held);
        dying.dieAfterCall = true;
        ContainmentService before = service(db(url), dying);
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String mac = String.format("00:50:56:a1:b2:%02x", i);
            Outcome asked = before.request(ContainmentKind.QUARANTINE, false, mac, "WKS-" + i, ALICE);
            refs.add(asked.action().ref());
            if (i % 2 == 1) {
                dying.dieBeforeActing = true; // odd ones: the crash came before the product acted
            }
            assertThatThrownBy(() -> before.confirm(asked.action().ref(), ALICE)).isInstanceOf(ProcessDied.class);
            dying.dieBeforeActing = false;
        }
        restart();
        clock.advance(AGE.plusSeconds(1));
        Product forOne = new Product(held);
        Product forTwo = new Product(held);
        forOne.slowAsk = forTwo.slowAsk = true;
        List<ContainmentService> instances = List.of(service(db(url), forOne), service(db(url), forTwo));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reconciler.Result>> passes = new ArrayList<>();
        for (ContainmentService s : instances) {
            passes.add(pool.submit(() -> {
                go.await();
                return s.reconcile(AGE);
            }));
        }
        go.countDown();
        int applied = 0;
        int notApplied = 0;
        for (Future<Reconciler.Result> f : passes) {
            applied += f.get().applied();
            notApplied += f.get().notApplied();
        }
        pool.shutdown();

        assertThat(applied).isEqualTo(5);
        assertThat(notApplied).isEqualTo(5);
        assertThat(forOne.calls).isEmpty();
        assertThat(forTwo.calls).isEmpty();
        assertThat(forOne.asked.size() + forTwo.asked.size()).as("each action asked about once").isEqualTo(10);
        ContainmentService s = instances.get(0);
        assertThat(s.contained()).hasSize(5);
        for (String ref : refs) {
            assertThat(new AuditStore(open.get(open.size() - 1).dataSource()).forRef(ref))
                    .filteredOn(e -> e.outcome() != null && e.outcome().startsWith("reconciled")).hasSize(1);
        }
    }

    // --- helpers

    private Database db(String url) {
        Database db = TestDatabases.open(url);
        open.add(db);
        return db;
    }

    /** The process ends: its connections go; the database, the product and the clock remain. */
    private void restart() {
        open.forEach(Database::close);
        open.clear();
    }

    private ContainmentService service(Database db, Containment product) {
        return new ContainmentService(Map.of(ContainmentKind.QUARANTINE, product), new PendingActionStore(db.dataSource()),
                new ContainedTargetStore(db.dataSource()), new AuditStore(db.dataSource()),
                new Responders(List.of("alice@acme.example")), false, Duration.ofHours(24), clock);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a process "dying" mid-call looks like to the code under test: nothing after the call runs. */
    static final class ProcessDied extends Error {
        ProcessDied() {
            super("simulated crash");
        }
    }

    /** ISE as far as the containment needs it, with a crash and an answer that can be chosen. */
    static final class Product implements Containment {
        enum Answer { KNOWS, CANNOT_SAY, UNREACHABLE }

        final Set<String> held;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile Consumer<String> during = t -> { };
        volatile boolean dieAfterCall;
        volatile boolean dieBeforeActing;
        volatile AdapterException failAfterActing;
        volatile boolean slowAsk;
        volatile Answer answer = Answer.KNOWS;

        Product(Set<String> held) {
            this.held = held;
        }

        @Override
        public ContainmentKind kind() {
            return ContainmentKind.QUARANTINE;
        }

        @Override
        public String product() {
            return "ISE";
        }

        @Override
        public Optional<Boolean> isContained(String target) throws AdapterException {
            asked.add(target);
            if (slowAsk) {
                pause();
            }
            return switch (answer) {
                case KNOWS -> Optional.of(held.contains(target));
                case CANNOT_SAY -> Optional.empty();
                case UNREACHABLE -> throw new AdapterException("ISE", AdapterException.Kind.UNAVAILABLE, "ISE: 503");
            };
        }

        @Override
        public ContainmentResult apply(String target) throws AdapterException {
            return call("apply", target, () -> held.add(target));
        }

        @Override
        public ContainmentResult undo(String target) throws AdapterException {
            return call("undo", target, () -> held.remove(target));
        }

        private ContainmentResult call(String what, String target, Runnable act) throws AdapterException {
            calls.add(what + ":" + target);
            during.accept(target);
            if (dieBeforeActing) {
                throw new ProcessDied();
            }
            act.run();
            if (dieAfterCall) {
                throw new ProcessDied();
            }
            if (failAfterActing != null) {
                throw failAfterActing;
            }
            return new ContainmentResult(ContainmentResult.Change.DONE, "", 204, null, null);
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

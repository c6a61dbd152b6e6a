package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.store.Database;
import io.irflow.testing.FakeContainment;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The containment rules, against both the embedded database and PostgreSQL. */
class ContainmentServiceTest {
    static final String MAC = "00:50:56:a1:b2:42";
    static final Actor ALICE = new Actor("p-alice", "alice@acme.example", "room-1");
    static final Actor BOB = new Actor("p-bob", "bob@soc.acme.example", "room-1");
    static final Actor MALLORY = new Actor("p-mallory", "mallory@evil.example", "room-1");

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final FakeContainment ise = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
    private Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private ContainmentService service(String url, boolean approval) {
        Database db = TestDatabases.open(url);
        open.add(db);
        return new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise), new PendingActionStore(db.dataSource()),
                new ContainedTargetStore(db.dataSource()), new AuditStore(db.dataSource()),
                new Responders(List.of("alice@acme.example", "@soc.acme.example")), approval, Duration.ofHours(24), clock);
    }

    private ContainmentService service(String kind) {
        return service(TestDatabases.freshUrl(kind, dir), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void offer_press_confirm_executes_once_and_audits_every_step(String db) {
        ContainmentService s = service(db);
        PendingAction offer = s.offer(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", "room-1", "irflow");

        assertThat(s.press(offer.ref(), ALICE).type()).isEqualTo(Outcome.Type.CONFIRM);
        assertThat(ise.calls()).isEmpty();
        Outcome done = s.confirm(offer.ref(), ALICE);

        assertThat(done.type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
        assertThat(done.undo()).isNotNull();
        assertThat(s.contained()).extracting(ContainedTargetStore.Row::target).containsExactly(MAC);
        assertThat(s.audit(10)).extracting(AuditStore.Entry::event)
                .containsExactly(AuditStore.Event.EXECUTED, AuditStore.Event.CONFIRMED, AuditStore.Event.REQUESTED);
        assertThat(s.audit(1).get(0).trackingId()).isEqualTo("TRACK-1");
        assertThat(s.audit(1).get(0).productStatus()).isEqualTo(200);
        assertThat(s.audit(10).get(1).productStatus()).as("no product call, no status").isNull();
    }

    @Test
    void a_containment_the_product_no_longer_shows_is_applied_again_not_already_and_its_drift_cleared()
            throws Exception {
        ContainmentService s = service("h2");
        ContainedTargetStore store = new ContainedTargetStore(open.get(0).dataSource());
        s.confirm(s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE).action().ref(), ALICE);
        assertThat(s.confirm(s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE).action().ref(),
                ALICE).type()).as("held and not drifted").isEqualTo(Outcome.Type.ALREADY);
        assertThat(ise.calls()).hasSize(1);

        ise.undo(MAC); // released outside irflow, and the drift check saw it
        assertThat(store.markDrift(ContainmentKind.QUARANTINE, MAC, "released outside irflow", clock.instant()))
                .isTrue();
        assertThat(s.drifts()).hasSize(1);
        Outcome again = s.confirm(s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE).action()
                .ref(), ALICE);

        assertThat(again.type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC, "undo:" + MAC, "apply:" + MAC);
        assertThat(s.drifts()).isEmpty();
        assertThat(s.contained()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_non_responder_is_refused_audited_and_nothing_is_called(String db) {
        ContainmentService s = service(db);
        PendingAction offer = s.offer(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", "room-1", "irflow");

        Outcome o = s.press(offer.ref(), MALLORY);

        assertThat(o.type()).isEqualTo(Outcome.Type.NOT_RESPONDER);
        assertThat(o.message()).contains("responders");
        assertThat(s.confirm(offer.ref(), MALLORY).type()).isEqualTo(Outcome.Type.NOT_RESPONDER);
        assertThat(s.cancel(offer.ref(), MALLORY).type()).isEqualTo(Outcome.Type.NOT_RESPONDER);
        assertThat(ise.calls()).isEmpty();
        assertThat(s.audit(5)).allMatch(e -> e.event() == AuditStore.Event.REFUSED && e.actor().equals("mallory@evil.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void unknown_reused_and_expired_references_are_refused(String db) {
        ContainmentService s = service(db);
        PendingAction offer = s.offer(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", "room-1", "irflow");
        s.press(offer.ref(), ALICE);
        s.confirm(offer.ref(), ALICE);

        assertThat(s.confirm(offer.ref(), ALICE).type()).isEqualTo(Outcome.Type.INVALID_REFERENCE);
        assertThat(s.press(offer.ref(), ALICE).type()).isEqualTo(Outcome.Type.INVALID_REFERENCE);
        assertThat(s.confirm("forged-" + MAC, ALICE).type()).isEqualTo(Outcome.Type.INVALID_REFERENCE);
        assertThat(ise.calls()).hasSize(1);

        PendingAction old = s.offer(ContainmentKind.QUARANTINE, false, "00:00:00:00:00:01", "x", "room-1", "irflow");
        clock = Clock.offset(clock, Duration.ofHours(25));
        ContainmentService later = new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise),
                new PendingActionStore(open.get(0).dataSource()), new ContainedTargetStore(open.get(0).dataSource()),
                new AuditStore(open.get(0).dataSource()), new Responders(List.of("alice@acme.example")), false,
                Duration.ofHours(24), clock);
        Outcome expired = later.press(old.ref(), ALICE);
        assertThat(expired.type()).isEqualTo(Outcome.Type.INVALID_REFERENCE);
        assertThat(expired.message()).contains("expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void with_approval_nothing_runs_until_a_second_responder_approves(String db) {
        ContainmentService s = service(TestDatabases.freshUrl(db, dir), true);
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);

        assertThat(s.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.AWAITING_APPROVAL);
        assertThat(s.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.NOT_RESPONDER);
        assertThat(ise.calls()).isEmpty();
        assertThat(s.confirm(asked.action().ref(), BOB).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
        assertThat(s.audit(10)).extracting(AuditStore.Entry::event).contains(AuditStore.Event.APPROVED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void repeating_an_action_already_in_effect_does_not_call_the_product_and_undo_clears_it(String db) {
        ContainmentService s = service(db);
        Outcome first = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
        Outcome done = s.confirm(first.action().ref(), ALICE);
        Outcome second = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);

        assertThat(s.confirm(second.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.ALREADY);
        assertThat(ise.calls()).hasSize(1);

        Outcome undo = s.press(done.undo().ref(), ALICE);
        assertThat(s.confirm(undo.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC, "undo:" + MAC);
        assertThat(s.contained()).isEmpty();
        assertThat(s.audit(1).get(0).event()).isEqualTo(AuditStore.Event.UNDONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_product_failure_is_audited_with_its_status_and_nothing_is_recorded_as_contained(String db) {
        ContainmentService s = service(db);
        ise.failWith(new AdapterException("ISE", AdapterException.Kind.UNAVAILABLE, "ISE answered HTTP 500", 500, null,
                "ise-42", null));
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);

        Outcome o = s.confirm(asked.action().ref(), ALICE);

        assertThat(o.type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(s.contained()).isEmpty();
        AuditStore.Entry failed = s.audit(1).get(0);
        assertThat(failed.event()).isEqualTo(AuditStore.Event.FAILED);
        assertThat(failed.productStatus()).isEqualTo(500);
        assertThat(failed.trackingId()).isEqualTo("ise-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twenty_simultaneous_confirms_make_one_product_call(String db) throws Exception {
        ContainmentService s = service(db);
        ise.slowDown(50);
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> presses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            presses.add(pool.submit(() -> {
                go.await();
                return s.confirm(asked.action().ref(), ALICE);
            }));
        }
        go.countDown();
        long executed = 0;
        for (Future<Outcome> f : presses) {
            if (f.get().type() == Outcome.Type.EXECUTED) {
                executed++;
            }
        }
        pool.shutdown();

        assertThat(executed).isEqualTo(1);
        assertThat(ise.calls()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void audit_and_contained_survive_reopening_the_database(String db) {
        String url = TestDatabases.freshUrl(db, dir);
        ContainmentService s = service(url, false);
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
        s.confirm(asked.action().ref(), ALICE);
        open.forEach(Database::close);
        open.clear();

        ContainmentService reopened = service(url, false);

        assertThat(reopened.contained()).extracting(ContainedTargetStore.Row::targetLabel).containsExactly("WKS-FIN-042");
        assertThat(reopened.audit(10)).hasSize(3);
    }
}

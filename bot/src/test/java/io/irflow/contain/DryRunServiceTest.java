package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
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
import java.util.Optional;

import static io.irflow.contain.ContainmentServiceTest.ALICE;
import static io.irflow.contain.ContainmentServiceTest.BOB;
import static io.irflow.contain.ContainmentServiceTest.MAC;
import static org.assertj.core.api.Assertions.assertThat;

/** Dry runs in the containment service: every step, no product call, nothing contained; stored with the action. */
class DryRunServiceTest {
    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final FakeContainment ise = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
    private final List<Outcome.Type> acted = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private Database db;

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private ContainmentService service(String kind, boolean approval, boolean dryRun) {
        if (db == null) {
            db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
            open.add(db);
        }
        return service(Map.of(ContainmentKind.QUARANTINE, ise), approval, dryRun, clock);
    }

    private ContainmentService service(Map<ContainmentKind, Containment> products, boolean approval, boolean dryRun,
                                       Clock at) {
        return new ContainmentService(products, new PendingActionStore(db.dataSource()),
                new ContainedTargetStore(db.dataSource()), new AuditStore(db.dataSource()),
                new Responders(List.of("alice@acme.example", "@soc.acme.example")), approval, Duration.ofHours(24), at,
                (k, undo, type) -> acted.add(type), dryRun);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void with_dry_run_configured_an_offer_is_confirmed_and_audited_but_the_product_is_never_called(String kind) {
        ContainmentService s = service(kind, false, true);
        PendingAction offer = s.offer(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", "room-1", "irflow");
        assertThat(offer.dryRun()).isTrue();
        assertThat(s.press(offer.ref(), ALICE).action().dryRun()).isTrue();

        Outcome o = s.confirm(offer.ref(), ALICE);

        assertThat(o.type()).isEqualTo(Outcome.Type.DRY_RUN);
        assertThat(o.message()).isEqualTo("Dry run: would have asked ISE to quarantine " + MAC + ".");
        assertThat(o.undo()).isNull();
        assertThat(ise.calls()).isEmpty();
        assertThat(s.contained()).isEmpty();
        assertThat(s.audit(10)).extracting(AuditStore.Entry::event).containsExactly(AuditStore.Event.DRY_RUN,
                AuditStore.Event.CONFIRMED, AuditStore.Event.REQUESTED);
        assertThat(s.audit(10)).extracting(AuditStore.Entry::outcome).containsExactly(
                "would have asked ISE to quarantine " + MAC, "dry run", "dry run; confirmation asked");
        assertThat(acted).containsExactly(Outcome.Type.DRY_RUN);
        assertThat(s.confirm(offer.ref(), ALICE).type()).as("used once").isEqualTo(Outcome.Type.INVALID_REFERENCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_dry_run_asked_for_by_flag_stays_dry_when_another_instance_without_it_confirms(String kind) {
        ContainmentService asker = service(kind, false, false);
        Outcome asked = asker.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE, true);
        assertThat(asked.action().dryRun()).isTrue();
        Outcome real = asker.request(ContainmentKind.QUARANTINE, false, "00:50:56:a1:b2:43", "WKS-FIN-043", ALICE);

        ContainmentService other = service(Map.of(ContainmentKind.QUARANTINE, ise), false, false, clock);
        assertThat(other.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.DRY_RUN);
        assertThat(ise.calls()).isEmpty();
        assertThat(other.confirm(real.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:00:50:56:a1:b2:43");
        assertThat(other.contained()).extracting(ContainedTargetStore.Row::target).containsExactly("00:50:56:a1:b2:43");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void with_approval_a_dry_run_still_needs_the_second_responder_and_then_calls_nothing(String kind) {
        ContainmentService s = service(kind, true, true);
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);

        assertThat(s.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.AWAITING_APPROVAL);
        assertThat(s.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.NOT_RESPONDER);
        assertThat(s.confirm(asked.action().ref(), BOB).type()).isEqualTo(Outcome.Type.DRY_RUN);
        assertThat(ise.calls()).isEmpty();
        assertThat(s.audit(10)).extracting(AuditStore.Entry::event).contains(AuditStore.Event.APPROVED,
                AuditStore.Event.DRY_RUN);
    }

    @Test
    void automatic_actions_under_dry_run_call_nothing_and_an_approval_request_is_stored_dry() {
        ContainmentService s = service("h2", false, true);
        Actor auto = new Actor("irflow-auto", "irflow-auto", "room-1");

        Outcome now = s.executeNow(ContainmentKind.QUARANTINE, MAC, "WKS-FIN-042", auto);
        Outcome later = service(Map.of(ContainmentKind.QUARANTINE, ise), true, true, clock)
                .requestApproval(ContainmentKind.QUARANTINE, "00:50:56:a1:b2:43", "WKS-FIN-043", auto);

        assertThat(now.type()).isEqualTo(Outcome.Type.DRY_RUN);
        assertThat(later.action().dryRun()).isTrue();
        assertThat(ise.calls()).isEmpty();
        assertThat(s.contained()).isEmpty();
    }

    @Test
    void a_target_the_product_would_refuse_fails_the_dry_run_without_a_call() {
        service("h2", false, true);
        Containment picky = new Containment() {
            public ContainmentKind kind() {
                return ContainmentKind.QUARANTINE;
            }

            public String product() {
                return "ISE";
            }

            public Optional<Boolean> isContained(String target) {
                throw new AssertionError("called");
            }

            public ContainmentResult apply(String target) {
                throw new AssertionError("called");
            }

            public ContainmentResult undo(String target) {
                throw new AssertionError("called");
            }

            @Override
            public String wouldHave(String target, boolean undo) throws AdapterException {
                throw new AdapterException("ISE", AdapterException.Kind.BAD_INPUT, "not a MAC address");
            }
        };
        ContainmentService s = service(Map.of(ContainmentKind.QUARANTINE, picky), false, true, clock);
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, "nonsense", "nonsense", ALICE);

        Outcome o = s.confirm(asked.action().ref(), ALICE);

        assertThat(o.type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(o.message()).contains("not a MAC address", "dry run");
        assertThat(s.audit(1).get(0).event()).isEqualTo(AuditStore.Event.FAILED);
    }

    @Test
    void a_dry_run_a_crash_left_executing_is_settled_by_the_reconciler_without_asking_the_product() throws Exception {
        service("h2", false, false);
        Instant started = clock.instant().minus(Duration.ofMinutes(10));
        new PendingActionStore(db.dataSource()).insert(new PendingAction("dry-left-executing-0001",
                ContainmentKind.QUARANTINE, false, "ISE", MAC, "WKS-FIN-042", "room-1", "alice@acme.example", started,
                started.plus(Duration.ofHours(24)), PendingAction.State.EXECUTING, "alice@acme.example", true));
        FakeContainment asked = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
        asked.apply(MAC); // the product reports it contained (by someone else): still not irflow's, and not asked
        ContainmentService s = service(Map.of(ContainmentKind.QUARANTINE, asked), false, false, clock);

        Reconciler.Result r = s.reconcile(Duration.ofMinutes(5));

        assertThat(r.applied()).isZero();
        assertThat(s.contained()).isEmpty();
        assertThat(s.audit(1).get(0).event()).isEqualTo(AuditStore.Event.DRY_RUN);
        assertThat(new PendingActionStore(db.dataSource()).find("dry-left-executing-0001").orElseThrow().state())
                .isEqualTo(PendingAction.State.DONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_protected_host_needs_a_second_responder_without_require_approval_and_others_do_not(String kind) {
        service(kind, false, false);
        ProtectedTargets guard = new ProtectedTargets(List.of("SRV-*"), id -> Optional.empty());
        ContainmentService s = new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise),
                new PendingActionStore(db.dataSource()), new ContainedTargetStore(db.dataSource()),
                new AuditStore(db.dataSource()), new Responders(List.of("alice@acme.example", "@soc.acme.example")),
                false, Duration.ofHours(24), clock, ContainmentMetrics.NONE, false, guard);
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "SRV-FILE-01 (" + MAC + ")", ALICE);
        assertThat(asked.message()).contains("Protected host", "SRV-*");

        Outcome waiting = s.confirm(asked.action().ref(), ALICE);
        assertThat(waiting.type()).isEqualTo(Outcome.Type.AWAITING_APPROVAL);
        assertThat(waiting.message()).contains("security.protected entry SRV-*");
        assertThat(s.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.NOT_RESPONDER);
        assertThat(ise.calls()).isEmpty();
        assertThat(s.confirm(asked.action().ref(), BOB).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
        assertThat(s.audit(10)).extracting(AuditStore.Entry::event).contains(AuditStore.Event.APPROVED);

        Outcome plain = s.request(ContainmentKind.QUARANTINE, false, "00:50:56:a1:b2:43", "WKS-FIN-043", ALICE);
        assertThat(plain.message()).isEmpty();
        assertThat(s.confirm(plain.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);

        Actor auto = new Actor("irflow-auto", "irflow-auto", "room-1");
        Outcome unasked = s.executeNow(ContainmentKind.QUARANTINE, "00:50:56:a1:b2:44", "SRV-DB-02", auto);
        assertThat(unasked.type()).as("never contained unasked").isEqualTo(Outcome.Type.AWAITING_APPROVAL);
        assertThat(ise.calls()).hasSize(2);
        assertThat(s.confirm(unasked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).hasSize(3);
    }
}

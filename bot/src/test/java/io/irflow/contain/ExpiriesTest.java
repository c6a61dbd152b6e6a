package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.cards.ExpiryCards;
import io.irflow.cards.Words;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import io.irflow.testing.FakeContainment;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expiry rules against the embedded database and PostgreSQL: the hold follows approval and reconciling, a failed
 * undo is retried later (not every pass), a containment no product can undo is kept, and only responders in the
 * reminder's room change an expiry. Every notice is rendered and checked as a card Webex renders.
 */
class ExpiriesTest {
    private static final String MAC = "00:50:56:a1:b2:42";
    private static final Actor ALICE = new Actor("p-alice", "alice@acme.example", "room-1");
    private static final Actor BOB = new Actor("p-bob", "bob@acme.example", "room-1");
    private static final Actor MALLORY = new Actor("p-mallory", "mallory@evil.example", "room-1");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();
    private final FakeContainment ise = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T06:26:00Z"));
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final List<String> refs = new CopyOnWriteArrayList<>();
    private ContainmentService service;
    private ContainedTargetStore contained;
    private PendingActionStore pending;
    private AuditStore audit;
    private Expiries expiries;

    private void open(String kind, boolean approval) {
        DataSource ds = databases.open(kind);
        contained = new ContainedTargetStore(ds);
        pending = new PendingActionStore(ds);
        audit = new AuditStore(ds);
        Responders responders = new Responders(List.of("alice@acme.example", "bob@acme.example"));
        service = new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise), pending, contained, audit,
                responders, approval, Duration.ofHours(24), clock);
        expiries = new Expiries(contained, service, audit, responders, Set::of, new Expiries.Notices() {
            @Override
            public void reminder(ContainedTargetStore.Row row, String ref) {
                refs.add(ref);
                told.add(valid(ExpiryCards.reminder(row, ref, Words.utc(clock.instant()))));
            }

            @Override
            public void reverted(ContainedTargetStore.Row row, Outcome outcome, Instant retryAt) {
                told.add(valid(ExpiryCards.reverted(row, outcome, retryAt, Words.utc(clock.instant()))));
            }
        }, clock);
    }

    private static String valid(io.irflow.cards.Card card) {
        CardValidator.assertValid(card);
        return CardText.plain(card.content());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void with_approval_the_first_confirmations_pick_holds_and_counts_from_when_it_ran(String db) {
        open(db, true);
        Outcome asked = service.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE,
                Duration.ofHours(4));
        assertThat(service.hold(asked.action().ref())).contains(Duration.ofHours(4));

        assertThat(service.confirm(asked.action().ref(), ALICE, Optional.of(Duration.ofHours(1))).type())
                .isEqualTo(Outcome.Type.AWAITING_APPROVAL);
        clock.advance(Duration.ofMinutes(10));
        assertThat(service.confirm(asked.action().ref(), BOB, null).type()).isEqualTo(Outcome.Type.EXECUTED);

        assertThat(contained.find(ContainmentKind.QUARANTINE, MAC).orElseThrow().expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void no_expiry_picked_on_the_card_overrides_a_typed_for(String db) {
        open(db, false);
        Outcome asked = service.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE,
                Duration.ofHours(4));
        service.confirm(asked.action().ref(), ALICE, Optional.empty());
        assertThat(contained.find(ContainmentKind.QUARANTINE, MAC).orElseThrow().expiresAt()).isNull();
        clock.advance(Duration.ofDays(31));
        expiries.run();
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
        assertThat(told).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_failed_undo_is_told_and_tried_again_15_minutes_later_not_on_every_pass(String db) {
        open(db, false);
        hold(Duration.ofHours(1));
        ise.failWith(new AdapterException("ISE", AdapterException.Kind.UNAVAILABLE, "ISE answered 503"));
        clock.advance(Duration.ofHours(1));

        expiries.run();
        expiries.run();

        assertThat(ise.calls()).containsExactly("apply:" + MAC, "undo:" + MAC);
        assertThat(told).singleElement().asString().contains("Expiry: unquarantine failed", "ISE answered 503",
                "irflow tries again at 07:41 UTC");
        assertThat(contained.find(ContainmentKind.QUARANTINE, MAC)).isPresent();
        assertThat(audit.last(1).get(0)).satisfies(e -> {
            assertThat(e.actor()).isEqualTo("irflow");
            assertThat(e.event()).isEqualTo(AuditStore.Event.FAILED);
            assertThat(e.outcome()).startsWith("expired: ").contains("503");
        });

        ise.failWith(null);
        clock.advance(Duration.ofMinutes(15));
        expiries.run();
        assertThat(ise.calls()).containsExactly("apply:" + MAC, "undo:" + MAC, "undo:" + MAC);
        assertThat(contained.find(ContainmentKind.QUARANTINE, MAC)).isEmpty();
        assertThat(told).hasSize(2).last().asString().contains("Expired: unquarantined");
        assertThat(audit.last(1).get(0)).satisfies(e -> {
            assertThat(e.actor()).isEqualTo("irflow");
            assertThat(e.event()).isEqualTo(AuditStore.Event.UNDONE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_containment_no_configured_product_can_undo_is_kept_and_the_room_told(String db) {
        open(db, false);
        contained.add(new ContainedTargetStore.Row(ContainmentKind.ISOLATE, "guid-1", "WKS-1", "AMP", clock.instant(),
                "alice@acme.example", "room-1", clock.instant().plus(Duration.ofHours(1))));
        clock.advance(Duration.ofHours(2));

        expiries.run();
        expiries.run();

        assertThat(told).singleElement().asString().contains("Expiry could not be applied",
                "No product is configured to release any more.", "It stays until a responder undoes it.");
        assertThat(contained.find(ContainmentKind.ISOLATE, "guid-1").orElseThrow().expiresAt()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void only_responders_in_the_reminders_room_change_an_expiry_and_a_reminder_works_once(String db) {
        open(db, false);
        Instant until = hold(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(45));
        expiries.run();
        assertThat(told).singleElement().asString().contains("Containment expiring", "(in 15 min)");
        String ref = refs.get(0);
        assertThat(contained.byExpiryRef(ref).orElseThrow().target()).isEqualTo(MAC);

        assertThat(expiries.extend(ref, Duration.ofHours(4), MALLORY).type())
                .isEqualTo(Expiries.Change.Type.NOT_RESPONDER);
        assertThat(expiries.keep(ref, new Actor("p-bob", "bob@acme.example", "room-2")).type())
                .isEqualTo(Expiries.Change.Type.WRONG_ROOM);
        assertThat(expiries.extend("made-up", Duration.ofHours(4), ALICE).type())
                .isEqualTo(Expiries.Change.Type.INVALID_REFERENCE);
        assertThat(contained.find(ContainmentKind.QUARANTINE, MAC).orElseThrow().expiresAt()).isEqualTo(until);

        Expiries.Change c = expiries.extend(ref, Duration.ofHours(4), BOB);
        assertThat(c.type()).isEqualTo(Expiries.Change.Type.EXTENDED);
        assertThat(c.rows().get(0).expiresAt()).isEqualTo(until.plus(Duration.ofHours(4)));
        assertThat(expiries.extend(ref, Duration.ofHours(4), BOB).type())
                .isEqualTo(Expiries.Change.Type.INVALID_REFERENCE);
        assertThat(expiries.extend(MAC, Optional.of(Duration.ofDays(30)), BOB).type())
                .isEqualTo(Expiries.Change.Type.TOO_LONG);
        assertThat(audit.last(5)).extracting(AuditStore.Entry::event).contains(AuditStore.Event.EXTENDED,
                AuditStore.Event.REFUSED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_quarantine_a_crash_left_executing_keeps_its_hold_when_reconciled(String db) throws AdapterException {
        open(db, false);
        Instant started = clock.instant();
        pending.insert(new PendingAction("crash-left-this-executing-0002", ContainmentKind.QUARANTINE, false, "ISE",
                MAC, "WKS-FIN-042", "room-1", ALICE.email(), started, started.plus(Duration.ofHours(24)),
                PendingAction.State.PENDING, null));
        pending.hold("crash-left-this-executing-0002", Duration.ofHours(4));
        pending.transition("crash-left-this-executing-0002", PendingAction.State.PENDING,
                PendingAction.State.EXECUTING, ALICE.email(), started);
        ise.apply(MAC);
        clock.advance(Duration.ofMinutes(10));

        service.reconcile(Duration.ofMinutes(5));

        assertThat(contained.find(ContainmentKind.QUARANTINE, MAC).orElseThrow().expiresAt())
                .isEqualTo(started.plus(Duration.ofHours(4)));
    }

    /** Alice quarantines the MAC for {@code length}; returns when it expires. */
    private Instant hold(Duration length) {
        Outcome asked = service.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE, length);
        assertThat(service.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
        return clock.instant().plus(length);
    }
}

package io.irflow.verify;

import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.cards.Words;
import io.irflow.contain.AuditStore;
import io.irflow.contain.PendingAction;
import io.irflow.contain.PendingActionStore;
import io.irflow.store.Database;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.irflow.verify.ScriptedProduct.failure;
import static io.irflow.verify.ScriptedProduct.state;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier against a scripted product on a real database, with a timer that moves the clock instead of sleeping:
 * reads after 2 s, 4 s, 8 s … until the product confirms or two minutes pass; what the thread and the response room
 * are told; product failures during the check; a restart mid-check.
 */
class ContainmentVerifierTest {
    private static final Instant START = Instant.parse("2026-12-04T06:27:00Z");
    private static final String REF = "ref-isolate-0001";
    private static final String GUID = "d7fbcdb6-0a14-4e39-867e-02f5e1649497";
    private static final String LABEL = "WKS-FIN-042 (" + GUID + ")";
    private static final String ROOM = "room-incident";
    private static final String RESPONSE_ROOM = "room-irt";
    private static final String CARD = "message-confirmation-card";
    private static final String AMP = "AMP";

    @TempDir
    Path dir;

    private Database db;
    private final MutableClock clock = new MutableClock(START);
    private final ManualTimer timer = new ManualTimer(clock);
    private final RecordingNotes notes = new RecordingNotes();
    private final ScriptedProduct amp = new ScriptedProduct(ContainmentKind.ISOLATE, AMP, true);
    private AuditStore audit;
    private VerificationStore store;

    @BeforeEach
    void open() {
        open("h2");
    }

    private void open(String kind) {
        if (db != null) {
            db.close();
        }
        db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        audit = new AuditStore(db.dataSource());
        store = new VerificationStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ContainmentVerifier verifier(String instance, Timer t, Containment product) {
        return new ContainmentVerifier(Map.of(product.kind(), product), store, new PendingActionStore(db.dataSource()),
                audit, notes, RESPONSE_ROOM, t, clock, () -> Words.utc(clock.instant()), instance,
                ContainmentVerifier.Settings.of(Duration.ofMinutes(2)));
    }

    private ContainmentVerifier verifier() {
        return verifier("instance-a", timer, amp);
    }

    private void isolate(ContainmentVerifier v) {
        v.start(REF, ContainmentKind.ISOLATE, false, AMP, GUID, LABEL, ROOM);
        v.cardOf(REF, CARD);
    }

    private List<AuditStore.Entry> audited() {
        return audit.forRef(REF);
    }

    @Nested
    class Confirmation {
        @Test
        void isolation_confirmed_on_the_second_read_is_verified_in_the_thread_with_the_time() {
            amp.answers(state(Status.STARTING, "pending_start"), state(Status.IN_EFFECT, "isolated"));
            isolate(verifier());

            assertThat(timer.runNext()).isTrue();
            assertThat(notes.thread).as("pending_start is not yet isolated").isEmpty();
            assertThat(timer.runNext()).isTrue();

            assertThat(timer.waited()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(notes.thread).containsExactly(new RecordingNotes.Note(ROOM, CARD,
                    "✅ Verified at 06:27:06 UTC (AMP reports isolated)"));
            assertThat(notes.room).isEmpty();
            assertThat(timer.waiting()).isZero();
            assertThat(amp.reads()).isEqualTo(2);
            assertThat(store.find(REF).orElseThrow().state()).isEqualTo(Verification.State.VERIFIED);
            assertThat(audited()).singleElement().satisfies(e -> {
                assertThat(e.event()).isEqualTo(AuditStore.Event.VERIFIED);
                assertThat(e.actor()).isEqualTo("irflow");
                assertThat(e.outcome()).isEqualTo("verified: AMP reports isolated");
            });
        }

        @Test
        void a_release_is_verified_when_the_product_shows_it_released() {
            amp.answers(state(Status.STOPPING, "pending_stop"), state(Status.NOT_IN_EFFECT, "not_isolated"));
            ContainmentVerifier v = verifier();
            v.start(REF, ContainmentKind.ISOLATE, true, AMP, GUID, LABEL, ROOM);

            timer.runAll(10);

            assertThat(notes.thread).extracting(RecordingNotes.Note::markdown)
                    .containsExactly("✅ Verified at 06:27:06 UTC (AMP reports not isolated)");
            assertThat(notes.thread.get(0).card()).as("no card known: the room itself").isNull();
        }

        @Test
        void isolation_never_confirmed_is_not_verified_after_two_minutes_with_a_warning_to_the_response_room() {
            amp.answers(state(Status.STARTING, "pending_start"));
            isolate(verifier());

            timer.runAll(50);

            assertThat(timer.waited()).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 16L, 30L, 30L, 30L);
            assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(2)));
            assertThat(notes.thread).containsExactly(new RecordingNotes.Note(ROOM, CARD,
                    "⚠️ Not verified after 2 min: AMP still reports isolation starting"));
            assertThat(notes.room).singleElement().satisfies(n -> {
                assertThat(n.roomId()).isEqualTo(RESPONSE_ROOM);
                assertThat(n.markdown()).isEqualTo("⚠️ **Not verified**: Isolate of **" + LABEL + "** via AMP is not "
                        + "confirmed by AMP after 2 min (AMP still reports isolation starting). Check it in AMP before "
                        + "relying on it.");
            });
            assertThat(audited()).extracting(AuditStore.Entry::event).containsExactly(AuditStore.Event.NOT_VERIFIED);
            assertThat(audited().get(0).outcome()).isEqualTo("not verified after 2 min: AMP still reports isolation "
                    + "starting");
            assertThat(store.find(REF).orElseThrow().state()).isEqualTo(Verification.State.NOT_VERIFIED);
        }

        @Test
        void a_product_without_readable_state_is_not_verifiable_and_nothing_is_guessed() {
            ScriptedProduct blind = new ScriptedProduct(ContainmentKind.ISOLATE, AMP, false);
            isolate(verifier("instance-a", timer, blind));

            timer.runAll(10);

            assertThat(notes.thread).extracting(RecordingNotes.Note::markdown).containsExactly("Not verifiable: AMP "
                    + "offers no state irflow can read to confirm the Isolate; check it in AMP.");
            assertThat(notes.room).isEmpty();
            assertThat(store.find(REF).orElseThrow().state()).isEqualTo(Verification.State.NOT_VERIFIABLE);
            assertThat(audited().get(0).outcome()).startsWith("not verifiable: ");
        }
    }

    @Nested
    class ProductFailures {
        @Test
        void a_5xx_and_a_401_during_the_check_are_reads_that_did_not_confirm_then_it_is_verified() {
            amp.answers(failure(Kind.UNAVAILABLE, 503), failure(Kind.UNAUTHORIZED, 401),
                    state(Status.IN_EFFECT, "isolated"));
            isolate(verifier());

            timer.runAll(10);

            assertThat(amp.reads()).isEqualTo(3);
            assertThat(notes.thread).extracting(RecordingNotes.Note::markdown)
                    .containsExactly("✅ Verified at 06:27:14 UTC (AMP reports isolated)");
        }

        @Test
        void a_product_that_keeps_refusing_is_not_verified_naming_the_refusal() {
            amp.answers(failure(Kind.UNAUTHORIZED, 401));
            isolate(verifier());

            timer.runAll(50);

            assertThat(notes.thread).extracting(RecordingNotes.Note::markdown).containsExactly(
                    "⚠️ Not verified after 2 min: AMP refused irflow's credentials (HTTP 401)");
            assertThat(notes.room).singleElement().extracting(RecordingNotes.Note::markdown).asString()
                    .contains("AMP refused irflow's credentials");
        }

        @Test
        void an_unexpected_error_leaves_the_check_to_be_taken_over_not_lost() {
            amp.answers(new IllegalStateException("boom"));
            isolate(verifier());

            timer.runAll(10);

            assertThat(notes.thread).isEmpty();
            assertThat(store.find(REF).orElseThrow().state()).isEqualTo(Verification.State.CHECKING);
            amp.answers(state(Status.IN_EFFECT, "isolated"));
            clock.advance(Duration.ofSeconds(61));
            ManualTimer other = new ManualTimer(clock);
            assertThat(verifier("instance-b", other, amp).resume()).isEqualTo(1);
            other.runAll(10);
            assertThat(notes.thread).hasSize(1);
        }
    }

    @Nested
    class Restarts {
        @ParameterizedTest
        @ValueSource(strings = {"h2", "postgres"})
        void a_check_whose_instance_stopped_is_resumed_by_another_once_its_claim_runs_out(String kind) {
            open(kind);
            amp.answers(state(Status.STARTING, "pending_start"));
            ContainmentVerifier first = verifier();
            isolate(first);
            timer.runNext();
            timer.drop(); // the instance stops

            ManualTimer second = new ManualTimer(clock);
            ContainmentVerifier after = verifier("instance-b", second, amp);
            assertThat(after.resume()).as("the first instance's claim still holds").isZero();
            clock.advance(Duration.ofSeconds(61));
            amp.answers(state(Status.IN_EFFECT, "isolated"));
            assertThat(after.resume()).isEqualTo(1);
            assertThat(verifier("instance-c", new ManualTimer(clock), amp).resume()).as("taken once").isZero();
            second.runAll(10);

            assertThat(notes.thread).extracting(RecordingNotes.Note::markdown)
                    .containsExactly("✅ Verified at 06:28:03 UTC (AMP reports isolated)");
            assertThat(notes.thread.get(0).card()).isEqualTo(CARD);
        }

        @Test
        void a_check_resumed_after_its_deadline_is_recorded_as_unknown() {
            amp.answers(state(Status.STARTING, "pending_start"));
            isolate(verifier());
            timer.drop();

            clock.advance(Duration.ofMinutes(3));
            ManualTimer second = new ManualTimer(clock);
            assertThat(verifier("instance-b", second, amp).resume()).isEqualTo(1);
            second.runAll(10);

            assertThat(amp.reads()).isZero();
            assertThat(notes.thread).extracting(RecordingNotes.Note::markdown).containsExactly("❔ Verification "
                    + "unknown: irflow stopped while checking and 3 min have passed. The periodic re-check reports it "
                    + "if the product no longer shows it.");
            assertThat(store.find(REF).orElseThrow().state()).isEqualTo(Verification.State.UNKNOWN);
        }
    }

    @Nested
    class WhatStartsACheck {
        @Test
        void only_an_audited_product_answer_starts_one() {
            ContainmentVerifier v = verifier();
            new PendingActionStore(db.dataSource()).insert(new PendingAction(REF, ContainmentKind.ISOLATE, false, AMP,
                    GUID, LABEL, ROOM, "alice@example.com", START, START.plusSeconds(60),
                    PendingAction.State.EXECUTING, "alice@example.com"));

            v.audited(entry(AuditStore.Event.REQUESTED, 200, REF));
            v.audited(entry(AuditStore.Event.EXECUTED, null, REF)); // reconciled: no product answer now
            v.audited(entry(AuditStore.Event.FAILED, 409, REF));
            assertThat(store.find(REF)).isEmpty();

            v.audited(entry(AuditStore.Event.EXECUTED, 200, REF));
            v.audited(entry(AuditStore.Event.EXECUTED, 200, REF));

            Verification started = store.find(REF).orElseThrow();
            assertThat(started.targetLabel()).isEqualTo(LABEL);
            assertThat(started.undo()).isFalse();
            assertThat(started.deadline()).isEqualTo(START.plus(Duration.ofMinutes(2)));
            assertThat(timer.waiting()).as("one check per action").isEqualTo(1);

            v.audited(entry(AuditStore.Event.UNDONE, 200, "ref-undo"));
            assertThat(store.find("ref-undo").orElseThrow().undo()).isTrue();
        }

        private AuditStore.Entry entry(AuditStore.Event event, Integer status, String ref) {
            return new AuditStore.Entry(START, "alice@example.com", ROOM, event, ContainmentKind.ISOLATE, AMP, GUID,
                    "", status, null, ref);
        }
    }
}

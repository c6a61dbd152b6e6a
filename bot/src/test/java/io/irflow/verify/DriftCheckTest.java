package io.irflow.verify;

import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.cards.Words;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.store.Database;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.irflow.verify.ScriptedProduct.failure;
import static io.irflow.verify.ScriptedProduct.state;
import static org.assertj.core.api.Assertions.assertThat;

/** The periodic re-check of what irflow holds: one alert per drift, none without, on the leader only. */
class DriftCheckTest {
    private static final Instant SINCE = Instant.parse("2026-12-04T06:27:00Z");
    private static final String GUID = "d7fbcdb6-0a14-4e39-867e-02f5e1649497";
    private static final String ROOM = "room-incident";
    private static final String RESPONSE_ROOM = "room-irt";

    @TempDir
    Path dir;

    private Database db;
    private ContainedTargetStore contained;
    private AuditStore audit;
    private final MutableClock clock = new MutableClock(SINCE.plus(Duration.ofHours(1)));
    private final RecordingNotes notes = new RecordingNotes();
    private final ScriptedProduct amp = new ScriptedProduct(ContainmentKind.ISOLATE, "AMP", true);
    private final AtomicBoolean leading = new AtomicBoolean(true);

    @BeforeEach
    void open() {
        db = TestDatabases.open(TestDatabases.freshUrl("h2", dir));
        contained = new ContainedTargetStore(db.dataSource());
        audit = new AuditStore(db.dataSource());
        contained.add(new ContainedTargetStore.Row(ContainmentKind.ISOLATE, GUID, "WKS-FIN-042", "AMP", SINCE,
                "alice@example.com", ROOM));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DriftCheck check(ScriptedProduct product) {
        return new DriftCheck(Map.of(product.kind(), product), contained, audit, notes, RESPONSE_ROOM, leading::get,
                clock, () -> Words.utc(clock.instant()));
    }

    private List<AuditStore.Entry> drifts() {
        return audit.forTarget(ContainmentKind.ISOLATE, GUID).stream()
                .filter(e -> e.event() == AuditStore.Event.DRIFT).toList();
    }

    @Test
    void isolation_released_outside_irflow_is_one_alert_in_the_response_room_not_one_every_pass() {
        amp.answers(state(Status.NOT_IN_EFFECT, "not_isolated"));
        DriftCheck check = check(amp);

        assertThat(check.pass()).isEqualTo(new DriftCheck.Result(1, 1, 0, 0));
        clock.advance(Duration.ofHours(1));
        assertThat(check.pass()).isEqualTo(new DriftCheck.Result(1, 0, 0, 0));
        check.run();

        assertThat(notes.room).singleElement().satisfies(n -> {
            assertThat(n.roomId()).isEqualTo(RESPONSE_ROOM);
            assertThat(n.markdown()).isEqualTo("⚠️ **Drift**: isolated **WKS-FIN-042** via AMP (by alice@example.com "
                    + "at 06:27 UTC (1 h ago)) is released outside irflow (AMP reports not isolated). irflow still "
                    + "lists it as contained: isolate it again, or undo it in `/contained` if that was intended.");
        });
        assertThat(drifts()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("irflow");
            assertThat(e.outcome()).isEqualTo("drift: released outside irflow (AMP reports not isolated)");
        });
        assertThat(contained.drifts()).singleElement().satisfies(d -> {
            assertThat(d.what()).isEqualTo("released outside irflow (AMP reports not isolated)");
            assertThat(d.at()).isEqualTo(SINCE.plus(Duration.ofHours(1)));
        });
        assertThat(contained.all()).as("still irflow's to undo").hasSize(1);
    }

    @Test
    void isolation_still_in_effect_posts_and_records_nothing() {
        amp.answers(state(Status.IN_EFFECT, "isolated"));

        assertThat(check(amp).pass()).isEqualTo(new DriftCheck.Result(1, 0, 0, 0));

        assertThat(notes.room).isEmpty();
        assertThat(notes.thread).isEmpty();
        assertThat(drifts()).isEmpty();
        assertThat(contained.drifts()).isEmpty();
    }

    @Test
    void isolation_being_stopped_is_a_drift_too() {
        amp.answers(state(Status.STOPPING, "pending_stop"));

        check(amp).pass();

        assertThat(contained.drifts()).singleElement().extracting(ContainedTargetStore.Drift::what)
                .isEqualTo("being released outside irflow (AMP reports isolation ending)");
    }

    @Test
    void a_drift_that_ends_is_cleared_so_the_next_one_is_announced_again() {
        DriftCheck check = check(amp);
        amp.answers(state(Status.NOT_IN_EFFECT, "not_isolated"));
        check.pass();
        amp.answers(state(Status.IN_EFFECT, "isolated"));
        check.pass();
        assertThat(contained.drifts()).isEmpty();
        amp.answers(state(Status.NOT_IN_EFFECT, "not_isolated"));
        check.pass();

        assertThat(notes.room).hasSize(2);
        assertThat(drifts()).hasSize(2);
    }

    @Test
    void a_product_that_fails_or_cannot_say_is_no_drift() {
        amp.answers(failure(Kind.UNAVAILABLE, 503));
        assertThat(check(amp).pass()).isEqualTo(new DriftCheck.Result(0, 0, 0, 1));
        amp.answers(failure(Kind.UNAUTHORIZED, 401));
        assertThat(check(amp).pass()).isEqualTo(new DriftCheck.Result(0, 0, 0, 1));
        amp.answers(state(Status.UNKNOWN, ""));
        assertThat(check(amp).pass()).isEqualTo(new DriftCheck.Result(1, 0, 0, 0));
        ScriptedProduct blind = new ScriptedProduct(ContainmentKind.ISOLATE, "AMP", false);
        assertThat(check(blind).pass()).isEqualTo(new DriftCheck.Result(0, 0, 1, 0));

        assertThat(notes.room).isEmpty();
        assertThat(drifts()).isEmpty();
    }

    @Test
    void only_the_leader_checks() {
        amp.answers(state(Status.NOT_IN_EFFECT, "not_isolated"));
        leading.set(false);

        check(amp).run();

        assertThat(amp.reads()).isZero();
        assertThat(notes.room).isEmpty();
    }

    @Test
    void two_instances_checking_at_once_announce_a_drift_once() throws Exception {
        amp.answers(state(Status.NOT_IN_EFFECT, "not_isolated"));
        DriftCheck one = check(amp);
        DriftCheck two = check(amp);

        Thread a = new Thread(one);
        Thread b = new Thread(two);
        a.start();
        b.start();
        a.join();
        b.join();

        assertThat(notes.room).hasSize(1);
        assertThat(drifts()).hasSize(1);
    }
}

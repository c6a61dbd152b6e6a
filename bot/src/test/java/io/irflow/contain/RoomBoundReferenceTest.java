package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.store.Database;
import io.irflow.testing.FakeContainment;
import io.irflow.testing.TestDatabases;
import io.irflow.webex.RestIds;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A card reference works only in the room its card was posted in: pressed, confirmed, approved or cancelled anywhere
 * else it is refused, audited, and no product is called; the card itself keeps working in its room.
 */
class RoomBoundReferenceTest {
    static final String MAC = "00:50:56:a1:b2:42";
    static final String IRT = RestIds.restId("us", "ROOM", "1b0c5a2e-0000-4000-8000-00000000a1a1");
    static final String ELSEWHERE = RestIds.restId("us", "ROOM", "1b0c5a2e-0000-4000-8000-00000000b2b2");
    static final Actor ALICE = new Actor("p-alice", "alice@acme.example", IRT);
    static final Actor ALICE_ELSEWHERE = new Actor("p-alice", "alice@acme.example", ELSEWHERE);
    static final Actor BOB = new Actor("p-bob", "bob@acme.example", IRT);
    static final Actor BOB_ELSEWHERE = new Actor("p-bob", "bob@acme.example", ELSEWHERE);
    static final String REFUSAL = "That button belongs to a card posted in another room and works only there. "
            + "Nothing was done.";

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final FakeContainment ise = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private ContainmentService service(String kind, boolean approval) {
        Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        open.add(db);
        return new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise), new PendingActionStore(db.dataSource()),
                new ContainedTargetStore(db.dataSource()), new AuditStore(db.dataSource()),
                new Responders(List.of("alice@acme.example", "bob@acme.example")), approval, Duration.ofHours(24),
                clock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void press_confirm_and_cancel_from_another_room_are_refused_audited_and_call_nothing(String db) {
        ContainmentService s = service(db, false);
        PendingAction offer = s.offer(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", IRT, "irflow");

        Outcome pressed = s.press(offer.ref(), ALICE_ELSEWHERE);
        assertThat(pressed.type()).isEqualTo(Outcome.Type.WRONG_ROOM);
        assertThat(pressed.message()).isEqualTo(REFUSAL).doesNotContain(MAC, "WKS");
        assertThat(pressed.action()).as("nothing about the action goes to the other room").isNull();

        assertThat(s.press(offer.ref(), ALICE).type()).as("the card still works in its room")
                .isEqualTo(Outcome.Type.CONFIRM);
        assertThat(s.confirm(offer.ref(), ALICE_ELSEWHERE).type()).isEqualTo(Outcome.Type.WRONG_ROOM);
        assertThat(s.cancel(offer.ref(), BOB_ELSEWHERE).type()).isEqualTo(Outcome.Type.WRONG_ROOM);
        assertThat(ise.calls()).isEmpty();

        List<AuditStore.Entry> refusals = s.audit(10).stream().filter(e -> e.event() == AuditStore.Event.REFUSED).toList();
        assertThat(refusals).hasSize(3).allSatisfy(e -> {
            assertThat(e.roomId()).isEqualTo(ELSEWHERE);
            assertThat(e.ref()).isEqualTo(offer.ref());
            assertThat(e.outcome()).isEqualTo("reference from a card posted in another room");
            assertThat(e.kind()).as("no work note in the other room's incident").isNull();
            assertThat(e.target()).isNull();
        });
        assertThat(refusals).extracting(AuditStore.Entry::actor)
                .containsExactly("bob@acme.example", "alice@acme.example", "alice@acme.example");

        assertThat(s.confirm(offer.ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_typed_request_is_bound_to_the_room_it_was_typed_in_and_so_is_its_undo(String db) {
        ContainmentService s = service(db, false);
        Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE_ELSEWHERE);

        assertThat(s.confirm(asked.action().ref(), ALICE).type()).isEqualTo(Outcome.Type.WRONG_ROOM);
        Outcome done = s.confirm(asked.action().ref(), ALICE_ELSEWHERE);
        assertThat(done.type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(done.undo().roomId()).isEqualTo(ELSEWHERE);

        assertThat(s.press(done.undo().ref(), ALICE).type()).isEqualTo(Outcome.Type.WRONG_ROOM);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_approval_card_is_approved_only_in_the_room_it_was_posted_in(String db) {
        ContainmentService s = service(db, true);
        // An alert card in the IRT room: Alice presses and confirms there; the approval card follows in that room.
        PendingAction offer = s.offer(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", IRT, "irflow");
        s.press(offer.ref(), ALICE);
        assertThat(s.confirm(offer.ref(), ALICE).type()).isEqualTo(Outcome.Type.AWAITING_APPROVAL);

        assertThat(s.confirm(offer.ref(), BOB_ELSEWHERE).type()).isEqualTo(Outcome.Type.WRONG_ROOM);
        assertThat(ise.calls()).isEmpty();
        assertThat(s.confirm(offer.ref(), BOB).type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(ise.calls()).containsExactly("apply:" + MAC);
    }

    @Test
    void one_room_written_two_ways_is_the_same_room_and_no_id_matches_a_missing_one() {
        String uuid = "1b0c5a2e-0000-4000-8000-00000000a1a1";
        String padded = IRT + "=".repeat((4 - IRT.length() % 4) % 4);
        assertThat(ContainmentService.sameRoom(IRT, IRT)).isTrue();
        assertThat(ContainmentService.sameRoom(IRT, padded)).isTrue();
        assertThat(ContainmentService.sameRoom(IRT, RestIds.restId("eu", "ROOM", uuid))).isTrue();
        assertThat(ContainmentService.sameRoom(IRT, uuid.toUpperCase())).isTrue();
        assertThat(ContainmentService.sameRoom(IRT, ELSEWHERE)).isFalse();
        assertThat(ContainmentService.sameRoom("room-1", "room-2")).isFalse();
        assertThat(ContainmentService.sameRoom(IRT, null)).isFalse();
        assertThat(ContainmentService.sameRoom(IRT, "")).isFalse();
    }
}

package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The append-only containment audit: pages newest first, per room, target and reference; listeners never break it. */
class AuditStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static AuditStore.Entry entry(int i, String room, AuditStore.Event event, ContainmentKind kind, String target,
                                          Integer status) {
        return new AuditStore.Entry(T0.plusSeconds(i), "alice@example.com", room, event, kind, "ISE", target,
                "step " + i, status, status == null ? null : "track-" + i, "ref-" + (i % 2));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void entries_round_trip_and_are_found_by_page_room_target_and_reference(String kind) {
        AuditStore audit = new AuditStore(databases.open(kind));
        AuditStore.Entry first = entry(0, "room-a", AuditStore.Event.REQUESTED, ContainmentKind.QUARANTINE, "mac-1", null);
        audit.append(first);
        audit.append(entry(1, "room-a", AuditStore.Event.EXECUTED, ContainmentKind.QUARANTINE, "mac-1", 200));
        audit.append(entry(2, "room-b", AuditStore.Event.REFUSED, null, null, null));
        audit.append(entry(3, "room-b", AuditStore.Event.UNDONE, ContainmentKind.QUARANTINE, "mac-1", 0));

        assertThat(audit.count()).isEqualTo(4);
        assertThat(audit.last(2)).extracting(AuditStore.Entry::outcome).containsExactly("step 3", "step 2");
        assertThat(audit.last(2, 5)).extracting(AuditStore.Entry::outcome).containsExactly("step 1", "step 0");
        assertThat(audit.last(3, 5).get(0)).isEqualTo(first);
        assertThat(audit.last(1, 1).get(0).kind()).isNull();
        assertThat(audit.last(1).get(0).productStatus()).isZero();
        assertThat(audit.forRoom("room-b")).extracting(AuditStore.Entry::event)
                .containsExactly(AuditStore.Event.REFUSED, AuditStore.Event.UNDONE);
        assertThat(audit.forTarget(ContainmentKind.QUARANTINE, "mac-1")).extracting(AuditStore.Entry::outcome)
                .containsExactly("step 0", "step 1", "step 3");
        assertThat(audit.forTarget(ContainmentKind.ISOLATE, "mac-1")).isEmpty();
        assertThat(audit.forRef("ref-1")).extracting(AuditStore.Entry::outcome).containsExactly("step 1", "step 3");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_long_outcome_is_clipped_and_a_failing_listener_neither_throws_nor_stops_the_others(String kind) {
        List<String> heard = new ArrayList<>();
        AuditStore audit = new AuditStore(databases.open(kind))
                .listen(e -> {
                    throw new IllegalStateException("listener bug");
                })
                .listen(e -> heard.add(e.outcome()));
        AuditStore.Entry e = entry(0, "room", AuditStore.Event.FAILED, ContainmentKind.QUARANTINE, "mac", 500);

        audit.append(new AuditStore.Entry(e.at(), e.actor(), e.roomId(), e.event(), e.kind(), e.product(), e.target(),
                "x".repeat(5000), e.productStatus(), e.trackingId(), e.ref()));

        assertThat(heard).hasSize(1);
        assertThat(audit.last(1).get(0).outcome()).hasSize(1000).endsWith("…");
    }
}

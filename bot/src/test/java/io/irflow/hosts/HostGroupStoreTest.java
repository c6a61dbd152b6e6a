package io.irflow.hosts;

import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AMP groups of each computer investigations fetched, replaced when the computer is seen again. */
class HostGroupStoreTest {
    private static final String GUID = "8E2E7B74-BB14-4C09-A2C2-E32C5C5195D9";
    private static final String PROTECT = "766412fa-8af2-496d-b33b-2e8cdf9f47b3";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_computers_groups_are_learnt_from_what_an_investigation_found_and_replaced_when_it_moves(String kind) {
        HostGroupStore store = new HostGroupStore(databases.open(kind),
                new MutableClock(Instant.parse("2026-12-04T10:00:00Z")));
        HostDetails amp = new HostDetails("Demo-Kovter", List.of("10.0.0.1"), List.of(), null, null,
                HostId.ampConnector(GUID), null, null, List.of(new HostDetails.Group(PROTECT, "Protect")));
        HostDetails noConnector = new HostDetails("wks-2", List.of(), List.of(), null, null, null, null, null,
                List.of(new HostDetails.Group("g-2", "Servers")));
        store.observe(List.of(amp, noConnector));

        assertThat(store.of(List.of("demo-kovter", GUID.toLowerCase()))).containsExactlyInAnyOrder(PROTECT, "protect");
        assertThat(store.of(List.of("wks-2", "g-2"))).isEmpty();
        assertThat(store.of(List.of())).isEmpty();

        store.record(GUID, List.of(new HostDetails.Group(null, "Servers")));
        assertThat(store.of(List.of(GUID))).containsExactly("servers");
        // Seen again with no group information: what was learnt stays.
        store.observe(List.of(new HostDetails("Demo-Kovter", null, null, null, null, HostId.ampConnector(GUID), null,
                null)));
        assertThat(store.of(List.of(GUID))).containsExactly("servers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void investigations_recording_one_computer_at_once_all_succeed_and_leave_its_group(String kind) throws Exception {
        HostGroupStore store = new HostGroupStore(databases.open(kind),
                new MutableClock(Instant.parse("2026-12-04T10:00:00Z")));
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    store.record(GUID, List.of(new HostDetails.Group(PROTECT, "Protect")));
                    return null;
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> f : runs) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.of(List.of(GUID))).containsExactlyInAnyOrder(PROTECT, "protect");
    }
}

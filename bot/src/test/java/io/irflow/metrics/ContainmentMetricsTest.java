package io.irflow.metrics;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.Actor;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.Outcome;
import io.irflow.contain.PendingActionStore;
import io.irflow.contain.Responders;
import io.irflow.store.Database;
import io.irflow.testing.FakeContainment;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containment actions are counted by action and outcome as the service decides them; the label is the action's verb,
 * never the target.
 */
class ContainmentMetricsTest {
    private static final String MAC = "00:50:56:a1:b2:42";
    private static final Actor ALICE = new Actor("p-alice", "alice@acme.example", "room-1");

    @TempDir
    Path dir;
    private Database db;

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void executed_undone_and_failed_actions_are_counted_by_verb_and_outcome() {
        db = TestDatabases.open(TestDatabases.freshUrl("h2", dir));
        FakeContainment ise = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
        Metrics metrics = new Metrics();
        ContainmentService service = new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise),
                new PendingActionStore(db.dataSource()), new ContainedTargetStore(db.dataSource()),
                new AuditStore(db.dataSource()), new Responders(List.of("alice@acme.example")), false,
                Duration.ofHours(24), Clock.systemUTC(), metrics);

        Outcome done = service.executeNow(ContainmentKind.QUARANTINE, MAC, "WKS-FIN-042", ALICE);
        assertThat(done.type()).isEqualTo(Outcome.Type.EXECUTED);
        assertThat(service.press(done.undo().ref(), ALICE).type()).isEqualTo(Outcome.Type.CONFIRM);
        assertThat(service.confirm(done.undo().ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
        ise.failWith(new AdapterException("ISE", AdapterException.Kind.UNAVAILABLE, "ISE answered HTTP 500", 500, null,
                null, null));
        assertThat(service.executeNow(ContainmentKind.QUARANTINE, MAC, "WKS-FIN-042", ALICE).type())
                .isEqualTo(Outcome.Type.FAILED);

        String text = metrics.scrape();
        assertThat(text).contains("irflow_containment_actions_total{action=\"quarantine\",outcome=\"executed\"} 1.0",
                "irflow_containment_actions_total{action=\"unquarantine\",outcome=\"executed\"} 1.0",
                "irflow_containment_actions_total{action=\"quarantine\",outcome=\"failed\"} 1.0");
        assertThat(text).doesNotContain(MAC, "WKS-FIN-042", "alice@acme.example");
    }
}

package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.store.Database;
import io.irflow.testing.FakeContainment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A containment reported as done survives {@code kill -9}: a child JVM executes one on the embedded (file) database,
 * prints "DONE", and is killed with SIGKILL at once; the database, reopened, still holds the containment and its audit.
 */
class KillNineDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void a_reported_containment_survives_sigkill_of_the_process() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("irflow").toAbsolutePath();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillNineDurabilityTest.Child.class.getName(), url)
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("DONE")) {
                // skip the child's log lines
            }
            assertThat(line).as("the child reported the containment as done").isEqualTo("DONE");
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no orderly close
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        try (Database db = Database.open(url)) {
            assertThat(new ContainedTargets(db.dataSource()).all()).extracting(ContainedTargets.Row::target)
                    .containsExactly("00:50:56:a1:b2:42");
            assertThat(new AuditLog(db.dataSource()).last(10)).extracting(AuditLog.Entry::event)
                    .contains(AuditLog.Event.EXECUTED);
        }
    }

    /** The child process: executes one containment, reports it, then waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Database db = Database.open(args[0]);
            ContainmentService s = new ContainmentService(
                    Map.of(ContainmentKind.QUARANTINE, new FakeContainment(ContainmentKind.QUARANTINE, "ISE")),
                    new PendingActions(db.dataSource()), new ContainedTargets(db.dataSource()), new AuditLog(db.dataSource()),
                    new Responders(List.of("alice@acme.example")), false, Duration.ofHours(1), Clock.systemUTC());
            Actor alice = new Actor("p", "alice@acme.example", "room");
            Outcome asked = s.request(ContainmentKind.QUARANTINE, false, "00:50:56:a1:b2:42", "WKS-FIN-042", alice);
            if (s.confirm(asked.action().ref(), alice).type() == Outcome.Type.EXECUTED) {
                System.out.println("DONE");
                System.out.flush();
            }
            Thread.sleep(60_000);
        }
    }
}

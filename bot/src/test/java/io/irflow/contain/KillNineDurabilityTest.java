package io.irflow.contain;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.store.Database;
import io.irflow.testing.FakeContainment;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A containment survives {@code kill -9}: a child JVM executes one on the embedded (file) database, prints "DONE",
 * and is killed with SIGKILL at once; the database, reopened, still holds the containment and its audit. And a kill
 * between the product call and the database write loses nothing: the intent stored before the call is reconciled
 * with the product at restart, and the undo works.
 */
class KillNineDurabilityTest {
    static final String MAC = "00:50:56:a1:b2:42";
    static final Actor ALICE = new Actor("p", "alice@acme.example", "room");

    @TempDir
    Path dir;

    @Test
    void a_reported_containment_survives_sigkill_of_the_process() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("irflow").toAbsolutePath();
        killWhenItSays("DONE", Child.class, url);

        try (Database db = Database.open(url)) {
            assertThat(new ContainedTargetStore(db.dataSource()).all()).extracting(ContainedTargetStore.Row::target)
                    .containsExactly("00:50:56:a1:b2:42");
            assertThat(new AuditStore(db.dataSource()).last(10)).extracting(AuditStore.Entry::event)
                    .contains(AuditStore.Event.EXECUTED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void sigkill_between_the_product_call_and_the_database_write_is_reconciled_at_restart_and_undo_works(String kind)
            throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        Path product = Files.createDirectories(dir.resolve("ise"));
        killWhenItSays("APPLIED", HangingChild.class, url, product.toString());
        FileProduct ise = new FileProduct(product);
        assertThat(ise.isContained(MAC)).as("ISE quarantined the host before the kill").contains(true);

        try (Database db = Database.open(url)) {
            assertThat(new ContainedTargetStore(db.dataSource()).all()).as("the kill came before the ledger write")
                    .isEmpty();
            assertThat(new PendingActionStore(db.dataSource()).inState(PendingAction.State.EXECUTING))
                    .as("the intent was stored before the call").singleElement()
                    .satisfies(a -> assertThat(a.target()).isEqualTo(MAC));

            // The restarted process, once the action is older than any product call can last.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6));
            ContainmentService s = service(db, ise, later);
            assertThat(s.reconcile(Duration.ofMinutes(5))).isEqualTo(new Reconciler.Result(1, 0, 0));

            assertThat(s.contained()).singleElement().satisfies(r -> {
                assertThat(r.target()).isEqualTo(MAC);
                assertThat(r.containedBy()).isEqualTo(ALICE.email());
            });
            assertThat(s.audit(1).get(0).event()).isEqualTo(AuditStore.Event.EXECUTED);
            assertThat(s.audit(1).get(0).outcome()).startsWith("reconciled: ISE reports it in effect");

            PendingAction undo = s.offer(ContainmentKind.QUARANTINE, true, MAC, "WKS-FIN-042", ALICE.roomId(),
                    ALICE.email());
            assertThat(s.press(undo.ref(), ALICE).type()).isEqualTo(Outcome.Type.CONFIRM);
            assertThat(s.confirm(undo.ref(), ALICE).type()).isEqualTo(Outcome.Type.EXECUTED);
            assertThat(ise.isContained(MAC)).contains(false);
            assertThat(s.contained()).isEmpty();
            assertThat(ise.applies()).as("applied once, by the killed process").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void sigkill_between_the_target_claim_and_the_product_call_is_reconciled_and_the_target_is_not_stuck(String kind)
            throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        Path product = Files.createDirectories(dir.resolve("ise-claimed"));
        killWhenItSays("CLAIMED", ClaimedChild.class, url, product.toString());
        FileProduct ise = new FileProduct(product);
        assertThat(ise.isContained(MAC)).as("killed before ISE was called").contains(false);

        try (Database db = Database.open(url)) {
            PendingActionStore store = new PendingActionStore(db.dataSource());
            assertThat(store.targetHolder(ContainmentKind.QUARANTINE, MAC)).as("the dead process holds the target")
                    .isPresent();
            ContainmentService now = service(db, ise, Clock.systemUTC());
            now.claimWait(Duration.ofMillis(300));
            Outcome meanwhile = now.confirm(now.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE)
                    .action().ref(), ALICE);
            assertThat(meanwhile.type()).as("not called while the dead one's action is unsettled")
                    .isEqualTo(Outcome.Type.INVALID_REFERENCE);
            assertThat(ise.isContained(MAC)).contains(false);

            ContainmentService restarted = service(db, ise, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
            assertThat(restarted.reconcile(Duration.ofMinutes(5))).isEqualTo(new Reconciler.Result(0, 1, 0));
            assertThat(store.targetHolder(ContainmentKind.QUARANTINE, MAC)).as("released once settled").isEmpty();

            Outcome again = restarted.confirm(restarted.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042",
                    ALICE).action().ref(), ALICE);
            assertThat(again.type()).isEqualTo(Outcome.Type.EXECUTED);
            assertThat(ise.applies()).as("applied once, after the reconcile").isEqualTo(1);
        }
    }

    /** Starts a child JVM running {@code main}, reads its output until {@code signal}, then SIGKILLs it. */
    private static void killWhenItSays(String signal, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(signal)) {
                // skip the child's log lines
            }
            assertThat(line).as("the child said %s", signal).isEqualTo(signal);
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no orderly close
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    static ContainmentService service(Database db, Containment product, Clock clock) {
        return new ContainmentService(Map.of(ContainmentKind.QUARANTINE, product), new PendingActionStore(db.dataSource()),
                new ContainedTargetStore(db.dataSource()), new AuditStore(db.dataSource()),
                new Responders(List.of(ALICE.email())), false, Duration.ofHours(1), clock);
    }

    /** The child process: confirms a quarantine whose product call acts, says so, and never returns. */
    public static final class HangingChild {
        public static void main(String[] args) throws Exception {
            Database db = Database.open(args[0]);
            FileProduct ise = new FileProduct(Path.of(args[1]));
            ise.afterApply = () -> {
                System.out.println("APPLIED");
                System.out.flush();
                try {
                    Thread.sleep(60_000); // killed here: after ISE acted, before irflow wrote the result
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            ContainmentService s = service(db, ise, Clock.systemUTC());
            Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
            s.confirm(asked.action().ref(), ALICE);
        }
    }

    /** The child process: confirms a quarantine, claims its target, and is killed before ISE is called. */
    public static final class ClaimedChild {
        public static void main(String[] args) throws Exception {
            Database db = Database.open(args[0]);
            FileProduct ise = new FileProduct(Path.of(args[1]));
            ise.beforeApply = () -> {
                System.out.println("CLAIMED");
                System.out.flush();
                try {
                    Thread.sleep(60_000); // killed here: target claimed, action executing, ISE not called
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            ContainmentService s = service(db, ise, Clock.systemUTC());
            Outcome asked = s.request(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042", ALICE);
            s.confirm(asked.action().ref(), ALICE);
        }
    }

    /** A quarantine product whose state is files in a folder, so it outlives the process that called it. */
    public static final class FileProduct implements Containment {
        private final Path folder;
        volatile Runnable afterApply = () -> { };
        volatile Runnable beforeApply = () -> { };

        FileProduct(Path folder) {
            this.folder = folder;
        }

        int applies() throws java.io.IOException {
            return Files.readAllLines(folder.resolve("applies.log")).size();
        }

        @Override
        public ContainmentKind kind() {
            return ContainmentKind.QUARANTINE;
        }

        @Override
        public String product() {
            return "ISE";
        }

        @Override
        public Optional<Boolean> isContained(String target) {
            return Optional.of(Files.exists(file(target)));
        }

        @Override
        public ContainmentResult apply(String target) throws AdapterException {
            beforeApply.run();
            try {
                Files.writeString(folder.resolve("applies.log"), target + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Files.writeString(file(target), "quarantined");
            } catch (java.io.IOException e) {
                throw new AdapterException("ISE", AdapterException.Kind.UNAVAILABLE, e.getMessage());
            }
            afterApply.run();
            return new ContainmentResult(ContainmentResult.Change.DONE, "", 204, null, null);
        }

        @Override
        public ContainmentResult undo(String target) throws AdapterException {
            try {
                Files.deleteIfExists(file(target));
            } catch (java.io.IOException e) {
                throw new AdapterException("ISE", AdapterException.Kind.UNAVAILABLE, e.getMessage());
            }
            return new ContainmentResult(ContainmentResult.Change.DONE, "", 204, null, null);
        }

        private Path file(String target) {
            return folder.resolve(target.replace(':', '-'));
        }
    }

    /** The child process: executes one containment, reports it, then waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Database db = Database.open(args[0]);
            ContainmentService s = new ContainmentService(
                    Map.of(ContainmentKind.QUARANTINE, new FakeContainment(ContainmentKind.QUARANTINE, "ISE")),
                    new PendingActionStore(db.dataSource()), new ContainedTargetStore(db.dataSource()), new AuditStore(db.dataSource()),
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

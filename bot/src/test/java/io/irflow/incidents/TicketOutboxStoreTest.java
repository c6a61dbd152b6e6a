package io.irflow.incidents;

import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The ticket change queue: in order per incident and overall, kept until taken, failed tries recorded. */
class TicketOutboxStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void changes_wait_in_order_until_taken_and_a_failed_try_is_recorded(String kind) {
        DataSource ds = databases.open(kind);
        TicketOutboxStore outbox = new TicketOutboxStore(ds);
        outbox.enqueue("IR-2026-0001", TicketOutboxStore.Op.CREATE, "create", null, 2, "description", null, null, T0);
        outbox.enqueue("IR-2026-0002", TicketOutboxStore.Op.CREATE, "create other", null, null, null, null, null, T0);
        outbox.enqueue("IR-2026-0001", TicketOutboxStore.Op.UPDATE, "s".repeat(600), "Contained", null,
                "n".repeat(5000), "r".repeat(3000), "alice@example.com", T0.plusSeconds(1));

        assertThat(outbox.pending(10)).extracting(TicketOutboxStore.Change::summary).startsWith("create", "create other");
        assertThat(outbox.pending(2)).hasSize(2);
        assertThat(outbox.pending("IR-2026-0001")).satisfiesExactly(
                c -> {
                    assertThat(c.op()).isEqualTo(TicketOutboxStore.Op.CREATE);
                    assertThat(c.severity()).isEqualTo(2);
                    assertThat(c.workNote()).isEqualTo("description");
                    assertThat(c.nextAt()).isEqualTo(T0);
                },
                c -> {
                    assertThat(c.severity()).isNull();
                    assertThat(c.status()).isEqualTo("Contained");
                    assertThat(c.summary()).hasSize(500);
                    assertThat(c.workNote()).hasSize(4000);
                    assertThat(c.resolution()).hasSize(2000);
                    assertThat(c.assignee()).isEqualTo("alice@example.com");
                });
        long create = outbox.pending("IR-2026-0001").get(0).id();

        outbox.retryLater(create, 1, T0.plusSeconds(30), "HTTP 503 " + "e".repeat(2000));
        assertThat(outbox.pending("IR-2026-0001").get(0)).satisfies(c -> {
            assertThat(c.attempts()).isEqualTo(1);
            assertThat(c.nextAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(c.lastError()).startsWith("HTTP 503").hasSize(1000);
        });

        outbox.sent(create, T0.plusSeconds(31));

        assertThat(outbox.pending("IR-2026-0001")).extracting(TicketOutboxStore.Change::op)
                .containsExactly(TicketOutboxStore.Op.UPDATE);
        assertThat(new Jdbc(ds).query("SELECT attempts, last_error, sent_at FROM ticket_outbox WHERE id = ?",
                rs -> rs.getInt(1) + "/" + rs.getString(2) + "/" + Jdbc.instant(rs, 3), create))
                .containsExactly("2/null/" + T0.plusSeconds(31));
        assertThat(outbox.pending(10)).hasSize(2);
    }
}

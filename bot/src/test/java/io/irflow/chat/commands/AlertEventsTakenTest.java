package io.irflow.chat.commands;

import io.irflow.alerts.AlertAckStore;
import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.IdentityResolver;
import io.irflow.alerts.QuarantinePolicy;
import io.irflow.cards.AlertCard;
import io.irflow.capabilities.Alert;
import io.irflow.chat.Reply;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /alerts events} says who took each event ("I'm on it" on its alert group), on that group's events only. */
class AlertEventsTakenTest {
    private static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_event_of_a_taken_group_names_who_and_when_and_the_others_do_not(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        Clock clock = Clock.fixed(T0.plus(Duration.ofMinutes(29)), ZoneOffset.UTC);
        AlertPipeline pipeline = new AlertPipeline(seen, new AlertOutboxStore(ds), null,
                h -> new AlertCard.Context(null, null, null), QuarantinePolicy.off(), IdentityResolver.none(), "room",
                Duration.ofMinutes(10), clock);
        pipeline.ingest("AMP", List.of(alert("e1", "WKS-A", 1), alert("e2", "WKS-B", 2), alert("e3", "WKS-A", 3)),
                null);
        AlertCommands commands = new AlertCommands(null, null, seen, List.of("AMP"), null, seen.storms(), null, clock);
        assertThat(text(commands.events(""))).doesNotContain("taken by");

        AlertAckStore acks = seen.acks();
        String ref = refOf(ds, "e1");
        acks.acknowledge(acks.ofAlert(ref).orElseThrow(), "alice@acme.example", null, T0.plus(Duration.ofMinutes(26)));

        List<String> lines = text(commands.events("")).lines().filter(l -> l.startsWith("- ")).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).filteredOn(l -> l.contains("WKS-A")).hasSize(2)
                .allMatch(l -> l.endsWith(" (AMP) · taken by alice@acme.example 06:26 UTC (3 min ago)"));
        assertThat(lines).filteredOn(l -> l.contains("WKS-B")).singleElement().satisfies(l ->
                assertThat(l).endsWith(" (AMP)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void taking_a_hosts_new_run_of_alerts_does_not_mark_the_events_of_its_earlier_run(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        io.irflow.testing.MutableClock clock = new io.irflow.testing.MutableClock(T0.plus(Duration.ofMinutes(2)));
        AlertPipeline pipeline = new AlertPipeline(seen, new AlertOutboxStore(ds), null,
                h -> new AlertCard.Context(null, null, null), QuarantinePolicy.off(), IdentityResolver.none(), "room",
                Duration.ofMinutes(10), clock);
        pipeline.ingest("AMP", List.of(alert("e1", "WKS-A", 1)), null);
        // Quiet for longer than the window: the next event opens a new run (a new card) in the host's thread.
        clock.advance(Duration.ofMinutes(23));
        pipeline.ingest("AMP", List.of(alert("e2", "WKS-A", 24)), null);
        AlertAckStore acks = seen.acks();
        assertThat(acks.ofAlert(refOf(ds, "e1")).orElseThrow().ended()).isTrue();
        acks.acknowledge(acks.ofAlert(refOf(ds, "e2")).orElseThrow(), "alice@acme.example", null,
                T0.plus(Duration.ofMinutes(26)));
        clock.advance(Duration.ofMinutes(4));

        List<String> lines = text(new AlertCommands(null, null, seen, List.of("AMP"), null, seen.storms(), null, clock)
                .events("")).lines().filter(l -> l.startsWith("- ")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("06:24:00Z")
                .endsWith(" · taken by alice@acme.example 06:26 UTC (3 min ago)");
        assertThat(lines.get(1)).contains("06:01:00Z").doesNotContain("taken by");
    }

    private static Alert alert(String id, String host, int minute) {
        return new Alert("AMP", id, T0.plus(Duration.ofMinutes(minute)), "Executed malware", "W32.Test", "high",
                new Alert.AlertHost(host, null, null, null), null, null, null, null);
    }

    private static String refOf(DataSource ds, String eventId) {
        try (var c = ds.getConnection(); var s = c.prepareStatement("SELECT ref FROM alert_seen WHERE alert_id = ?")) {
            s.setString(1, eventId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Reply r) {
        return ((Reply.Text) r.parts().get(0)).markdown();
    }
}

package io.irflow.chat.commands;

import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.IdentityResolver;
import io.irflow.alerts.QuarantinePolicy;
import io.irflow.alerts.StormSettings;
import io.irflow.cards.AlertCard;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.capabilities.Alert;
import io.irflow.chat.CardActionRequest;
import io.irflow.chat.Reply;
import io.irflow.incidents.IncidentService;
import io.irflow.incidents.IncidentStore;
import io.irflow.incidents.TicketOutboxStore;
import io.irflow.testing.FakeRooms;
import io.irflow.store.Database;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /alerts events} with its filters and a storm digest's List all hosts button, on a recorded storm. */
class AlertCommandsStormTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private Database db;
    private AlertSeenStore seen;
    private AlertCommands commands;
    private final FakeRooms rooms = new FakeRooms();
    private IncidentStore incidents;

    @BeforeEach
    void storm() {
        db = TestDatabases.open(TestConfigs.memoryDatabase());
        seen = new AlertSeenStore(db.dataSource());
        Clock clock = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
        List<Alert> batch = new ArrayList<>();
        for (int h = 1; h <= 12; h++) {
            batch.add(new Alert("AMP", "e" + h, T0.plusSeconds(h * 60L), "Executed Malware", "W32.Storm <b>", "High",
                    new Alert.AlertHost("WKS-" + h, "10.0.0." + h, null, null), null, null, null, null));
        }
        new AlertPipeline(seen, new AlertOutboxStore(db.dataSource()), null, h -> new AlertCard.Context(null, null, null),
                QuarantinePolicy.off(), IdentityResolver.none(), "room", Duration.ofMinutes(10), clock)
                .storm(StormSettings.DEFAULT).ingest("AMP", batch, null);
        incidents = new IncidentStore(db.dataSource());
        IncidentService service = new IncidentService(incidents, new TicketOutboxStore(db.dataSource()), rooms,
                List.of("ann@acme.example"), null, room -> List.of(), clock);
        commands = new AlertCommands(null, null, seen, List.of("AMP"), null, seen.storms(), service, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void alerts_events_filters_by_host_threat_and_since() {
        assertThat(text(commands.events("host:wks-1"))).contains("WKS-1 ", "WKS-10", "WKS-11", "WKS-12")
                .doesNotContain("WKS-2 ");
        assertThat(text(commands.events("host:10.0.0.7 threat:storm"))).contains("WKS-7").doesNotContain("WKS-8");
        assertThat(text(commands.events("since:3m"))).contains("WKS-12", "WKS-7").doesNotContain("WKS-6 ");
        assertThat(text(commands.events("threat:nothing"))).isEqualTo("No recorded event matches.");
        assertThat(text(commands.events("hots:x"))).startsWith("Filters:");
        assertThat(text(commands.events(""))).contains("\\<b\\>").doesNotContain("<b>");
    }

    @Test
    void alerts_events_shows_who_took_a_storm_once_on_every_event_of_its_digest() throws Exception {
        assertThat(text(commands.events(""))).doesNotContain("taken by");
        var acks = seen.acks();
        acks.acknowledge(acks.ofDigest(digestKey()).orElseThrow(), "alice@acme.example", null, T0.plusSeconds(420));

        assertThat(text(commands.events("")).lines().filter(l -> l.startsWith("- "))).hasSize(12)
                .allMatch(l -> l.endsWith(" · taken by alice@acme.example 10:07 UTC (3 min ago)"));
    }

    @Test
    void list_all_hosts_answers_from_the_store_by_the_digest_key() throws Exception {
        String key;
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT group_key FROM outbox WHERE card_json IS NOT NULL")) {
            rs.next();
            key = rs.getString(1);
        }
        String hosts = text(commands.stormHosts(press(key)));
        assertThat(hosts).startsWith("**12 hosts**").contains("- WKS-1 (1 event)", "- WKS-12 (1 event)");
        assertThat(text(commands.stormHosts(press("amp|wks-1|x")))).contains("not known");
        assertThat(AlertCommands.stormRef(key)).hasSizeLessThanOrEqualTo(64).startsWith("storm-");
    }

    @Test
    void open_incident_for_the_storm_opens_one_incident_with_its_hosts_however_often_it_is_pressed() throws Exception {
        String key = digestKey();
        String first = text(commands.stormIncident(press(key)));
        String second = text(commands.stormIncident(press(key)));

        assertThat(first).startsWith("Opened incident ").contains("on 12 hosts");
        assertThat(second).startsWith("This storm already has incident ");
        assertThat(incidents.open()).hasSize(1);
        String id = incidents.open().get(0).id();
        assertThat(first).contains(id);
        assertThat(second).contains(id);
        assertThat(rooms.titles).hasSize(1);
        assertThat(incidents.open().get(0).title()).contains("W32.Storm").contains("12 hosts");
        // A made-up digest key opens nothing.
        assertThat(text(commands.stormIncident(press("storm|x|y")))).contains("not known");
        assertThat(incidents.open()).hasSize(1);
    }

    private String digestKey() throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT group_key FROM outbox WHERE card_json IS NOT NULL")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static CardActionRequest press(String key) {
        return new CardActionRequest("room", "m1", "p1", "ann@acme.example", ActionIds.STORM_HOSTS,
                Map.of("action", ActionIds.STORM_HOSTS, ActionIds.DIGEST, key));
    }

    private static String text(Reply r) {
        return ((Reply.Text) r.parts().get(0)).markdown();
    }
}

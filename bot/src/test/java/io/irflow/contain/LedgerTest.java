package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.hosts.HostStore;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import io.irflow.testing.Findings;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger joins what irflow holds contained with the host directory, whichever identifier a card is about. */
class LedgerTest {
    private static final String MAC = "00:50:56:aa:bb:cc";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static InvestigationResult result(ObservableType type, String value, String hostname, String ip) {
        return result(type, value, hostname, ip, MAC);
    }

    private static InvestigationResult result(ObservableType type, String value, String hostname, String ip, String mac) {
        SourceResult amp = new SourceResult("ISE", SourceStatus.FOUND,
                Findings.host("ISE", hostname, null, ip, mac, "ANC policy: none"), "", null, Duration.ZERO, null);
        return new InvestigationResult(new Observable(type, value), List.of(amp), Duration.ZERO);
    }

    @Test
    void a_quarantine_shows_on_every_card_naming_the_host_and_its_change_drops_every_identifier() {
        DataSource ds = databases.open("h2");
        ContainedTargetStore contained = new ContainedTargetStore(ds);
        List<Set<String>> dropped = new ArrayList<>();
        Ledger ledger = new Ledger(new HostStore(ds, Clock.systemUTC()), contained, dropped::add);
        ledger.observe(new InvestigationResult(new Observable(ObservableType.HOSTNAME, "wks-fin-042"), List.of(
                new SourceResult("AMP for Endpoints", SourceStatus.FOUND, Findings.host("AMP for Endpoints", "WKS-FIN-042",
                        null, "10.1.2.3", MAC, "not_isolated"), "", null, Duration.ZERO, null)), Duration.ZERO));
        ContainedTargetStore.Row row = new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, MAC,
                "WKS-FIN-042 (" + MAC + ")", "ISE", Instant.parse("2026-12-03T14:05:00Z"), "bob@example.com", "room");
        contained.add(row);

        List<Ledger.Hold> byIp = ledger.holds(new InvestigationResult(new Observable(ObservableType.IPV4, "10.1.2.3"),
                List.of(), Duration.ZERO));
        List<Ledger.Hold> byName = ledger.holds(result(ObservableType.SHA256, "a".repeat(64), "wks-fin-042", "10.1.2.3"));

        assertThat(byIp).extracting(Ledger.Hold::row).containsExactly(row);
        assertThat(byName).extracting(Ledger.Hold::row).containsExactly(row);
        assertThat(byName.get(0).covers(new Targets.Target(ContainmentKind.QUARANTINE, MAC.toUpperCase(), "x"))).isTrue();
        assertThat(byName.get(0).covers(new Targets.Target(ContainmentKind.ISOLATE, "guid-1", "x"))).isFalse();
        assertThat(ledger.holds(result(ObservableType.HOSTNAME, "wks-0007", "WKS-0007", "10.9.9.9", "00:50:56:00:00:07")))
                .isEmpty();

        ledger.audited(new AuditStore.Entry(Instant.now(), "bob@example.com", "room", AuditStore.Event.EXECUTED,
                ContainmentKind.QUARANTINE, "ISE", MAC, "", 204, null, "ref"));
        ledger.audited(new AuditStore.Entry(Instant.now(), "bob@example.com", "room", AuditStore.Event.REQUESTED,
                ContainmentKind.QUARANTINE, "ISE", MAC, "", null, null, "ref"));

        assertThat(dropped).containsExactly(Set.of("wks-fin-042", "10.1.2.3", MAC, "guid-1"));
    }

    @Test
    void a_mac_quarantined_by_hand_becomes_a_known_host_and_its_card_shows_the_quarantine() {
        DataSource ds = databases.open("h2");
        ContainedTargetStore contained = new ContainedTargetStore(ds);
        HostStore hosts = new HostStore(ds, Clock.systemUTC());
        Ledger ledger = new Ledger(hosts, contained, ids -> { });
        String typed = "00:50:56:00:00:77";
        contained.add(new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, typed, typed, "ISE", Instant.now(),
                "bob@example.com", "room"));

        ledger.audited(new AuditStore.Entry(Instant.now(), "bob@example.com", "room", AuditStore.Event.EXECUTED,
                ContainmentKind.QUARANTINE, "ISE", typed, "", 204, null, "ref"));

        assertThat(hosts.find(typed)).isPresent();
        assertThat(ledger.holds(List.of(typed.toUpperCase()))).hasSize(1);
    }
}

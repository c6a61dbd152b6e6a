package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.hosts.HostIdentifier;
import io.irflow.hosts.HostStore;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL: a quarantine made by A drops B's cached answers about every identifier of the host
 * at B's next poll, once; entries that are not containment changes, and old ones, drop nothing.
 */
class LedgerFeedTest {
    private static final String MAC = "00:50:56:aa:bb:cc";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static AuditStore.Entry entry(Instant at, AuditStore.Event event, String target) {
        return new AuditStore.Entry(at, "alice@example.com", "room", event, ContainmentKind.QUARANTINE, "ISE", target,
                "done", 200, null, "ref-1");
    }

    @Test
    void another_instances_quarantine_drops_this_instances_cached_answers_about_the_host_once() {
        DataSource ds = databases.open("postgres");
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        new HostStore(ds, clock).record(List.of(new HostIdentifier(HostIdentifier.Kind.HOSTNAME, "WKS-FIN-042"),
                new HostIdentifier(HostIdentifier.Kind.MAC, MAC), new HostIdentifier(HostIdentifier.Kind.IP, "10.1.2.3")));

        // Instance A acts: its own audit store, its own ledger (which drops A's cache at once).
        List<Set<String>> droppedOnA = new ArrayList<>();
        AuditStore auditA = new AuditStore(ds);
        Ledger ledgerA = new Ledger(new HostStore(ds, clock), new ContainedTargetStore(ds), droppedOnA::add);
        auditA.listen(ledgerA::audited);
        // Instance B only polls.
        List<Set<String>> droppedOnB = new ArrayList<>();
        Ledger ledgerB = new Ledger(new HostStore(ds, clock), new ContainedTargetStore(ds), droppedOnB::add);
        LedgerFeed feedB = new LedgerFeed(new AuditStore(ds), ledgerB, clock);

        auditA.append(entry(now.minusSeconds(1), AuditStore.Event.REQUESTED, MAC));
        auditA.append(entry(now.minus(LedgerFeed.LOOKBACK).minusSeconds(30), AuditStore.Event.EXECUTED, "00:00:00:00:00:01"));
        feedB.run();
        assertThat(droppedOnB).isEmpty();

        auditA.append(entry(now, AuditStore.Event.EXECUTED, MAC));
        assertThat(droppedOnA).last().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ITERABLE)
                .contains(MAC, "wks-fin-042");
        feedB.run();
        assertThat(droppedOnB).hasSize(1);
        assertThat(droppedOnB.get(0)).contains(MAC, "wks-fin-042", "10.1.2.3");

        feedB.run();
        assertThat(droppedOnB).as("each change is heard once").hasSize(1);

        auditA.append(entry(now, AuditStore.Event.UNDONE, MAC));
        feedB.run();
        assertThat(droppedOnB).hasSize(2);
    }
}

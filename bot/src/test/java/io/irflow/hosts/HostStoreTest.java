package io.irflow.hosts;

import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The host store on both databases: products' records of one host join on strong identifiers, never on IPs. */
class HostStoreTest {
    private static final String GUID = "6c0c5f52-8992-4ae7-80c0-c10a3f3973b7";
    private static final String MAC = "00:50:56:9a:4b:1c";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static HostDetails amp() {
        return new HostDetails("WKS-FIN-042.corp.example.com", List.of("10.20.30.41"), List.of(MAC), "jdoe", "Windows 10",
                HostId.ampConnector(GUID), "not_isolated", null);
    }

    private static HostDetails ise(String ip, String mac) {
        return new HostDetails(null, List.of(ip), List.of(mac), "CORP\\jdoe", null, null, "ANC policy: none", null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void every_identifier_the_products_gave_names_one_host(String kind) {
        HostStore store = new HostStore(databases.open(kind), Clock.systemUTC());

        KnownHost fromAmp = store.record(HostIdentifier.of(amp())).orElseThrow();
        KnownHost fromIse = store.record(HostIdentifier.of(ise("10.20.30.41", MAC.toUpperCase()))).orElseThrow();

        assertThat(fromIse.id()).isEqualTo(fromAmp.id());
        for (String typed : List.of("WKS-FIN-042.corp.example.com", "wks-fin-042", "10.20.30.41", MAC,
                MAC.toUpperCase(), GUID)) {
            assertThat(store.find(typed)).as(typed).map(KnownHost::id).contains(fromAmp.id());
        }
        KnownHost host = store.host(fromAmp.id()).orElseThrow();
        assertThat(host.name()).isEqualTo("wks-fin-042.corp.example.com");
        assertThat(host.values(HostIdentifier.Kind.MAC)).containsExactly(MAC);
        assertThat(host.values(HostIdentifier.Kind.AMP_CONNECTOR)).containsExactly(GUID);
        assertThat(host.values(HostIdentifier.Kind.SHORT_NAME)).containsExactly("wks-fin-042");
        assertThat(host.allValues()).hasSize(5);
        assertThat(store.find("wks-fin-043")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_ip_moves_to_the_host_last_seen_with_it_and_never_joins_two_hosts(String kind) {
        HostStore store = new HostStore(databases.open(kind), Clock.systemUTC());
        long first = store.record(HostIdentifier.of(amp())).orElseThrow().id();

        long second = store.record(HostIdentifier.of(ise("10.20.30.41", "00:50:56:00:00:99"))).orElseThrow().id();

        assertThat(second).isNotEqualTo(first);
        assertThat(store.find("10.20.30.41")).map(KnownHost::id).contains(second);
        assertThat(store.find(MAC)).map(KnownHost::id).contains(first);
        assertThat(store.record(HostIdentifier.of(ise("10.9.9.9", "zz")))).as("an IP alone makes no host").isEmpty();
        assertThat(store.find("10.9.9.9")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void two_hosts_that_turn_out_to_be_one_are_merged(String kind) {
        HostStore store = new HostStore(databases.open(kind), Clock.systemUTC());
        long byMac = store.record(HostIdentifier.of(ise("10.20.30.41", MAC))).orElseThrow().id();
        long byGuid = store.record(List.of(new HostIdentifier(HostIdentifier.Kind.AMP_CONNECTOR, GUID))).orElseThrow().id();
        assertThat(byGuid).isNotEqualTo(byMac);

        KnownHost merged = store.record(HostIdentifier.of(amp())).orElseThrow();

        assertThat(store.find(GUID)).map(KnownHost::id).contains(merged.id());
        assertThat(store.find(MAC)).map(KnownHost::id).contains(merged.id());
        assertThat(store.host(Math.max(byMac, byGuid))).isEmpty();
    }
}

package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.hosts.HostIdentifier;
import io.irflow.hosts.KnownHost;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** security.protected: which quarantines and isolations need a second responder, by what irflow knows of the host. */
class ProtectedTargetsTest {
    private static final String MAC = "00:50:56:9a:4b:3e";
    private static final String GUID = "8e2e7b74-bb14-4c09-a2c2-e32c5c5195d9";
    /** The file server as the host store knows it after an investigation: name, IP, MAC and AMP connector. */
    private static final KnownHost SERVER = new KnownHost(7, List.of(
            new HostIdentifier(HostIdentifier.Kind.HOSTNAME, "srv-file-01.corp.example.com"),
            new HostIdentifier(HostIdentifier.Kind.IP, "10.30.0.15"), new HostIdentifier(HostIdentifier.Kind.MAC, MAC),
            new HostIdentifier(HostIdentifier.Kind.AMP_CONNECTOR, GUID)), "SRV-FILE-01.corp.example.com");
    private static final Map<String, KnownHost> STORE = Map.of(MAC, SERVER, GUID, SERVER);

    private static ProtectedTargets of(String... entries) {
        return new ProtectedTargets(List.of(entries), id -> Optional.ofNullable(STORE.get(id)));
    }

    @Test
    void a_glob_an_exact_name_a_cidr_range_an_ip_and_a_mac_each_protect_the_host_by_any_of_its_identifiers() {
        assertThat(of("SRV-*").match(ContainmentKind.QUARANTINE, false, MAC, MAC)).contains("SRV-*");
        assertThat(of("srv-file-01").match(ContainmentKind.ISOLATE, false, GUID, "SRV-FILE-01")).contains("srv-file-01");
        assertThat(of("10.30.0.0/24").match(ContainmentKind.QUARANTINE, false, MAC, MAC)).contains("10.30.0.0/24");
        assertThat(of("10.30.0.15").match(ContainmentKind.ISOLATE, false, GUID, GUID)).contains("10.30.0.15");
        assertThat(of("00-50-56-9A-4B-3E").match(ContainmentKind.ISOLATE, false, GUID, GUID))
                .contains("00-50-56-9A-4B-3E");
    }

    @Test
    void a_host_the_store_does_not_know_is_matched_by_its_target_and_the_name_on_its_label() {
        String other = "00:50:56:9a:42:42";
        assertThat(of("WKS-FIN-*").match(ContainmentKind.QUARANTINE, false, other, "WKS-FIN-042 (" + other + ")"))
                .contains("WKS-FIN-*");
        assertThat(of("00:50:56:9a:42:42").match(ContainmentKind.QUARANTINE, false, other, other)).isPresent();
        assertThat(of("SRV-*", "10.30.0.0/24").match(ContainmentKind.QUARANTINE, false, other, "WKS-FIN-042 ("
                + other + ")")).isEmpty();
    }

    @Test
    void blocks_undos_and_an_empty_list_protect_nothing() {
        assertThat(of("SRV-*").match(ContainmentKind.QUARANTINE, true, MAC, MAC)).isEmpty();
        assertThat(of("*").match(ContainmentKind.BLOCK_DOMAIN, false, "bad.example", "bad.example")).isEmpty();
        assertThat(of().match(ContainmentKind.QUARANTINE, false, MAC, MAC)).isEmpty();
        assertThat(of("  ").any()).isFalse();
        assertThat(of("10.31.0.0/16", "SRV-DC-*").match(ContainmentKind.QUARANTINE, false, MAC, MAC)).isEmpty();
    }

    @Test
    void an_amp_group_entry_protects_a_host_whose_connector_amp_put_in_that_group_by_name_or_guid_any_case() {
        String servers = "0f8a1b2c-0000-4000-8000-00000000beef";
        java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> groups = connectors ->
                connectors.contains(GUID) ? java.util.Set.of(servers, "servers") : java.util.Set.of();
        ProtectedTargets byName = new ProtectedTargets(List.of("amp_group:Servers"),
                id -> Optional.ofNullable(STORE.get(id)), groups);
        assertThat(byName.any()).isTrue();
        // Quarantined by its MAC (ISE), the host's AMP connector is what the store knows it by too.
        assertThat(byName.match(ContainmentKind.QUARANTINE, false, MAC, MAC)).contains("amp_group:Servers");
        assertThat(byName.match(ContainmentKind.ISOLATE, false, GUID, GUID)).contains("amp_group:Servers");
        assertThat(new ProtectedTargets(List.of("AMP_GROUP:" + servers.toUpperCase()), id -> Optional.empty(), groups)
                .match(ContainmentKind.ISOLATE, false, GUID, GUID)).contains("AMP_GROUP:" + servers.toUpperCase());

        // Another group, a host in no known group, an undo, a name that only looks like the group: nothing.
        assertThat(new ProtectedTargets(List.of("amp_group:Triage"), id -> Optional.ofNullable(STORE.get(id)), groups)
                .match(ContainmentKind.QUARANTINE, false, MAC, MAC)).isEmpty();
        assertThat(byName.match(ContainmentKind.QUARANTINE, false, "00:50:56:9a:42:42", "SERVERS")).isEmpty();
        assertThat(byName.match(ContainmentKind.QUARANTINE, true, MAC, MAC)).isEmpty();
        assertThat(of("amp_group:Servers").match(ContainmentKind.QUARANTINE, false, MAC, MAC)).isEmpty();
        assertThat(of("amp_group:").any()).isFalse();
    }
}

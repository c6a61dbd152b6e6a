package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import io.irflow.contain.Targets.Target;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTest {
    private static final Set<ContainmentKind> ALL = EnumSet.allOf(ContainmentKind.class);

    @Test
    void isolation_targets_are_the_hosts_whose_id_is_an_amp_connector_guid_whatever_the_source_is_called() {
        InvestigationResult r = result(new Observable(ObservableType.IPV4, "10.1.2.3"),
                found("Secure Endpoint (renamed)", host("WKS-1", null, HostId.ampConnector("guid-1"))),
                found("Threat Response", host("WKS-2", null, new HostId(HostId.Kind.SIGHTING_TARGET, "guid-2"))),
                found("ISE", host(null, "00:50:56:aa:bb:cc", null)));

        assertThat(Targets.from(r, Set.of(ContainmentKind.ISOLATE)))
                .containsExactly(new Target(ContainmentKind.ISOLATE, "guid-1", "WKS-1"));
    }

    @Test
    void one_isolation_target_per_guid_labelled_with_the_host_name_or_else_the_guid() {
        InvestigationResult r = result(new Observable(ObservableType.IPV4, "10.1.2.3"),
                found("AMP for Endpoints", host(null, null, HostId.ampConnector("guid-1")),
                        host("WKS-1", null, HostId.ampConnector("guid-1")), host(null, null, HostId.ampConnector(" "))));

        assertThat(Targets.from(r, Set.of(ContainmentKind.ISOLATE)))
                .containsExactly(new Target(ContainmentKind.ISOLATE, "guid-1", "guid-1"));
    }

    @Test
    void sources_that_did_not_find_the_observable_give_no_targets() {
        InvestigationResult r = result(new Observable(ObservableType.IPV4, "10.1.2.3"),
                new SourceResult("AMP for Endpoints", SourceStatus.ERROR,
                        finding("AMP for Endpoints", host("WKS-1", "00:50:56:aa:bb:cc", HostId.ampConnector("g"))),
                        "HTTP 503", null, Duration.ZERO, null));

        assertThat(Targets.from(r, ALL)).isEmpty();
    }

    @Test
    void quarantine_targets_are_distinct_macs_from_any_source_labelled_with_a_host_name() {
        InvestigationResult r = result(new Observable(ObservableType.IPV4, "10.1.2.3"),
                found("ISE", host(null, "00:50:56:aa:bb:cc", null)),
                found("AMP for Endpoints", host("WKS-1", "00:50:56:aa:bb:cc", HostId.ampConnector("guid-1"))),
                found("CMX", host(null, "not-a-mac", null)));

        assertThat(Targets.from(r, Set.of(ContainmentKind.QUARANTINE))).containsExactly(
                new Target(ContainmentKind.QUARANTINE, "00:50:56:aa:bb:cc", "WKS-1 (00:50:56:aa:bb:cc)"));
    }

    @Test
    void a_url_offers_its_host_for_domain_blocking_and_a_sha256_offers_hash_blocking() {
        String sha = "a".repeat(64);
        assertThat(Targets.from(result(new Observable(ObservableType.URL, "https://Bad.Example.com/x")), ALL))
                .containsExactly(new Target(ContainmentKind.BLOCK_DOMAIN, "bad.example.com", "bad.example.com"));
        assertThat(Targets.from(result(new Observable(ObservableType.SHA256, sha)), ALL))
                .containsExactly(new Target(ContainmentKind.BLOCK_HASH, sha, sha));
    }

    @Test
    void only_the_available_kinds_are_offered() {
        InvestigationResult r = result(new Observable(ObservableType.DOMAIN, "bad.example.com"),
                found("AMP for Endpoints", host("WKS-1", "00:50:56:aa:bb:cc", HostId.ampConnector("guid-1"))));

        assertThat(Targets.from(r, Set.of())).isEmpty();
        assertThat(Targets.from(r, ALL)).extracting(Target::kind).containsExactly(ContainmentKind.QUARANTINE,
                ContainmentKind.ISOLATE, ContainmentKind.BLOCK_DOMAIN);
    }

    private static InvestigationResult result(Observable o, SourceResult... results) {
        return new InvestigationResult(o, List.of(results), Duration.ofMillis(5));
    }

    private static SourceResult found(String source, HostDetails... hosts) {
        return new SourceResult(source, SourceStatus.FOUND, finding(source, hosts), "", null, Duration.ZERO, null);
    }

    private static Finding finding(String source, HostDetails... hosts) {
        return new Finding(source, true, Verdict.unknown(), List.of(), List.of(), List.of(hosts), null);
    }

    private static HostDetails host(String hostname, String mac, HostId id) {
        return new HostDetails(hostname, List.of(), mac == null ? List.of() : List.of(mac), null, null, id, null, null);
    }
}

package io.irflow.adapters.amp;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.HostId;
import io.irflow.adapters.amp.dto.Computer;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host lookups (hostname, IPv4, IPv6) against a WireMock AMP built from the reference samples. */
class AmpHostLookupTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String DEMO_AMP_GUID = "dd655598-63d5-456f-9c1d-9876de860648";
    private static final String TESTBOX_GUID = "d433b798-a218-4682-a7eb-cd91bef02f09";

    private void computers(String param, String value, String fixture) {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).withQueryParam(param, equalTo(value))
                .willReturn(okJson(fixture(fixture))));
    }

    private void events(String fixture) {
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(okJson(fixture(fixture))));
    }

    private Finding enrich(ObservableType type, String value) throws AdapterException {
        try (AmpEnrichment adapter = adapter(wm.baseUrl())) {
            return adapter.enrich(new Observable(type, value));
        }
    }

    @Test
    void finds_computer_by_hostname_and_rates_it_by_its_threat_events() throws Exception {
        computers("hostname[]", "Demo_AMP", "computers-list-38-demo-computers.json");
        events("events-executed-malware-1107296272-authored.json");

        Finding f = enrich(ObservableType.HOSTNAME, "Demo_AMP");

        assertThat(f.known()).isTrue();
        assertThat(f.source()).isEqualTo("AMP for Endpoints");
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(f.verdict().reason()).contains("Executed malware", "WannaCry");
        assertThat(f.hosts()).singleElement().satisfies(h -> {
            assertThat(h.hostname()).isEqualTo("Demo_AMP");
            assertThat(h.ips()).containsExactly("52.140.34.49", "16.241.20.72");
            assertThat(h.macs()).containsExactly("22:88:fe:2c:89:5c");
            assertThat(h.os()).isEqualTo("Windows 10 (10.0.19044.1466)");
            assertThat(h.id()).isEqualTo(HostId.ampConnector(DEMO_AMP_GUID));
            assertThat(h.containment()).isEqualTo("not_isolated");
            assertThat(h.lastSeen()).isEqualTo(Instant.parse("2022-03-31T17:46:01Z"));
        });
        assertThat(f.facts()).hasSizeLessThanOrEqualTo(8).contains(
                new Fact("Threat events", "1 on 1 computer(s): Executed malware ×1"),
                new Fact("Connector", "7.5.3.20938"),
                new Fact("Group", "Triage"),
                new Fact("Policy", "Triage"),
                new Fact("Isolation", "not_isolated (isolation not available)"));
        assertThat(f.links()).contains(new Link("Device trajectory: Demo_AMP",
                CONSOLE + "/computers/" + DEMO_AMP_GUID + "/trajectory2"));

        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers"))
                .withQueryParam("hostname[]", equalTo("Demo_AMP"))
                .withQueryParam("limit", equalTo("20"))
                .withHeader("Authorization", equalTo(BASIC)));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events"))
                .withQueryParam("connector_guid[]", equalTo(DEMO_AMP_GUID))
                .withQueryParam("event_type[]", including("1107296272", "1090519054", "2164260880"))
                .withQueryParam("start_date", equalTo(START_DATE))
                .withQueryParam("limit", equalTo("50"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void quarantine_failure_among_mixed_events_makes_the_host_malicious() throws Exception {
        computers("hostname[]", "demo_qakbot_1", "computers-list-38-demo-computers.json");
        events("events-page-eu-mixed-types-sanitized.json");

        Finding f = enrich(ObservableType.HOSTNAME, "demo_qakbot_1");

        assertThat(f.hosts()).extracting(HostDetails::hostname).containsExactly("Demo_Qakbot_1");
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(f.verdict().reason()).startsWith("Quarantine Failure");
        assertThat(f.facts()).filteredOn(x -> x.title().equals("Threat events")).singleElement()
                .satisfies(x -> assertThat(x.value()).startsWith("6 on 1 computer(s)")
                        .contains("Quarantine Failure ×1").doesNotContain("Policy Update"));
    }

    @Test
    void host_without_threat_events_is_clean_and_short_names_match_fqdns() throws Exception {
        computers("hostname[]", "testbox.corp.example.com", "computers-list-38-demo-computers.json");
        events("empty-list-authored.json");

        Finding f = enrich(ObservableType.HOSTNAME, "testbox.corp.example.com");

        assertThat(f.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(f.verdict().reason()).isEqualTo("No threat events in the last 30 days");
        assertThat(f.facts()).contains(new Fact("Threat events", "none in the last 30 days"),
                new Fact("Policy", "Audit"), new Fact("Last seen", "2022-03-31T18:05:50Z"));
        assertThat(f.hosts()).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo(HostId.ampConnector(TESTBOX_GUID));
            assertThat(h.ips()).containsExactly("10.10.0.6", "10.116.0.3", "143.198.160.61");
        });
    }

    @Test
    void a_failed_events_call_is_shown_without_failing_the_lookup() throws Exception {
        computers("hostname[]", "testbox", "computers-list-38-demo-computers.json");
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(serviceUnavailable()));

        Finding f = enrich(ObservableType.HOSTNAME, "testbox");

        assertThat(f.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(f.hosts()).hasSize(1);
        assertThat(f.facts()).filteredOn(x -> x.title().equals("Threat events")).singleElement()
                .satisfies(x -> assertThat(x.value()).startsWith("unavailable (AMP for Endpoints answered HTTP 503"));
    }

    @Test
    void unknown_hostname_returns_nothing_known() throws Exception {
        computers("hostname[]", "nohost", "empty-list-authored.json");

        Finding f = enrich(ObservableType.HOSTNAME, "nohost");

        assertThat(f.known()).isFalse();
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/events")));
    }

    @Test
    void loose_hostname_hits_are_kept_as_ambiguous_closest_matches() throws Exception {
        computers("hostname[]", "Demo", "computers-list-38-demo-computers.json");
        events("empty-list-authored.json");

        Finding f = enrich(ObservableType.HOSTNAME, "Demo");

        assertThat(f.hosts()).hasSize(AmpEnrichment.DETAILED_HOSTS);
        assertThat(f.facts()).hasSize(8);
        assertThat(f.facts().get(0).title()).isEqualTo("Match");
        assertThat(f.facts()).filteredOn(x -> x.title().equals("Matches")).singleElement()
                .satisfies(x -> assertThat(x.value()).startsWith("38 computers, ambiguous: Demo_AMP, "));
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(f.verdict().reason()).isEqualTo("AMP marks Demo_AMP as compromised");
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events"))
                .withQueryParam("connector_guid[]", havingExactly(DEMO_AMP_GUID, "d1558111-5b69-4a6a-8b95-5811b2b0301f",
                        "b4455424-0265-462d-8aac-359ab8e68bf4", "89e9afa1-60fb-4743-81b2-5c36a91b837b",
                        "6ce34009-046f-4487-93af-2e897ccf8573")));
    }

    @Test
    void finds_computer_by_internal_ip_with_the_matching_interface_first() throws Exception {
        computers("internal_ip", "10.116.0.3", "computers-list-38-demo-computers.json");
        events("empty-list-authored.json");
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).willReturn(okJson(fixture("empty-list-authored.json"))));

        Finding f = enrich(ObservableType.IPV4, "10.116.0.3");

        assertThat(f.hosts()).singleElement().satisfies(h -> {
            assertThat(h.hostname()).isEqualTo("testbox");
            assertThat(h.macs()).containsExactly("4e:5a:c9:d2:29:1e", "56:c7:b3:39:2e:c2");
        });
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers/activity"))
                .withQueryParam("q", equalTo("10.116.0.3")).withQueryParam("limit", equalTo("50"))
                .withHeader("Authorization", equalTo(BASIC)));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/computers")).withQueryParam("external_ip", matching(".*")));
    }

    @Test
    void falls_back_to_external_ip_and_adds_computers_that_connected_to_it() throws Exception {
        computers("internal_ip", "143.198.160.61", "empty-list-authored.json");
        computers("external_ip", "143.198.160.61", "computers-list-38-demo-computers.json");
        events("empty-list-authored.json");
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity"))
                .willReturn(okJson(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl()))));

        Finding f = enrich(ObservableType.IPV4, "143.198.160.61");

        assertThat(f.hosts()).extracting(HostDetails::hostname).containsExactly("testbox", "Demo_Stabuniq");
        assertThat(f.facts()).contains(
                new Fact("Match", "external (NAT) address; computers behind it may share it"),
                new Fact("Connected computers", "1 computer(s): Demo_Stabuniq"));
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.CLEAN);
    }

    @Test
    void ipv6_looks_up_computers_only() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).willReturn(okJson(fixture("empty-list-authored.json"))));

        Finding f = enrich(ObservableType.IPV6, "2001:db8::1");

        assertThat(f.known()).isFalse();
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers")).withQueryParam("internal_ip", equalTo("2001:db8::1")));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers")).withQueryParam("external_ip", equalTo("2001:db8::1")));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/computers/activity")));
    }

    @Test
    void tolerates_extra_and_missing_optional_fields() throws Exception {
        computers("hostname[]", "FIN-LT-0042", "computers-list-extra-and-missing-fields-authored.json");
        events("empty-list-authored.json");

        Finding f = enrich(ObservableType.HOSTNAME, "FIN-LT-0042");

        assertThat(f.hosts()).singleElement().satisfies(h -> {
            assertThat(h.macs()).containsExactly("00:50:56:9a:4b:1c");
            assertThat(h.ips()).containsExactly("10.20.30.41", "fe80::250:56ff:fe9a:4b1c", "10.20.31.41");
            assertThat(h.user()).isEqualTo("jdoe@CORP");
            assertThat(h.os()).isNull();
            assertThat(h.containment()).isEqualTo("isolated");
            assertThat(h.lastSeen()).isNull();
        });
        assertThat(f.facts()).contains(new Fact("Isolation", "isolated"), new Fact("Last seen", "not-a-date"))
                .extracting(Fact::title).doesNotContain("Connector", "Group", "Policy");
    }

    @Test
    void client_reads_one_computer_by_guid_and_reports_unknown_guids() throws Exception {
        String guid = "d821e2d9-9280-489c-a6c3-be02d85ba8a0";
        wm.stubFor(get(urlPathEqualTo("/v1/computers/" + guid))
                .willReturn(okJson(fixture("computer-detail-demo-kovter.json"))));
        wm.stubFor(get(urlPathEqualTo("/v1/computers/unknown-guid")).willReturn(notFound()));

        try (AmpClient client = new AmpClient(config(wm.baseUrl()))) {
            Computer c = client.computer(guid);
            assertThat(c.hostname()).isEqualTo("Demo_Command_Line_Arguments_Kovter");
            assertThat(c.policy().name()).isEqualTo("Triage Policy");
            assertThat(c.isolation().status()).isEqualTo("not_isolated");
            assertThatThrownBy(() -> client.computer("unknown-guid")).isInstanceOfSatisfying(AdapterException.class,
                    e -> assertThat(e.kind()).isEqualTo(AdapterException.Kind.NOT_FOUND));
        }
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers/" + guid)).withHeader("Authorization", equalTo(BASIC)));
    }
}

package io.irflow.adapters.ise;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.ise.IseFixtures.ERS_PASS;
import static io.irflow.adapters.ise.IseFixtures.ERS_USER;
import static io.irflow.adapters.ise.IseFixtures.MNT_PASS;
import static io.irflow.adapters.ise.IseFixtures.MNT_USER;
import static io.irflow.adapters.ise.IseFixtures.config;
import static io.irflow.adapters.ise.IseFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class IseEnrichmentTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String MNT = "/admin/API/mnt/Session";
    private static final String ANC_LIST = "/ers/config/ancendpoint";
    private static final String ANC_FOR_ANC_MAC =
            "/ers/config/ancendpoint?page=1&size=100&filter=macAddress.EQ.D4%3ABE%3AD9%3A3D%3A25%3AE2";

    private IseEnrichment adapter;

    @BeforeEach
    void setUp() {
        adapter = new IseEnrichment(config(wm.baseUrl(), wm.baseUrl(), "ANC_Quarantine"));
    }

    @AfterEach
    void tearDown() {
        adapter.close();
    }

    private static Observable mac(String value) {
        return new Observable(ObservableType.MAC, value);
    }

    private static Observable ip(String value) {
        return new Observable(ObservableType.IPV4, value);
    }

    private static void mntSession(String path, String file) {
        wm.stubFor(get(MNT + path).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withBody(fixture(file))));
    }

    private static void ancList(String file) {
        wm.stubFor(get(urlPathEqualTo(ANC_LIST)).willReturn(okJson(fixture(file))));
    }

    @Test
    void finds_quarantined_session_by_mac() throws Exception {
        mntSession("/MACAddress/D4:BE:D9:3D:25:E2", "mnt-session-by-mac-rejected-by-anc.xml");
        ancList("ers-ancendpoint-list-quarantine.json");
        wm.stubFor(get(ANC_LIST + "/0b6f2c1e-4d3a-4f5b-9c8d-7e6f5a4b3c2d")
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id-quarantine.json"))));

        Finding f = adapter.enrich(mac("d4:be:d9:3d:25:e2"));

        assertThat(f.known()).isTrue();
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(f.verdict().reason()).isEqualTo("quarantined by ANC policy ANC_Quarantine");
        HostDetails host = f.hosts().get(0);
        assertThat(host.macs()).containsExactly("d4:be:d9:3d:25:e2");
        assertThat(host.ips()).containsExactly("10.16.156.104", "fe80::3ce5:8ad1:dc5c:5636");
        assertThat(host.user()).as("MAB sessions carry the MAC as user name").isNull();
        assertThat(host.containment()).isEqualTo("ANC: ANC_Quarantine");
        assertThat(host.lastSeen()).isEqualTo(Instant.parse("2021-07-14T21:07:48.723Z"));
        assertThat(f.facts()).extracting(Fact::title, Fact::value).contains(
                tuple("Endpoint", "D4:BE:D9:3D:25:E2 / 10.16.156.104"),
                tuple("Network device", "yrt-2700-fl0-fe1-1 (10.16.150.65) GigabitEthernet1/0/8"),
                tuple("Authentication", "failed (mab): 15039 Rejected per authorization profile"),
                tuple("Authorization", "DenyAccess"),
                tuple("ANC policy", "ANC_Quarantine"));
        assertThat(f.facts()).extracting(Fact::title).doesNotContain("Posture", "User");
        assertThat(f.facts()).hasSizeLessThanOrEqualTo(8);

        wm.verify(getRequestedFor(urlEqualTo(MNT + "/MACAddress/D4:BE:D9:3D:25:E2"))
                .withHeader("Accept", equalTo("application/xml"))
                .withBasicAuth(new BasicCredentials(MNT_USER, MNT_PASS)));
        wm.verify(getRequestedFor(urlEqualTo(ANC_FOR_ANC_MAC))
                .withHeader("Accept", equalTo("application/json"))
                .withBasicAuth(new BasicCredentials(ERS_USER, ERS_PASS)));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/ers/config/ancpolicy/name/ANC_Quarantine")));
    }

    @Test
    void finds_user_session_by_endpoint_ip() throws Exception {
        mntSession("/EndPointIPAddress/10.20.30.45", "mnt-session-by-ip-dot1x-passed.xml");
        ancList("ers-ancendpoint-list-empty.json");

        Finding f = adapter.enrich(ip("10.20.30.45"));

        assertThat(f.known()).isTrue();
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        HostDetails host = f.hosts().get(0);
        assertThat(host.user()).isEqualTo("CORP\\jdoe");
        assertThat(host.ips()).containsExactly("10.20.30.45");
        assertThat(host.macs()).containsExactly("00:50:56:a1:3c:7e");
        assertThat(host.containment()).isNull();
        assertThat(f.facts()).extracting(Fact::title, Fact::value).containsExactly(
                tuple("User", "CORP\\jdoe"),
                tuple("Endpoint", "00:50:56:A1:3C:7E / 10.20.30.45"),
                tuple("Network device", "bldg2-fl3-access-sw01 (10.20.1.11) GigabitEthernet1/0/12"),
                tuple("Authentication", "passed (dot1x)"),
                tuple("Authorization", "PermitAccess"),
                tuple("Posture", "Compliant"),
                tuple("Endpoint profile", "Windows10-Workstation / Workstation"),
                tuple("ANC policy", "none"));
        wm.verify(getRequestedFor(urlEqualTo(MNT + "/EndPointIPAddress/10.20.30.45")));
        wm.verify(getRequestedFor(urlPathEqualTo(ANC_LIST))
                .withQueryParam("filter", equalTo("macAddress.EQ.00:50:56:A1:3C:7E")));
    }

    @Test
    void reads_doc_session_without_framed_ip_and_ignores_other_macs_when_filter_is_ignored() throws Exception {
        mntSession("/MACAddress/00:14:BF:5A:0C:03", "mnt-session-by-mac-cisco-doc-example.xml");
        ancList("ers-ancendpoint-list.json");
        wm.stubFor(get(ANC_LIST + "/6caf3e58-53b3-4bbd-9594-d3678aa08fc1")
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id.json"))));

        Finding f = adapter.enrich(mac("00:14:bf:5a:0c:03"));

        HostDetails host = f.hosts().get(0);
        assertThat(host.user()).isEqualTo("hunter_thompson");
        assertThat(host.ips()).containsExactly("200:cdba:0000:0000:0000:0000:3157:9652", "2001:cdba:0:0:0:0:3247:9651",
                "2001:cdba::3257:962");
        assertThat(host.containment()).isNull();
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(f.facts()).extracting(Fact::title, Fact::value).contains(
                tuple("Endpoint", "00:14:BF:5A:0C:03"), tuple("Authorization", "CWA"), tuple("ANC policy", "none"));
    }

    @Test
    void reports_anc_quarantine_of_mac_without_active_session() throws Exception {
        wm.stubFor(get(MNT + "/MACAddress/D4:BE:D9:86:35:1F").willReturn(aResponse().withStatus(404)));
        ancList("ers-ancendpoint-list.json");
        wm.stubFor(get(ANC_LIST + "/6caf3e58-53b3-4bbd-9594-d3678aa08fc1")
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id.json"))));
        wm.stubFor(get("/ers/config/ancpolicy/name/ANC_No_Access")
                .willReturn(okJson(fixture("ers-ancpolicy-get-by-id.json"))));

        Finding f = adapter.enrich(mac("d4:be:d9:86:35:1f"));

        assertThat(f.known()).isTrue();
        assertThat(f.verdict().disposition()).as("policy actions include QUARANTINE").isEqualTo(Disposition.SUSPICIOUS);
        assertThat(f.verdict().reason()).isEqualTo("quarantined by ANC policy ANC_No_Access");
        assertThat(f.hosts().get(0).containment()).isEqualTo("ANC: ANC_No_Access");
        assertThat(f.facts()).extracting(Fact::title, Fact::value)
                .containsExactly(tuple("Session", "no active session"), tuple("ANC policy", "ANC_No_Access"));
        wm.verify(getRequestedFor(urlEqualTo("/ers/config/ancpolicy/name/ANC_No_Access")));
    }

    @Test
    void does_not_judge_an_anc_policy_that_does_not_quarantine() throws Exception {
        wm.stubFor(get(MNT + "/MACAddress/D4:BE:D9:86:35:1F").willReturn(aResponse().withStatus(204)));
        ancList("ers-ancendpoint-list.json");
        wm.stubFor(get(ANC_LIST + "/6caf3e58-53b3-4bbd-9594-d3678aa08fc1")
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id.json"))));
        wm.stubFor(get("/ers/config/ancpolicy/name/ANC_No_Access").willReturn(aResponse().withStatus(404)));

        Finding f = adapter.enrich(mac("d4:be:d9:86:35:1f"));

        assertThat(f.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(f.verdict().reason()).isEqualTo("ANC policy ANC_No_Access applied");
    }

    @Test
    void nothing_known_when_ip_has_no_active_session() throws Exception {
        wm.stubFor(get(MNT + "/EndPointIPAddress/10.9.9.9").willReturn(aResponse().withStatus(404)));

        assertThat(adapter.enrich(ip("10.9.9.9"))).isEqualTo(Finding.nothingKnown("ISE"));
        wm.verify(0, getRequestedFor(urlPathEqualTo(ANC_LIST)));
    }

    @Test
    void nothing_known_when_mac_has_empty_session_and_no_anc() throws Exception {
        mntSession("/MACAddress/AA:BB:CC:00:11:22", "mnt-session-empty.xml");
        ancList("ers-ancendpoint-list-empty.json");

        assertThat(adapter.enrich(mac("aa:bb:cc:00:11:22"))).isEqualTo(Finding.nothingKnown("ISE"));
    }

    @Test
    void falls_back_to_the_plain_list_when_ise_rejects_the_filter() throws Exception {
        wm.stubFor(get(MNT + "/MACAddress/D4:BE:D9:3D:25:E2").willReturn(aResponse().withStatus(404)));
        wm.stubFor(get(urlPathEqualTo(ANC_LIST)).withQueryParam("filter", equalTo("macAddress.EQ.D4:BE:D9:3D:25:E2"))
                .willReturn(aResponse().withStatus(400)));
        wm.stubFor(get(urlPathEqualTo(ANC_LIST)).withQueryParam("filter", absent())
                .willReturn(okJson(fixture("ers-ancendpoint-list-quarantine.json"))));
        wm.stubFor(get(ANC_LIST + "/0b6f2c1e-4d3a-4f5b-9c8d-7e6f5a4b3c2d")
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id-quarantine.json"))));

        Finding f = adapter.enrich(mac("d4:be:d9:3d:25:e2"));

        assertThat(f.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        wm.verify(getRequestedFor(urlEqualTo(ANC_LIST + "?page=1&size=100")));
    }

    @Test
    void keeps_the_session_when_ers_fails() throws Exception {
        mntSession("/EndPointIPAddress/10.20.30.45", "mnt-session-by-ip-dot1x-passed.xml");
        wm.stubFor(get(urlPathEqualTo(ANC_LIST)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody(fixture("ers-error-500-crud-exception.json"))));

        Finding f = adapter.enrich(ip("10.20.30.45"));

        assertThat(f.hosts().get(0).user()).isEqualTo("CORP\\jdoe");
        assertThat(f.facts()).contains(new Fact("ANC policy", "could not check (ISE answered HTTP 500)"));
    }

    @Test
    void maps_mnt_401_html_page_to_unauthorized() {
        wm.stubFor(get(MNT + "/EndPointIPAddress/10.20.30.45").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "text/html").withBody(fixture("ers-error-401-unauthorized.html"))));

        assertThatThrownBy(() -> adapter.enrich(ip("10.20.30.45")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("MnT").doesNotContain(MNT_PASS);
                });
    }

    @Test
    void maps_ers_401_to_unauthorized_when_there_is_no_session() {
        wm.stubFor(get(MNT + "/MACAddress/D4:BE:D9:3D:25:E2").willReturn(aResponse().withStatus(404)));
        wm.stubFor(get(urlPathEqualTo(ANC_LIST)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "text/html").withBody(fixture("ers-error-401-unauthorized.html"))));

        assertThatThrownBy(() -> adapter.enrich(mac("d4:be:d9:3d:25:e2")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void maps_429_with_retry_after() {
        wm.stubFor(get(MNT + "/EndPointIPAddress/10.20.30.45")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        assertThatThrownBy(() -> adapter.enrich(ip("10.20.30.45")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void maps_429_without_retry_after() {
        wm.stubFor(get(MNT + "/EndPointIPAddress/10.20.30.45").willReturn(aResponse().withStatus(429)));

        assertThatThrownBy(() -> adapter.enrich(ip("10.20.30.45")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isNull();
                });
    }

    @Test
    void maps_mnt_500_to_unavailable() {
        wm.stubFor(get(MNT + "/MACAddress/D4:BE:D9:3D:25:E2").willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> adapter.enrich(mac("d4:be:d9:3d:25:e2")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void times_out_on_a_slow_answer() {
        wm.stubFor(get(MNT + "/EndPointIPAddress/10.20.30.45").willReturn(aResponse().withStatus(200)
                .withBody(fixture("mnt-session-by-ip-dot1x-passed.xml")).withFixedDelay(1500)));

        IseConfig impatient = new IseConfig(IseFixtures.settings(wm.baseUrl()),
                IseFixtures.settings(wm.baseUrl()).withReadTimeout(Duration.ofMillis(300)), ERS_USER, ERS_PASS,
                null, null, null);
        try (IseEnrichment slow = new IseEnrichment(impatient)) {
            assertThatThrownBy(() -> slow.enrich(ip("10.20.30.45")))
                    .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void rejects_truncated_xml_as_malformed() {
        mntSession("/EndPointIPAddress/10.20.30.45", "mnt-session-truncated.xml");

        assertThatThrownBy(() -> adapter.enrich(ip("10.20.30.45")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void refuses_xml_with_external_entities_without_fetching_them() {
        wm.stubFor(get("/evil-entity").willReturn(aResponse().withStatus(200).withBody("leaked")));
        wm.stubFor(get(MNT + "/EndPointIPAddress/10.20.30.45").willReturn(aResponse().withStatus(200)
                .withBody(fixture("mnt-session-xxe.xml").replace("WIREMOCK_BASE", wm.baseUrl()))));

        assertThatThrownBy(() -> adapter.enrich(ip("10.20.30.45")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
        wm.verify(0, getRequestedFor(urlEqualTo("/evil-entity")));
    }

    @Test
    void rejects_malformed_ers_json() {
        wm.stubFor(get(MNT + "/MACAddress/D4:BE:D9:3D:25:E2").willReturn(aResponse().withStatus(404)));
        wm.stubFor(get(urlPathEqualTo(ANC_LIST)).willReturn(okJson("{\"SearchResult\": [")));

        assertThatThrownBy(() -> adapter.enrich(mac("d4:be:d9:3d:25:e2")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void works_with_path_prefixes_and_a_shared_account() throws Exception {
        try (IseEnrichment prefixed = new IseEnrichment(new IseConfig(IseFixtures.settings(wm.baseUrl() + "/ise-ers/"),
                IseFixtures.settings(wm.baseUrl() + "/ise-mnt"), ERS_USER, ERS_PASS, null, null, null))) {
            wm.stubFor(get("/ise-mnt" + MNT + "/EndPointIPAddress/10.20.30.45").willReturn(aResponse().withStatus(200)
                    .withBody(fixture("mnt-session-by-ip-dot1x-passed.xml"))));
            wm.stubFor(get(urlPathEqualTo("/ise-ers" + ANC_LIST))
                    .willReturn(okJson(fixture("ers-ancendpoint-list-empty.json"))));

            assertThat(prefixed.enrich(ip("10.20.30.45")).known()).isTrue();

            wm.verify(getRequestedFor(urlEqualTo("/ise-mnt" + MNT + "/EndPointIPAddress/10.20.30.45"))
                    .withBasicAuth(new BasicCredentials(ERS_USER, ERS_PASS)));
            wm.verify(getRequestedFor(urlPathEqualTo("/ise-ers" + ANC_LIST)));
        }
    }

    @Test
    void supports_mac_and_ipv4_only() {
        assertThat(adapter.supports(ObservableType.MAC)).isTrue();
        assertThat(adapter.supports(ObservableType.IPV4)).isTrue();
        assertThat(adapter.supports(ObservableType.HOSTNAME)).isFalse();
        assertThat(adapter.supports(ObservableType.SHA256)).isFalse();
    }

    @Test
    void probe_checks_ers_and_mnt() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancpolicy")).willReturn(okJson(fixture("ers-ancpolicy-list.json"))));
        wm.stubFor(get(MNT + "/ActiveCount")
                .willReturn(aResponse().withStatus(200).withBody(fixture("mnt-active-count.xml"))));

        adapter.probe();

        wm.verify(getRequestedFor(urlEqualTo("/ers/config/ancpolicy?page=1&size=1")));
        wm.verify(getRequestedFor(urlEqualTo(MNT + "/ActiveCount")));
    }

    @Test
    void probe_reports_unauthorized_ers_account() {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancpolicy")).willReturn(aResponse().withStatus(401)
                .withBody(fixture("ers-error-401-unauthorized.html"))));

        assertThatThrownBy(adapter::probe)
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
        wm.verify(0, anyRequestedFor(urlPathEqualTo(MNT + "/ActiveCount")));
    }

    @Test
    void config_hides_secrets() {
        assertThat(config("https://pan:9060", "https://mnt", "Q").toString())
                .doesNotContain(ERS_PASS, MNT_PASS).contains("***");
    }
}

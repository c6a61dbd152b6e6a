package io.irflow.adapters.threatresponse;

import io.irflow.testing.MutableClock;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.threatresponse.TrFixtures.CLIENT_ID;
import static io.irflow.adapters.threatresponse.TrFixtures.DELIBERATE;
import static io.irflow.adapters.threatresponse.TrFixtures.INSPECT;
import static io.irflow.adapters.threatresponse.TrFixtures.OBSERVE;
import static io.irflow.adapters.threatresponse.TrFixtures.SECRET;
import static io.irflow.adapters.threatresponse.TrFixtures.TOKEN_PATH;
import static io.irflow.adapters.threatresponse.TrFixtures.bearer;
import static io.irflow.adapters.threatresponse.TrFixtures.fixture;
import static io.irflow.adapters.threatresponse.TrFixtures.stubPost;
import static io.irflow.adapters.threatresponse.TrFixtures.stubToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreatResponseEnrichmentTest {
    private static final String EMPTY = "enrich-response-empty-authored.json";
    private static final String SHA256 = "b630e72639cc7340620adb0cfc26332ec52fe8867b769695f2d25718d68b1b40";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    private ThreatResponseEnrichment adapter;

    @BeforeEach
    void setUp() {
        stubToken(wm, TOKEN_PATH);
        adapter = adapter(HttpSettings.of(wm.baseUrl()), null);
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void a_malicious_module_verdict_makes_the_overall_verdict_malicious() throws Exception {
        stubPost(wm, DELIBERATE, "deliberate-response-eu-ip-talos-malicious.json");
        stubPost(wm, OBSERVE, EMPTY);

        Finding finding = adapter.enrich(new Observable(ObservableType.IPV4, "45.146.165.37"));

        assertThat(finding.known()).isTrue();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("Malicious per Talos Intelligence");
        assertThat(finding.facts()).containsExactly(new Fact("Talos Intelligence", "malicious"));
        wm.verify(postRequestedFor(urlPathEqualTo(DELIBERATE)).withHeader("Authorization", equalTo(bearer()))
                .withRequestBody(equalToJson("[{\"type\":\"ip\",\"value\":\"45.146.165.37\"}]")));
        wm.verify(postRequestedFor(urlPathEqualTo(OBSERVE)).withHeader("Authorization", equalTo(bearer()))
                .withRequestBody(equalToJson("[{\"type\":\"ip\",\"value\":\"45.146.165.37\"}]")));
    }

    @Test
    void reads_the_legacy_module_type_key_and_links_the_judgement_source() throws Exception {
        stubPost(wm, DELIBERATE, "deliberate-response-talos-clean-amp-filerep-empty-legacy-module-type-key.json");
        stubPost(wm, OBSERVE, "observe-response-talos-verdict-and-judgement.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.DOMAIN, "cisco.com"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(finding.verdict().reason()).isEqualTo("Clean per Talos Intelligence");
        assertThat(finding.facts()).containsExactly(new Fact("Talos Intelligence", "clean"));
        assertThat(finding.links()).containsExactly(new Link("Talos Intelligence",
                "https://www.talosintelligence.com/reputation_center/lookup?search=cisco.com"));
    }

    @Test
    void module_errors_in_the_answer_become_unavailable_facts() throws Exception {
        stubPost(wm, DELIBERATE, "deliberate-response-with-module-errors.json");
        stubPost(wm, OBSERVE, EMPTY);

        Finding finding = adapter.enrich(new Observable(ObservableType.DOMAIN, "m-out-com.basmail.jp"));

        assertThat(finding.known()).isFalse();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(finding.facts()).containsExactly(
                new Fact("Palo Alto AutoFocus relay", "unavailable (client-error)"),
                new Fact("Tokio1", "unavailable (malformed-api-url)"));
        wm.verify(postRequestedFor(urlPathEqualTo(DELIBERATE))
                .withRequestBody(equalToJson(fixture("deliberate-request-from-snapshot-ibm-xforce.json"))));
    }

    @Test
    void sightings_name_the_hosts_that_saw_the_observable() throws Exception {
        String sha1 = "36c5d12033b2eaf251bae61c00690ffb17fddc87";
        stubPost(wm, DELIBERATE, EMPTY);
        stubPost(wm, OBSERVE, "observe-response-sha1-mde-sightings-with-targets.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA1, sha1));

        assertThat(finding.known()).isTrue();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(finding.facts()).containsExactly(new Fact("Microsoft Defender For Endpoint", "3 sightings"),
                new Fact("Seen on", "desktop-au3ip5k"));
        assertThat(finding.hosts()).containsExactly(new HostDetails("desktop-au3ip5k", List.of(), List.of(), null,
                "Windows10x64 version: 1903",
                new HostId(HostId.Kind.SIGHTING_TARGET, "ebfef0ac4aa2ab0b4342c9cd078a6dfb6c66adc0"), null,
                Instant.parse("2020-07-27T06:30:39.319Z")));
        wm.verify(postRequestedFor(urlPathEqualTo(OBSERVE))
                .withRequestBody(equalToJson("[{\"type\":\"sha1\",\"value\":\"" + sha1 + "\"}]")));
    }

    @Test
    void a_module_warning_keeps_its_sightings() throws Exception {
        stubPost(wm, DELIBERATE, EMPTY);
        stubPost(wm, OBSERVE, "observe-response-sha256-amp-filerep-and-siem-sightings-with-error.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, SHA256));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("Malicious per AMP File Reputation");
        assertThat(finding.facts()).contains(new Fact("AMP File Reputation", "malicious"),
                new Fact("Sumo Logic Cloud SIEM", "3 sightings (partial: too-many-messages-warning)"));
        assertThat(finding.facts()).contains(new Fact("Seen on", "Demo_Upatre, 3.128.146.129"));
        assertThat(finding.hosts()).extracting(HostDetails::hostname).containsExactly("Demo_Upatre", null);
        assertThat(finding.hosts().get(1).ips()).containsExactly("3.128.146.129");
        wm.verify(postRequestedFor(urlPathEqualTo(OBSERVE))
                .withRequestBody(equalToJson(fixture("observe-request-sha256.json"))));
    }

    @Test
    void disagreeing_modules_all_show_and_the_worst_wins() throws Exception {
        String sha = "17cd3c11fba639c1fe987a79a1b998afe741636ac607254cc134eea02c63f658";
        stubPost(wm, DELIBERATE, EMPTY);
        stubPost(wm, OBSERVE, "observe-response-sha256-amp-global-intel-filerep-misp.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, sha));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason())
                .isEqualTo("Malicious per AMP Global Intelligence, AMP File Reputation; Common per MISP");
        assertThat(finding.facts()).containsExactly(new Fact("AMP Global Intelligence", "malicious, 1 sighting"),
                new Fact("AMP File Reputation", "malicious"), new Fact("MISP", "common, 1 sighting"));
        assertThat(finding.links()).hasSizeBetween(1, 4);
    }

    @Test
    void nothing_from_any_module_is_nothing_known() throws Exception {
        stubPost(wm, DELIBERATE, EMPTY);
        stubPost(wm, OBSERVE, EMPTY);

        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isEqualTo(Finding.nothingKnown("Threat Response"));
    }

    @Test
    void tolerates_missing_names_missing_numbers_and_extra_fields() throws Exception {
        stubPost(wm, DELIBERATE, "deliberate-response-sparse-extra-fields-authored.json");
        stubPost(wm, OBSERVE, EMPTY);

        Finding finding = adapter.enrich(new Observable(ObservableType.DOMAIN, "gate.bad-actor.example"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(finding.facts()).containsExactly(
                new Fact("00000000-0000-0000-0000-000000000001", "suspicious"));
    }

    @Test
    void every_module_failing_is_unavailable() {
        stubPost(wm, DELIBERATE, "deliberate-response-all-modules-failed-authored.json");
        stubPost(wm, OBSERVE, EMPTY);

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("Slow Relay unavailable (module-timeout)");
                });
    }

    @Test
    void a_slow_observe_still_returns_the_verdicts() throws Exception {
        adapter.close();
        adapter = adapter(HttpSettings.of(wm.baseUrl()), Duration.ofMillis(300));
        stubPost(wm, DELIBERATE, "deliberate-response-eu-ip-talos-malicious.json");
        wm.stubFor(post(urlPathEqualTo(OBSERVE)).willReturn(okJson(fixture(EMPTY)).withFixedDelay(1500)));

        Finding finding = adapter.enrich(new Observable(ObservableType.IPV4, "45.146.165.37"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.facts()).contains(new Fact("Sightings", "not available: Threat Response did not answer in time"));
    }

    @Test
    void a_slow_deliberate_times_out() {
        adapter.close();
        adapter = adapter(HttpSettings.of(wm.baseUrl()).withReadTimeout(Duration.ofMillis(300)), null);
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).willReturn(okJson(fixture(EMPTY)).withFixedDelay(1500)));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        wm.verify(postRequestedFor(urlPathEqualTo(DELIBERATE)));
    }

    @Test
    void a_malformed_answer_is_malformed() {
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).willReturn(okJson("{\"data\": [ {")));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
        wm.verify(postRequestedFor(urlPathEqualTo(DELIBERATE)));
    }

    @Test
    void rate_limits_keep_retry_after_when_sent() {
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                });
        wm.verify(postRequestedFor(urlPathEqualTo(DELIBERATE)).withHeader("Authorization", equalTo(bearer())));
    }

    @Test
    void rate_limits_without_retry_after_have_no_wait() {
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).willReturn(aResponse().withStatus(429)));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isNull();
                });
    }

    @Test
    void a_server_error_is_unavailable_and_a_missing_path_is_not_found() {
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).willReturn(aResponse().withStatus(502).withBody("<html>")));
        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));

        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        wm.verify(2, postRequestedFor(urlPathEqualTo(DELIBERATE)));
    }

    @Test
    void inspect_turns_free_text_into_typed_observables() throws Exception {
        stubPost(wm, INSPECT, "inspect-response-multi-observables-authored.json");

        List<Observable> found = adapter.inspect("Host FIN-LT-0042 beaconed to gate.bad-actor.example (198.51.100.23) "
                + "after running ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa");

        assertThat(found).containsExactly(new Observable(ObservableType.DOMAIN, "gate.bad-actor.example"),
                new Observable(ObservableType.IPV4, "198.51.100.23"), new Observable(ObservableType.SHA256,
                        "ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa"));
        wm.verify(postRequestedFor(urlPathEqualTo(INSPECT)).withHeader("Authorization", equalTo(bearer()))
                .withRequestBody(equalToJson(fixture("inspect-request-free-text-authored.json"))));
    }

    @Test
    void inspect_skips_unknown_types_normalises_and_deduplicates() throws Exception {
        stubPost(wm, INSPECT, "inspect-response-unknown-types-authored.json");

        List<Observable> found = adapter.inspect("anything");

        assertThat(found).containsExactly(new Observable(ObservableType.SHA256,
                        "ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa"),
                new Observable(ObservableType.MAC, "aa:bb:cc:dd:ee:ff"),
                new Observable(ObservableType.IPV6, "2001:db8::23"));
    }

    @Test
    void inspect_of_blank_text_asks_nothing() throws Exception {
        assertThat(adapter.inspect("  ")).isEmpty();
        wm.verify(0, postRequestedFor(urlPathEqualTo(INSPECT)));
    }

    @Test
    void sends_mac_addresses_and_hostnames_as_ctim_types() throws Exception {
        stubPost(wm, DELIBERATE, EMPTY);
        stubPost(wm, OBSERVE, EMPTY);

        adapter.enrich(new Observable(ObservableType.MAC, "aa:bb:cc:dd:ee:ff"));
        adapter.enrich(new Observable(ObservableType.HOSTNAME, "fin-lt-0042"));

        wm.verify(postRequestedFor(urlPathEqualTo(DELIBERATE))
                .withRequestBody(equalToJson("[{\"type\":\"mac_address\",\"value\":\"aa:bb:cc:dd:ee:ff\"}]")));
        wm.verify(postRequestedFor(urlPathEqualTo(DELIBERATE))
                .withRequestBody(equalToJson("[{\"type\":\"hostname\",\"value\":\"fin-lt-0042\"}]")));
        assertThat(ObservableType.values()).allMatch(adapter::supports);
    }

    @Test
    void the_probe_reads_the_enrich_settings_with_the_token() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/iroh/iroh-enrich/settings")).willReturn(okJson("{}")));

        adapter.probe();

        wm.verify(getRequestedFor(urlPathEqualTo("/iroh/iroh-enrich/settings"))
                .withHeader("Authorization", equalTo(bearer())));
    }

    private ThreatResponseEnrichment adapter(HttpSettings http, Duration observeTimeout) {
        return new ThreatResponseEnrichment(new ThreatResponseConfig(http, null, CLIENT_ID, SECRET, observeTimeout), clock);
    }
}

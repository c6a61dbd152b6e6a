package io.irflow.adapters.threatgrid;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Threat Grid against WireMock, with the reference samples as fixtures. Files named {@code *-derived.json} are
 * copies of a reference sample with one documented change (no items; extra and missing optional fields).
 */
class ThreatGridEnrichmentTest {
    private static final String KEY = "tg-test-key-456";
    private static final String FIXTURES = "/fixtures/threatgrid/";
    private static final String SEARCH = "/api/v2/search/submissions";
    private static final String SHA256 = "b630e72639cc7340620adb0cfc26332ec52fe8867b769695f2d25718d68b1b40";
    private static final String MD5 = "a92ddbbaf6c9a50a7125595a4119ca38";
    private static final String TOP_SAMPLE = "9d3e1f0a7b2c4d5e8f60718293a4b5c6";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ThreatGridEnrichment adapter;

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private ThreatGridEnrichment adapter(String baseUrl, Duration readTimeout) {
        adapter = new ThreatGridEnrichment(new ThreatGridConfig(HttpSettings.of(baseUrl).withReadTimeout(readTimeout), KEY));
        return adapter;
    }

    private ThreatGridEnrichment adapter() {
        return adapter(wm.baseUrl(), Duration.ofSeconds(3));
    }

    private static String fixture(String name) {
        try (InputStream in = ThreatGridEnrichmentTest.class.getResourceAsStream(FIXTURES + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stubSearch(String fixture) {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(fixture(fixture))));
    }

    private static void stubFeeds(String prefix) {
        wm.stubFor(get(urlPathEqualTo(prefix + "/api/v2/samples/feeds/domains"))
                .willReturn(okJson(fixture("samples-feeds-domains-by-sample-authored.json"))));
        wm.stubFor(get(urlPathEqualTo(prefix + "/api/v2/samples/feeds/ips"))
                .willReturn(okJson(fixture("samples-feeds-ips-by-sample-authored.json"))));
    }

    private static void stubAll(int status) {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(status)));
    }

    private static Observable sha256() {
        return new Observable(ObservableType.SHA256, SHA256);
    }

    private static AdapterException failure(ThrowingLookup lookup) {
        try {
            lookup.run();
        } catch (AdapterException e) {
            return e;
        }
        throw new AssertionError("expected an AdapterException");
    }

    @Test
    void finds_malicious_file_by_sha256_with_behaviours_and_contacted_hosts() throws Exception {
        stubSearch("search-submissions-by-sha256-two-items-authored.json");
        stubFeeds("");

        Finding finding = adapter().enrich(sha256());

        assertThat(finding.source()).isEqualTo("Threat Grid");
        assertThat(finding.known()).isTrue();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("threat score 100 (malicious, wsymqyv90.exe)");
        assertThat(finding.facts()).containsExactly(
                new Fact("Analyses", "2, most recent 2024-02-01"),
                new Fact("Threat score", "100 (malicious)"),
                new Fact("File name", "wsymqyv90.exe"),
                new Fact("File type", "PE32 executable (GUI) Intel 80386, for MS Windows"),
                new Fact("Behaviours", "Ransomware Related File Extension Detected (100); "
                        + "Artifact Flagged as Known Trojan by Antivirus (95); "
                        + "Process Modified Autorun Registry Key Value (60)"),
                new Fact("Contacted domains", "update-check.example-cdn.net; gate.bad-actor.example; time.windows.com"),
                new Fact("Contacted IPs", "198.51.100.23; 52.168.138.145"));
        assertThat(finding.links()).containsExactly(
                new Link("Threat Grid sample", wm.baseUrl() + "/mask/samples/" + TOP_SAMPLE));
        wm.verify(getRequestedFor(urlPathEqualTo(SEARCH))
                .withQueryParam("q", equalTo(SHA256))
                .withQueryParam("state", equalTo("succ"))
                .withQueryParam("sort_by", equalTo("threat_score"))
                .withQueryParam("sort_order", equalTo("desc"))
                .withQueryParam("limit", equalTo("25"))
                .withQueryParam("term", absent())
                .withQueryParam("api_key", equalTo(KEY)));
        wm.verify(getRequestedFor(urlPathEqualTo("/api/v2/samples/feeds/domains"))
                .withQueryParam("sample", equalTo(TOP_SAMPLE))
                .withQueryParam("limit", equalTo("20"))
                .withQueryParam("api_key", equalTo(KEY)));
        wm.verify(getRequestedFor(urlPathEqualTo("/api/v2/samples/feeds/ips"))
                .withQueryParam("sample", equalTo(TOP_SAMPLE))
                .withQueryParam("api_key", equalTo(KEY)));
    }

    @Test
    void finds_suspicious_file_by_md5_and_skips_feeds_that_are_not_found() throws Exception {
        stubSearch("search-submissions-by-md5-one-item.json");
        wm.stubFor(get(urlPathMatching("/api/v2/samples/feeds/.*")).willReturn(notFound()));

        Finding finding = adapter().enrich(new Observable(ObservableType.MD5, MD5));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("threat score 60 (suspicious, sample.url)");
        assertThat(finding.facts()).extracting(Fact::title)
                .containsExactly("Analyses", "Threat score", "File name", "File type", "Behaviours");
        assertThat(finding.facts()).contains(new Fact("Analyses", "1, most recent 2020-09-29"));
        assertThat(finding.facts().get(3).value()).hasSize(81).endsWith("…");
        wm.verify(getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo(MD5)));
    }

    @Test
    void finds_file_by_sha1() throws Exception {
        stubSearch("search-submissions-by-sha256-two-items-authored.json");
        stubFeeds("");

        Finding finding = adapter().enrich(
                new Observable(ObservableType.SHA1, "70aef829bec17195e6c8ec0e6cba0ed39f97ba48"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
    }

    @Test
    void reports_a_file_seen_only_inside_other_samples_without_judging_it() throws Exception {
        stubSearch("search-submissions-by-md5-one-item.json");
        String dropped = "0".repeat(63) + "1";

        Finding finding = adapter().enrich(new Observable(ObservableType.SHA256, dropped));

        assertThat(finding.known()).isTrue();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(finding.verdict().reason())
                .isEqualTo("no analysis of this file; found in 1 analysed sample, max threat score 60 (suspicious, "
                        + "sample.url)");
        wm.verify(exactly(0), getRequestedFor(urlPathMatching("/api/v2/samples/feeds/.*")));
    }

    @Test
    void reports_nothing_known_when_no_analyses_match() throws Exception {
        stubSearch("search-submissions-empty-derived.json");

        assertThat(adapter().enrich(sha256())).isEqualTo(Finding.nothingKnown("Threat Grid"));
        wm.verify(exactly(0), getRequestedFor(urlPathMatching("/api/v2/samples/feeds/.*")));
    }

    @Test
    void lists_samples_that_contacted_a_domain() throws Exception {
        stubSearch("search-submissions-by-sha256-two-items-authored.json");

        Finding finding = adapter().enrich(new Observable(ObservableType.DOMAIN, "gate.bad-actor.example"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(finding.verdict().reason())
                .isEqualTo("contacted by 2 analysed samples, max threat score 100 (malicious, wsymqyv90.exe); "
                        + "that is the samples' score, no verdict on the domain itself");
        assertThat(finding.facts()).containsExactly(new Fact("Samples", "2"),
                new Fact("Highest scoring", "100 (malicious, wsymqyv90.exe); 95 (malicious, invoice_0042.exe)"));
        assertThat(finding.links()).extracting(Link::url).containsExactly(wm.baseUrl() + "/mask/samples/" + TOP_SAMPLE);
        wm.verify(getRequestedFor(urlPathEqualTo(SEARCH))
                .withQueryParam("q", equalTo("gate.bad-actor.example"))
                .withQueryParam("term", equalTo("domain"))
                .withQueryParam("api_key", equalTo(KEY)));
    }

    @Test
    void searches_samples_that_contacted_an_ip() throws Exception {
        stubSearch("search-submissions-empty-derived.json");

        Finding finding = adapter().enrich(new Observable(ObservableType.IPV4, "198.51.100.23"));

        assertThat(finding.known()).isFalse();
        wm.verify(getRequestedFor(urlPathEqualTo(SEARCH))
                .withQueryParam("q", equalTo("198.51.100.23"))
                .withQueryParam("term", equalTo("ip")));
    }

    @Test
    void maps_a_bad_key_to_unauthorized_without_leaking_it() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(fixture("error-401-invalid-api-key-authored.json"))));

        AdapterException e = failure(() -> adapter().enrich(sha256()));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void maps_404_to_not_found() {
        stubAll(404);

        assertThat(failure(() -> adapter().enrich(sha256())).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void maps_429_with_retry_after_to_rate_limited() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));

        AdapterException e = failure(() -> adapter().enrich(sha256()));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void maps_429_without_retry_after_to_rate_limited_with_no_wait() {
        stubAll(429);

        AdapterException e = failure(() -> adapter().enrich(sha256()));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void rate_limit_on_a_feed_call_fails_the_lookup() {
        stubSearch("search-submissions-by-sha256-two-items-authored.json");
        wm.stubFor(get(urlPathMatching("/api/v2/samples/feeds/.*")).willReturn(aResponse().withStatus(429)));

        assertThat(failure(() -> adapter().enrich(sha256())).kind()).isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void maps_5xx_to_unavailable() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(serverError()));

        AdapterException e = failure(() -> adapter().enrich(sha256()));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.status()).isEqualTo(500);
    }

    @Test
    void times_out_on_a_slow_search_without_carrying_the_url() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson("{}").withFixedDelay(1500)));

        AdapterException e = failure(() -> adapter(wm.baseUrl(), Duration.ofMillis(300)).enrich(sha256()));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void maps_a_malformed_body_to_malformed() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson("{\"data\": {\"items\": [")));

        assertThat(failure(() -> adapter().enrich(sha256())).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void tolerates_extra_and_missing_optional_fields() throws Exception {
        stubSearch("search-submissions-by-md5-extra-missing-derived.json");
        wm.stubFor(get(urlPathEqualTo("/api/v2/samples/feeds/domains")).willReturn(okJson("{\"data\": {}}")));
        wm.stubFor(get(urlPathEqualTo("/api/v2/samples/feeds/ips")).willReturn(okJson("{\"api_version\": 2}")));

        Finding finding = adapter().enrich(new Observable(ObservableType.MD5, MD5));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("threat score 60 (suspicious)");
        assertThat(finding.facts()).containsExactly(
                new Fact("Analyses", "1, most recent 2020-09-29"),
                new Fact("Threat score", "60 (suspicious)"));
    }

    @Test
    void works_behind_a_base_url_with_a_path_prefix() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/tg" + SEARCH))
                .willReturn(okJson(fixture("search-submissions-by-sha256-two-items-authored.json"))));
        stubFeeds("/tg");

        Finding finding = adapter(wm.baseUrl() + "/tg/", Duration.ofSeconds(3)).enrich(sha256());

        assertThat(finding.facts()).contains(new Fact("Contacted IPs", "198.51.100.23; 52.168.138.145"));
        assertThat(finding.links()).extracting(Link::url)
                .containsExactly(wm.baseUrl() + "/tg/mask/samples/" + TOP_SAMPLE);
        wm.verify(getRequestedFor(urlPathEqualTo("/tg" + SEARCH)).withQueryParam("api_key", equalTo(KEY)));
    }

    @Test
    void probe_asks_who_the_key_belongs_to() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/api/v3/session/whoami"))
                .willReturn(okJson("{\"api_version\": 3, \"data\": {\"login\": \"irflow\"}}")));

        adapter().probe();

        wm.verify(getRequestedFor(urlPathEqualTo("/api/v3/session/whoami")).withQueryParam("api_key", equalTo(KEY)));
    }

    @Test
    void probe_fails_with_a_bad_key() {
        stubAll(401);

        assertThat(failure(() -> adapter().probe()).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @Test
    void supports_hashes_domains_and_ipv4_only() {
        ThreatGridEnrichment tg = adapter();
        assertThat(tg.supports(ObservableType.SHA256)).isTrue();
        assertThat(tg.supports(ObservableType.SHA1)).isTrue();
        assertThat(tg.supports(ObservableType.MD5)).isTrue();
        assertThat(tg.supports(ObservableType.DOMAIN)).isTrue();
        assertThat(tg.supports(ObservableType.IPV4)).isTrue();
        assertThat(tg.supports(ObservableType.URL)).isFalse();
        assertThatThrownBy(() -> tg.enrich(new Observable(ObservableType.MAC, "aa:bb:cc:dd:ee:ff")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
    }

    @Test
    void config_hides_the_key() {
        assertThat(new ThreatGridConfig(HttpSettings.of("https://x"), KEY).toString()).doesNotContain(KEY).contains("***");
    }

    /** A lookup that may fail. */
    @FunctionalInterface
    private interface ThrowingLookup {
        void run() throws AdapterException;
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({"100, malicious", "95, malicious", "90, malicious", "89, suspicious", "50, suspicious", "49, low",
        "0, low"})
    void every_threat_score_is_shown_with_threat_grids_verdict_for_it(int score, String band) {
        assertThat(ThreatGridEnrichment.band(score)).isEqualTo(band);
    }
}

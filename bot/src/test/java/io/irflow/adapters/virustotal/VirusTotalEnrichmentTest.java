package io.irflow.adapters.virustotal;

import io.irflow.testing.MutableClock;

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
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirusTotalEnrichmentTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String WORD_DOC = "001015aafcae8a6942366cbb0e7d39c0738752a7800c41ea1c655d47b0a4d04c";
    private static final String CLEAN_EXE = "ddecc35aa198f401948c73a0d53fd93c4ecb770198ad7db308de026745c56b71";
    private static final String PE_MD5 = "e2a1373f5a0024b81742be35880f9422";
    private static final String PE_SHA256 = "01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b";
    private static final String DROPBOX_URL = "https://www.dropbox.com/s/qmi112rc4ns75eb/Confidential_123.xls?dl=1";
    private static final String DROPBOX_URL_ID =
            "aHR0cHM6Ly93d3cuZHJvcGJveC5jb20vcy9xbWkxMTJyYzRuczc1ZWIvQ29uZmlkZW50aWFsXzEyMy54bHM_ZGw9MQ";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    private VirusTotalEnrichment adapter = adapter(wm.baseUrl(), 1000);

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void flags_a_word_document_as_malicious_with_its_threat_label() throws Exception {
        stubGet("/files/" + WORD_DOC, "v3-file-malicious-with-threat-classification.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, WORD_DOC));

        assertThat(finding.known()).isTrue();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("53/62 engines flag it");
        assertThat(finding.facts()).contains(new Fact("Detections", "53/62 engines"),
                new Fact("Threat label", "virus.hill/w97m"), new Fact("Type", "MS Word Document"),
                new Fact("Size", "64,000 bytes"), new Fact("Name", "cDCUTY.tmp"), new Fact("Reputation", "0"),
                new Fact("Last analysed", "2020-04-10 19:24 UTC"));
        assertThat(finding.facts()).hasSizeLessThanOrEqualTo(8);
        assertThat(finding.links()).containsExactly(
                new Link("VirusTotal", "https://www.virustotal.com/gui/file/" + WORD_DOC));
        wm.verify(getRequestedFor(urlPathEqualTo("/files/" + WORD_DOC)).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void looks_a_file_up_by_md5_and_links_to_its_sha256_page() throws Exception {
        stubGet("/files/" + PE_MD5, "v3-file-malicious-pe-no-threat-classification.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.MD5, PE_MD5));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("57/70 engines flag it");
        assertThat(finding.facts()).extracting(Fact::title).doesNotContain("Threat label");
        assertThat(finding.facts()).contains(new Fact("Name", "WindowsApplication1.exe"));
        assertThat(finding.links()).extracting(Link::url)
                .containsExactly("https://www.virustotal.com/gui/file/" + PE_SHA256);
        wm.verify(getRequestedFor(urlPathEqualTo("/files/" + PE_MD5)).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void calls_a_file_no_engine_detects_clean_ignoring_unsupported_engines() throws Exception {
        stubGet("/files/" + CLEAN_EXE, "v3-file-clean-win32exe.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, CLEAN_EXE));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(finding.verdict().reason()).isEqualTo("0/70 engines flag it");
        assertThat(finding.facts()).contains(new Fact("Type", "Win32 EXE"), new Fact("Size", "55,296 bytes"),
                new Fact("First seen", "2012-12-10"));
    }

    @Test
    void describes_a_clean_domain_with_its_registrar() throws Exception {
        stubGet("/domains/haiku-os.org", "v3-domain-haiku-os-org.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.DOMAIN, "haiku-os.org"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(finding.verdict().reason()).isEqualTo("0/94 engines flag it");
        assertThat(finding.facts()).contains(new Fact("Registrar", "NameCheap, Inc."),
                new Fact("Created", "2002-10-29"));
        assertThat(finding.facts()).extracting(Fact::title).doesNotContain("Categories");
        assertThat(finding.links()).extracting(Link::url)
                .containsExactly("https://www.virustotal.com/gui/domain/haiku-os.org");
        wm.verify(getRequestedFor(urlPathEqualTo("/domains/haiku-os.org")).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void describes_an_ip_with_owner_country_and_community_votes() throws Exception {
        stubGet("/ip_addresses/8.8.8.8", "v3-ip-address-8.8.8.8.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.IPV4, "8.8.8.8"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(finding.facts()).contains(new Fact("Owner", "Google LLC (AS15169)"), new Fact("Country", "US"),
                new Fact("Network", "8.8.8.0/24"),
                new Fact("Reputation", "264 (votes: 21 harmless, 3 malicious)"));
        assertThat(finding.facts()).extracting(Fact::title).doesNotContain("Last analysed");
        assertThat(finding.links()).extracting(Link::url)
                .containsExactly("https://www.virustotal.com/gui/ip-address/8.8.8.8");
    }

    @Test
    void looks_a_url_up_by_its_unpadded_base64url_id() throws Exception {
        stubGet("/urls/" + DROPBOX_URL_ID, "v3-url-malicious.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.URL, DROPBOX_URL));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("5/90 engines flag it");
        assertThat(finding.facts()).contains(new Fact("Threat names", "malware_download"),
                new Fact("Title", "Dropbox - 404"),
                new Fact("Final URL", "https://www.dropbox.com/s/dl/qmi112rc4ns75eb/Confidential_123.xls"));
        assertThat(finding.links()).extracting(Link::url).containsExactly("https://www.virustotal.com/gui/url/"
                + "bb5fe735ff0130d4f56ea798b5c3c24140467300baadbe7422ef4961a3663903");
        wm.verify(getRequestedFor(urlPathEqualTo("/urls/" + DROPBOX_URL_ID)).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void counts_read_malicious_over_the_engines_that_answered_with_suspicious_apart_as_virustotals_page_does()
            throws Exception {
        stubGet("/domains/update-cdn.badguys.example", "v3-domain-malicious-and-suspicious-authored.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.DOMAIN, "update-cdn.badguys.example"));

        // 7 malicious of 7 + 2 + 24 + 61 = 94 engines that answered; the 3 timeouts are not counted, as on VT's page.
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("7/94 engines flag it, 2 suspicious");
        assertThat(finding.facts()).contains(new Fact("Detections", "7/94 engines, 2 suspicious"));
    }

    @Test
    void a_word_documents_ratio_leaves_out_the_type_unsupported_engines_like_virustotals_page() throws Exception {
        stubGet("/files/" + WORD_DOC, "v3-file-malicious-with-threat-classification.json");

        // Stats: 53 malicious, 9 undetected, 13 type-unsupported: VirusTotal shows 53 / 62.
        assertThat(adapter.enrich(new Observable(ObservableType.SHA256, WORD_DOC)).facts())
                .contains(new Fact("Detections", "53/62 engines"));
    }

    @Test
    void url_ids_use_the_url_safe_alphabet_without_padding() {
        assertThat(VirusTotalEnrichment.urlId(DROPBOX_URL)).isEqualTo(DROPBOX_URL_ID);
        assertThat(VirusTotalEnrichment.urlId("http://a.b/?>")).doesNotContain("=", "+", "/");
    }

    @Test
    void tolerates_extra_fields_and_missing_optional_ones() throws Exception {
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        stubGet("/files/" + sha, "v3-file-sparse-extra-fields-authored.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, sha));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("1/61 engines flag it (below the 3-engine threshold)");
        assertThat(finding.facts()).containsExactly(new Fact("Detections", "1/61 engines"));
    }

    @Test
    void an_object_without_analysis_is_known_but_unjudged() throws Exception {
        stubGet("/ip_addresses/2001:db8::1", "v3-ip-no-attributes-authored.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.IPV6, "2001:db8::1"));

        assertThat(finding.known()).isTrue();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(finding.facts()).isEmpty();
        assertThat(finding.links()).extracting(Link::url)
                .containsExactly("https://www.virustotal.com/gui/ip-address/2001:db8::1");
    }

    @Test
    void a_hash_virustotal_never_saw_is_nothing_known() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/files/" + PE_SHA256))
                .willReturn(aResponse().withStatus(404).withBody(fixture("v3-error-404-file-not-found.json"))));

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, PE_SHA256));

        assertThat(finding).isEqualTo(Finding.nothingKnown("VirusTotal"));
        wm.verify(getRequestedFor(urlPathEqualTo("/files/" + PE_SHA256)).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void a_wrong_key_is_unauthorized_and_the_key_is_not_repeated() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401)
                .withBody(fixture("v3-error-401-wrong-credentials.json"))));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "example.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("WrongCredentialsError").doesNotContain(KEY);
                });
        wm.verify(getRequestedFor(urlPathEqualTo("/domains/example.com")).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void a_quota_refusal_without_retry_after_waits_a_minute() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429)
                .withBody(fixture("v3-error-429-quota-exceeded.json"))));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.SHA256, PE_SHA256)))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(e.getMessage()).contains("VirusTotal can be asked again in 60 s (at 12:01:00 UTC)");
                });
        wm.verify(getRequestedFor(urlPathEqualTo("/files/" + PE_SHA256)).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void a_quota_refusal_with_retry_after_keeps_its_wait() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody(fixture("v3-error-429-quota-exceeded.json"))));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.SHA256, PE_SHA256)))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
        wm.verify(getRequestedFor(urlPathEqualTo("/files/" + PE_SHA256)));
    }

    @Test
    void the_client_side_quota_refuses_without_calling_virustotal_and_says_when_to_ask_again() throws Exception {
        adapter.close();
        adapter = adapter(wm.baseUrl(), 2);
        stubGet("/domains/haiku-os.org", "v3-domain-haiku-os-org.json");
        Observable domain = new Observable(ObservableType.DOMAIN, "haiku-os.org");
        adapter.enrich(domain);
        clock.advance(Duration.ofSeconds(15));
        adapter.enrich(domain);
        clock.advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> adapter.enrich(domain)).isInstanceOfSatisfying(AdapterException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.status()).isZero();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(40));
            assertThat(e.getMessage()).contains("2 requests per minute")
                    .contains("VirusTotal can be asked again in 40 s (at 12:01:00 UTC)");
        });
        wm.verify(2, getRequestedFor(urlPathEqualTo("/domains/haiku-os.org")));

        clock.advance(Duration.ofSeconds(40));
        assertThat(adapter.enrich(domain).known()).isTrue();
        wm.verify(3, getRequestedFor(urlPathEqualTo("/domains/haiku-os.org")));
    }

    @Test
    void the_public_api_default_is_four_requests_per_minute() {
        VirusTotalConfig config = new VirusTotalConfig(HttpSettings.of(wm.baseUrl()), KEY, 0);

        assertThat(config.requestsPerMinute()).isEqualTo(4);
        assertThat(config.toString()).doesNotContain(KEY).contains("***");
    }

    @Test
    void an_invalid_argument_is_bad_input() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(400)
                .withBody(fixture("v3-error-400-invalid-domain.json"))));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.DOMAIN, "xpressco.za")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        wm.verify(getRequestedFor(urlPathEqualTo("/domains/xpressco.za")));
    }

    @Test
    void a_malformed_hash_is_refused_before_spending_quota() {
        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.SHA1, "xyz")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        wm.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void a_server_error_with_an_html_body_is_unavailable() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withBody("<html>busy</html>")));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.IPV4, "8.8.8.8")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.status()).isEqualTo(503);
                });
        wm.verify(getRequestedFor(urlPathEqualTo("/ip_addresses/8.8.8.8")));
    }

    @Test
    void a_slow_answer_times_out() {
        adapter.close();
        adapter = new VirusTotalEnrichment(new VirusTotalConfig(
                HttpSettings.of(wm.baseUrl()).withReadTimeout(Duration.ofMillis(300)), KEY, 1000), clock);
        wm.stubFor(get(anyUrl()).willReturn(okJson(fixture("v3-ip-address-8.8.8.8.json")).withFixedDelay(1500)));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.IPV4, "8.8.8.8")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        wm.verify(getRequestedFor(urlPathEqualTo("/ip_addresses/8.8.8.8")));
    }

    @Test
    void a_body_that_is_not_json_is_malformed() {
        wm.stubFor(get(anyUrl()).willReturn(okJson("{\"data\": [truncated")));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.IPV4, "8.8.8.8")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
        wm.verify(getRequestedFor(urlPathEqualTo("/ip_addresses/8.8.8.8")));
    }

    @Test
    void a_base_url_with_a_path_prefix_is_kept() throws Exception {
        adapter.close();
        adapter = adapter(wm.baseUrl() + "/api/v3/", 1000);
        stubGet("/api/v3/files/" + WORD_DOC, "v3-file-malicious-with-threat-classification.json");

        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, WORD_DOC));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        wm.verify(getRequestedFor(urlPathEqualTo("/api/v3/files/" + WORD_DOC)).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void the_probe_looks_up_one_ip_with_the_key() throws Exception {
        stubGet("/ip_addresses/8.8.8.8", "v3-ip-address-8.8.8.8.json");

        adapter.probe();

        wm.verify(getRequestedFor(urlPathEqualTo("/ip_addresses/8.8.8.8")).withHeader("x-apikey", equalTo(KEY)));
    }

    @Test
    void the_probe_reports_a_wrong_key() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401)
                .withBody(fixture("v3-error-401-wrong-credentials.json"))));

        assertThatThrownBy(() -> adapter.probe())
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void supports_hashes_domains_ips_and_urls_only() {
        assertThat(ObservableType.values()).filteredOn(adapter::supports).containsExactlyInAnyOrder(
                ObservableType.SHA256, ObservableType.SHA1, ObservableType.MD5, ObservableType.DOMAIN,
                ObservableType.IPV4, ObservableType.IPV6, ObservableType.URL);
    }

    private VirusTotalEnrichment adapter(String baseUrl, int perMinute) {
        return new VirusTotalEnrichment(new VirusTotalConfig(HttpSettings.of(baseUrl), KEY, perMinute), clock);
    }

    private static void stubGet(String path, String fixtureName) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(fixture(fixtureName))));
    }

    static String fixture(String name) {
        try (InputStream in = VirusTotalEnrichmentTest.class.getResourceAsStream("/fixtures/virustotal/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

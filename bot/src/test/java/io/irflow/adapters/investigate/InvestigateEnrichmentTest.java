package io.irflow.adapters.investigate;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Umbrella Investigate against WireMock, with the reference samples as fixtures. Files named {@code *-derived.json}
 * are copies of a reference sample with one documented change (a higher risk score, found:false, extra/missing fields).
 */
class InvestigateEnrichmentTest {
    private static final String TOKEN = "test-token-123";
    private static final String FIXTURES = "/fixtures/umbrella-investigate/";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private InvestigateEnrichment adapter;

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private InvestigateEnrichment adapter(String baseUrl, Duration readTimeout) {
        HttpSettings http = HttpSettings.of(baseUrl).withReadTimeout(readTimeout);
        adapter = new InvestigateEnrichment(new InvestigateConfig(http, TOKEN));
        return adapter;
    }

    private InvestigateEnrichment adapter(String baseUrl) {
        return adapter(baseUrl, Duration.ofSeconds(3));
    }

    private InvestigateEnrichment adapter() {
        return adapter(wm.baseUrl());
    }

    private static String fixture(String name) {
        try (InputStream in = InvestigateEnrichmentTest.class.getResourceAsStream(FIXTURES + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stub(String path, String fixture) {
        wm.stubFor(get(urlEqualTo(path)).willReturn(okJson(fixture(fixture))));
    }

    private static void stubCategories() {
        stub("/domains/categories", "domain-categories-legacy-map.json");
    }

    private static void stubDomain(String domain, String categorization, String security, String risk) {
        stub("/domains/categorization/" + domain, categorization);
        stub("/security/name/" + domain, security);
        stub("/domains/risk-score/" + domain, risk);
    }

    private static Observable domain(String value) {
        return new Observable(ObservableType.DOMAIN, value);
    }

    private static void verifyBearer(String path) {
        wm.verify(getRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void classifies_benign_domain_with_content_category_names_risk_score_and_security_features() throws Exception {
        stubCategories();
        stubDomain("amazon.com", "categorization-get-amazon-com-ids.json", "security-name-test-com.json",
                "risk-score-bibikun-ru.json");

        Finding finding = adapter().enrich(domain("amazon.com"));

        assertThat(finding.source()).isEqualTo("Umbrella Investigate");
        assertThat(finding.known()).isTrue();
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(finding.verdict().reason()).isEqualTo("Umbrella classifies it as benign");
        assertThat(finding.facts()).containsExactly(
                new Fact("Status", "benign"),
                new Fact("Content categories", "Ecommerce/Shopping"),
                new Fact("Risk score", "14/100"),
                new Fact("SecureRank2", "75.3"),
                new Fact("DGA score", "0.0"));
        assertThat(finding.links()).containsExactly(new Link("Umbrella Investigate",
                "https://investigate.umbrella.com/domain-view/name/amazon.com/view"));
        verifyBearer("/domains/categorization/amazon.com");
        verifyBearer("/security/name/amazon.com");
        verifyBearer("/domains/risk-score/amazon.com");
        verifyBearer("/domains/categories");
    }

    @Test
    void calls_malicious_status_malicious_and_names_the_security_categories() throws Exception {
        stubCategories();
        stubDomain("internetbadguys.com", "categorization-post-bulk-ids.json", "security-name-test-com.json",
                "risk-score-bibikun-ru.json");

        Finding finding = adapter().enrich(domain("internetbadguys.com"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("Umbrella classifies it as malicious: Phishing");
        assertThat(finding.facts()).contains(new Fact("Status", "malicious"),
                new Fact("Security categories", "Phishing"));
    }

    @Test
    void calls_unclassified_domain_with_high_risk_score_suspicious() throws Exception {
        stubCategories();
        stubDomain("q7zr2kx-freshly-registered.xyz", "categorization-post-bulk-ids.json",
                "security-name-test-com.json", "risk-score-high-derived.json");

        Finding finding = adapter().enrich(domain("q7zr2kx-freshly-registered.xyz"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("risk score 85/100");
        assertThat(finding.facts()).contains(new Fact("Status", "not classified"), new Fact("Risk score", "85/100"));
    }

    @Test
    void reports_nothing_known_for_unclassified_domain_without_data() throws Exception {
        stub("/domains/categorization/q7zr2kx-freshly-registered.xyz", "categorization-post-bulk-ids.json");
        stub("/security/name/q7zr2kx-freshly-registered.xyz", "security-name-not-found-derived.json");
        wm.stubFor(get(urlEqualTo("/domains/risk-score/q7zr2kx-freshly-registered.xyz")).willReturn(noContent()));

        Finding finding = adapter().enrich(domain("q7zr2kx-freshly-registered.xyz"));

        assertThat(finding).isEqualTo(Finding.nothingKnown("Umbrella Investigate"));
        // No category ids to translate, so the catalogue is not fetched.
        wm.verify(exactly(0), getRequestedFor(urlEqualTo("/domains/categories")));
    }

    @Test
    void reports_nothing_known_when_categorization_is_404() throws Exception {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(notFound()));

        assertThat(adapter().enrich(domain("nowhere.example")).known()).isFalse();
        verifyBearer("/domains/categorization/nowhere.example");
    }

    @Test
    void shows_category_ids_when_the_catalogue_fails_and_does_not_retry_it_on_every_lookup() throws Exception {
        wm.stubFor(get(urlEqualTo("/domains/categories")).willReturn(serverError()));
        stubDomain("amazon.com", "categorization-get-amazon-com-ids.json", "security-name-test-com.json",
                "risk-score-bibikun-ru.json");
        InvestigateEnrichment investigate = adapter();

        Finding first = investigate.enrich(domain("amazon.com"));
        Finding second = investigate.enrich(domain("amazon.com"));

        assertThat(first.facts()).contains(new Fact("Content categories", "category 8"));
        assertThat(second.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        wm.verify(exactly(1), getRequestedFor(urlEqualTo("/domains/categories")));
    }

    @Test
    void fetches_the_catalogue_once_across_lookups() throws Exception {
        stubCategories();
        stubDomain("amazon.com", "categorization-get-amazon-com-ids.json", "security-name-test-com.json",
                "risk-score-bibikun-ru.json");
        stubDomain("example.com", "categorization-get-example-com-ids.json", "security-name-test-com.json",
                "risk-score-bibikun-ru.json");
        InvestigateEnrichment investigate = adapter();

        investigate.enrich(domain("amazon.com"));
        Finding example = investigate.enrich(domain("example.com"));

        assertThat(example.facts()).contains(new Fact("Content categories", "Search Engines"));
        wm.verify(exactly(1), getRequestedFor(urlEqualTo("/domains/categories")));
    }

    @Test
    void looks_up_the_host_of_a_url() throws Exception {
        stubCategories();
        stubDomain("example.com", "categorization-get-example-com-ids.json", "security-name-test-com.json",
                "risk-score-bibikun-ru.json");

        Finding finding = adapter().enrich(new Observable(ObservableType.URL, "https://Example.com/login?x=1"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        verifyBearer("/domains/categorization/example.com");
    }

    @Test
    void calls_an_ip_hosting_malicious_domains_suspicious() throws Exception {
        stub("/ips/203.0.113.7/latest_domains", "latest-domains-for-ip.json");

        Finding finding = adapter().enrich(new Observable(ObservableType.IPV4, "203.0.113.7"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(finding.verdict().reason()).isEqualTo("hosts 2 malicious domains");
        assertThat(finding.facts()).containsExactly(new Fact("Malicious domains", "2"),
                new Fact("Latest", "update-check.badhost.example, cdn-sync.badhost.example"));
        assertThat(finding.links()).extracting(Link::url)
                .containsExactly("https://investigate.umbrella.com/ip-view/203.0.113.7");
        verifyBearer("/ips/203.0.113.7/latest_domains");
    }

    @Test
    void reports_nothing_known_for_an_ip_without_malicious_domains() throws Exception {
        wm.stubFor(get(urlEqualTo("/ips/203.0.113.8/latest_domains")).willReturn(okJson("[]")));

        assertThat(adapter().enrich(new Observable(ObservableType.IPV4, "203.0.113.8")).known()).isFalse();
    }

    @Test
    void maps_an_invalid_token_to_unauthorized() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(fixture("error-403-invalid-token.json"))));

        assertThatThrownBy(() -> adapter().enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain(TOKEN);
                });
    }

    @Test
    void maps_401_to_unauthorized() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> adapter().enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void maps_429_with_retry_after_to_rate_limited() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        assertThatThrownBy(() -> adapter().enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void maps_429_without_retry_after_to_rate_limited_with_no_wait() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(429)));

        assertThatThrownBy(() -> adapter().enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isNull();
                });
    }

    @Test
    void rate_limit_on_a_supporting_call_still_fails_the_lookup() {
        stubCategories();
        stub("/domains/categorization/amazon.com", "categorization-get-amazon-com-ids.json");
        wm.stubFor(get(urlEqualTo("/security/name/amazon.com")).willReturn(aResponse().withStatus(429)));

        assertThatThrownBy(() -> adapter().enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
    }

    @Test
    void maps_5xx_on_categorization_to_unavailable() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(serverError()));

        assertThatThrownBy(() -> adapter().enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.status()).isEqualTo(500);
                });
    }

    @Test
    void keeps_the_status_verdict_when_supporting_calls_fail() throws Exception {
        stubCategories();
        stub("/domains/categorization/amazon.com", "categorization-get-amazon-com-ids.json");
        wm.stubFor(get(urlEqualTo("/security/name/amazon.com")).willReturn(serverError()));
        wm.stubFor(get(urlEqualTo("/domains/risk-score/amazon.com")).willReturn(okJson("{not json")));

        Finding finding = adapter().enrich(domain("amazon.com"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(finding.facts()).extracting(Fact::title).containsExactly("Status", "Content categories");
    }

    @Test
    void times_out_on_a_slow_answer() {
        wm.stubFor(get(urlPathMatching("/.*")).willReturn(okJson("{}").withFixedDelay(1500)));

        assertThatThrownBy(() -> adapter(wm.baseUrl(), Duration.ofMillis(300)).enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void maps_a_malformed_categorization_body_to_malformed() {
        wm.stubFor(get(urlEqualTo("/domains/categorization/amazon.com"))
                .willReturn(okJson("<html>gateway</html>")));

        assertThatThrownBy(() -> adapter().enrich(domain("amazon.com")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void tolerates_extra_and_missing_optional_fields() throws Exception {
        stubCategories();
        stubDomain("amazon.com", "categorization-get-amazon-com-extra-missing-derived.json",
                "security-name-test-com-extra-missing-derived.json", "risk-score-bibikun-ru.json");

        Finding finding = adapter().enrich(domain("amazon.com"));

        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(finding.facts()).containsExactly(
                new Fact("Status", "benign"),
                new Fact("Content categories", "Ecommerce/Shopping"),
                new Fact("Risk score", "14/100"));
    }

    @Test
    void works_behind_a_base_url_with_a_path_prefix() throws Exception {
        MappingBuilder categorization = get(urlEqualTo("/investigate/v2/domains/categorization/example.com"));
        wm.stubFor(categorization.willReturn(okJson(fixture("categorization-get-example-com-ids.json"))));
        stub("/investigate/v2/domains/categories", "domain-categories-legacy-map.json");
        stub("/investigate/v2/security/name/example.com", "security-name-test-com.json");
        stub("/investigate/v2/domains/risk-score/example.com", "risk-score-bibikun-ru.json");

        Finding finding = adapter(wm.baseUrl() + "/investigate/v2/").enrich(domain("example.com"));

        assertThat(finding.facts()).contains(new Fact("Content categories", "Search Engines"));
        verifyBearer("/investigate/v2/domains/categorization/example.com");
    }

    @Test
    void rejects_values_that_are_not_domains_without_calling_umbrella() {
        assertThatThrownBy(() -> adapter().enrich(domain("evil.com/../../admin")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        wm.verify(exactly(0), getRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void supports_domains_urls_and_ipv4_only() {
        InvestigateEnrichment investigate = adapter();
        assertThat(investigate.supports(ObservableType.DOMAIN)).isTrue();
        assertThat(investigate.supports(ObservableType.URL)).isTrue();
        assertThat(investigate.supports(ObservableType.IPV4)).isTrue();
        assertThat(investigate.supports(ObservableType.SHA256)).isFalse();
        assertThat(investigate.supports(ObservableType.HOSTNAME)).isFalse();
    }

    @Test
    void probe_reads_the_category_catalogue_and_keeps_it() throws Exception {
        stubCategories();
        stubDomain("amazon.com", "categorization-get-amazon-com-ids.json", "security-name-test-com.json",
                "risk-score-bibikun-ru.json");
        InvestigateEnrichment investigate = adapter();

        investigate.probe();
        investigate.enrich(domain("amazon.com"));

        verifyBearer("/domains/categories");
        wm.verify(exactly(1), getRequestedFor(urlEqualTo("/domains/categories")));
    }

    @Test
    void probe_fails_with_a_bad_token() {
        wm.stubFor(get(urlEqualTo("/domains/categories")).willReturn(aResponse().withStatus(403)
                .withBody(fixture("error-403-invalid-token.json"))));

        assertThatThrownBy(() -> adapter().probe())
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void config_hides_the_token() {
        assertThat(new InvestigateConfig(HttpSettings.of("https://x"), TOKEN).toString())
                .doesNotContain(TOKEN).contains("***");
    }
}

package io.irflow.adapters.amp;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Probe, error envelope, rate limits, timeouts, malformed bodies and base-URL prefixes. */
class AmpErrorsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Observable DOMAIN = new Observable(ObservableType.DOMAIN, "example.com");

    private static AdapterException failure(AmpEnrichment adapter, Observable observable) {
        return catchThrowableOfType(AdapterException.class, () -> adapter.enrich(observable));
    }

    private static AdapterException failure(Observable observable) {
        try (AmpEnrichment adapter = adapter(wm.baseUrl())) {
            return failure(adapter, observable);
        }
    }

    private void activityAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).willReturn(response));
    }

    @Test
    void probe_calls_version_with_basic_auth() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/version")).willReturn(okJson("{\"version\":\"v1.2.0\",\"data\":{}}")));
        try (AmpEnrichment adapter = adapter(wm.baseUrl())) {
            adapter.probe();
        }
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/version")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void probe_reports_bad_credentials_with_amps_error_details() {
        wm.stubFor(get(urlPathEqualTo("/v1/version"))
                .willReturn(unauthorized().withBody(fixture("error-401-unknown-api-key.json"))));
        try (AmpEnrichment adapter = adapter(wm.baseUrl())) {
            AdapterException e = catchThrowableOfType(AdapterException.class, adapter::probe);
            assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo("AMP for Endpoints answered HTTP 401: Unknown API key or Client ID")
                    .doesNotContain(API_KEY);
        }
    }

    @Test
    void rate_limit_with_retry_after_is_rate_limited() {
        activityAnswers(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody(fixture("error-429-rate-limited-authored.json")));

        AdapterException e = failure(DOMAIN);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(e.getMessage()).contains("API rate limit exceeded");
    }

    @Test
    void rate_limit_without_retry_after_waits_for_the_quota_reset_and_then_fails_fast() {
        activityAnswers(aResponse().withStatus(429).withHeader("x-ratelimit-limit", "3000")
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", "1713")
                .withBody(fixture("error-429-rate-limited-authored.json")));

        try (AmpEnrichment adapter = new AmpEnrichment(config(wm.baseUrl()))) {
            AdapterException first = failure(adapter, DOMAIN);
            AdapterException second = failure(adapter, DOMAIN);

            assertThat(first.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(1713));
            assertThat(second.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(second.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1713));
        }
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/computers/activity")));
    }

    @Test
    void rate_limit_reads_the_documented_header_spelling_too() {
        activityAnswers(aResponse().withStatus(429).withHeader("X-Rate-Limit-Reset", "90"));

        AdapterException e = failure(DOMAIN);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(e.getMessage()).isEqualTo("AMP for Endpoints answered HTTP 429");
    }

    @Test
    void an_exhausted_quota_on_a_successful_answer_stops_further_calls_until_reset() throws Exception {
        String headers = fixture("computers-list-response-headers.json"); // real values: limit 3000, reset 3573
        assertThat(headers).contains("\"x-ratelimit-reset\": \"3573\"");
        activityAnswers(okJson(fixture("empty-list-authored.json")).withHeader("x-ratelimit-limit", "3000")
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", "3573"));

        try (AmpEnrichment adapter = new AmpEnrichment(config(wm.baseUrl()))) {
            assertThat(adapter.enrich(DOMAIN).known()).isFalse();
            AdapterException e = failure(adapter, DOMAIN);
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.status()).isZero();
        }
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/computers/activity")));
    }

    @Test
    void server_error_is_unavailable_with_the_request_id() {
        activityAnswers(aResponse().withStatus(502).withHeader("x-request-id", "cdd95842-051d-4c14-9b40-7c66b178df19")
                .withBody("<html>Bad Gateway</html>"));

        AdapterException e = failure(DOMAIN);

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.trackingId()).isEqualTo("cdd95842-051d-4c14-9b40-7c66b178df19");
        assertThat(e.getMessage()).isEqualTo("AMP for Endpoints answered HTTP 502");
    }

    @Test
    void computers_404_is_not_found() {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).willReturn(notFound()));

        assertThat(failure(new Observable(ObservableType.HOSTNAME, "web01")).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void a_slow_answer_times_out() {
        activityAnswers(okJson(fixture("empty-list-authored.json")).withFixedDelay(1500));

        try (AmpEnrichment adapter = new AmpEnrichment(config(wm.baseUrl(), Duration.ofMillis(300)), CLOCK)) {
            assertThat(failure(adapter, DOMAIN).kind()).isEqualTo(Kind.TIMEOUT);
        }
    }

    @Test
    void a_malformed_body_is_malformed() {
        activityAnswers(okJson(fixture("malformed-truncated-authored.json")));

        assertThat(failure(DOMAIN).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void a_base_url_with_a_path_prefix_is_honoured() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/amp/v1/computers/activity"))
                .willReturn(okJson(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl() + "/amp"))));
        wm.stubFor(get(urlPathEqualTo("/amp/v1/events")).willReturn(okJson(fixture("empty-list-authored.json"))));

        try (AmpEnrichment adapter = adapter(wm.baseUrl() + "/amp/")) {
            assertThat(adapter.enrich(new Observable(ObservableType.SHA256,
                    "814a37d89a79aa3975308e723bc1a3a67360323b7e3584de00896fe7c59bbb8e")).hosts()).hasSize(1);
        }
        wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers/activity")).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/events")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void config_never_prints_credentials() {
        String text = config(wm.baseUrl()).toString() + AmpConfig.forRegion(AmpRegion.EUROPE, CLIENT_ID, API_KEY);
        assertThat(text).doesNotContain(API_KEY).doesNotContain(CLIENT_ID).contains("https://console.eu.amp.cisco.com");
    }
}

package io.irflow.adapters.threatresponse;

import io.irflow.testing.MutableClock;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.threatresponse.TrFixtures.BASIC;
import static io.irflow.adapters.threatresponse.TrFixtures.CLIENT_ID;
import static io.irflow.adapters.threatresponse.TrFixtures.DELIBERATE;
import static io.irflow.adapters.threatresponse.TrFixtures.OBSERVE;
import static io.irflow.adapters.threatresponse.TrFixtures.SECRET;
import static io.irflow.adapters.threatresponse.TrFixtures.TOKEN_PATH;
import static io.irflow.adapters.threatresponse.TrFixtures.bearer;
import static io.irflow.adapters.threatresponse.TrFixtures.fixture;
import static io.irflow.adapters.threatresponse.TrFixtures.stubPost;
import static io.irflow.adapters.threatresponse.TrFixtures.stubToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreatResponseTokenTest {
    private static final String EMPTY = "enrich-response-empty-authored.json";
    private static final Observable DOMAIN = new Observable(ObservableType.DOMAIN, "cisco.com");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    private ThreatResponseEnrichment adapter = adapter(wm.baseUrl(), null);

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void asks_for_a_client_credentials_token_with_basic_auth() throws Exception {
        stubToken(wm, TOKEN_PATH);
        stubEnrich();

        adapter.enrich(DOMAIN);

        wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials")));
    }

    @Test
    void reuses_the_token_until_a_minute_before_it_expires() throws Exception {
        stubToken(wm, TOKEN_PATH);
        stubEnrich();

        adapter.enrich(DOMAIN);
        clock.advance(Duration.ofSeconds(539));
        adapter.enrich(DOMAIN);
        wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

        clock.advance(Duration.ofSeconds(1));
        adapter.enrich(DOMAIN);
        wm.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void a_401_fetches_a_new_token_and_retries_once() throws Exception {
        stubToken(wm, TOKEN_PATH);
        stubPost(wm, OBSERVE, EMPTY);
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401)).willSetStateTo("refreshed"));
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).inScenario("expired").whenScenarioStateIs("refreshed")
                .willReturn(okJson(fixture("deliberate-response-talos-clean-amp-filerep-empty-legacy-module-type-key.json"))));

        assertThat(adapter.enrich(DOMAIN).verdict().disposition()).isEqualTo(Disposition.CLEAN);

        wm.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        wm.verify(2, postRequestedFor(urlPathEqualTo(DELIBERATE)).withHeader("Authorization", equalTo(bearer())));
    }

    @Test
    void a_second_401_is_unauthorized_without_looping() {
        stubToken(wm, TOKEN_PATH);
        wm.stubFor(post(urlPathEqualTo(DELIBERATE)).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> adapter.enrich(DOMAIN))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
        wm.verify(2, postRequestedFor(urlPathEqualTo(DELIBERATE)));
        wm.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void refused_client_credentials_are_unauthorized_and_the_secret_stays_out() {
        wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withBody(fixture("oauth2-token-error-invalid-client-authored.json"))));

        assertThatThrownBy(() -> adapter.enrich(DOMAIN)).isInstanceOfSatisfying(AdapterException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
            assertThat(e.getMessage()).contains("invalid_client").doesNotContain(SECRET);
        });
        wm.verify(0, postRequestedFor(urlPathEqualTo(DELIBERATE)));
    }

    @Test
    void a_token_answer_without_access_token_is_malformed() {
        wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson(fixture(EMPTY))));

        assertThatThrownBy(() -> adapter.enrich(DOMAIN))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void a_base_url_with_a_path_prefix_derives_the_token_url_from_it() throws Exception {
        adapter.close();
        adapter = adapter(wm.baseUrl() + "/xdr/", null);
        stubToken(wm, "/xdr" + TOKEN_PATH);
        stubPost(wm, "/xdr" + DELIBERATE, EMPTY);
        stubPost(wm, "/xdr" + OBSERVE, EMPTY);

        adapter.enrich(DOMAIN);

        wm.verify(postRequestedFor(urlPathEqualTo("/xdr" + TOKEN_PATH)).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(postRequestedFor(urlPathEqualTo("/xdr" + DELIBERATE)).withHeader("Authorization", equalTo(bearer())));
    }

    @Test
    void a_configured_token_url_is_used_as_is() throws Exception {
        adapter.close();
        adapter = adapter(wm.baseUrl(), wm.baseUrl() + "/other-region/token");
        stubToken(wm, "/other-region/token");
        stubEnrich();

        adapter.enrich(DOMAIN);

        wm.verify(postRequestedFor(urlPathEqualTo("/other-region/token")).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void the_config_hides_the_secret_and_derives_the_token_url() {
        ThreatResponseConfig config = ThreatResponseConfig.of(
                HttpSettings.of("https://visibility.eu.amp.cisco.com/"), CLIENT_ID, SECRET);

        assertThat(config.tokenUrl()).isEqualTo("https://visibility.eu.amp.cisco.com/iroh/oauth2/token");
        assertThat(config.observeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.toString()).doesNotContain(SECRET).contains("***");
    }

    private static void stubEnrich() {
        wm.stubFor(post(anyUrl()).atPriority(10).willReturn(okJson(fixture(EMPTY))));
        stubPost(wm, DELIBERATE, EMPTY);
        stubPost(wm, OBSERVE, EMPTY);
    }

    private ThreatResponseEnrichment adapter(String baseUrl, String tokenUrl) {
        return new ThreatResponseEnrichment(
                new ThreatResponseConfig(HttpSettings.of(baseUrl), tokenUrl, CLIENT_ID, SECRET, null), clock);
    }
}

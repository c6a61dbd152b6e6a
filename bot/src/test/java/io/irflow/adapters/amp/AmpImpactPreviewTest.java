package io.irflow.adapters.amp;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ImpactPreview.Impact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.BASIC;
import static io.irflow.adapters.amp.AmpFixtures.CLOCK;
import static io.irflow.adapters.amp.AmpFixtures.adapter;
import static io.irflow.adapters.amp.AmpFixtures.config;
import static io.irflow.adapters.amp.AmpFixtures.fixture;
import static io.irflow.adapters.amp.AmpFixtures.fixtureOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AMP's part of a confirmation's impact preview: the activity search for a domain or a SHA-256 to be blocked. */
class AmpImpactPreviewTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String DOMAIN = "bad.example.com";
    private static final String SHA = "814a37d89a79aa3975308e723bc1a3a67360323b7e3584de00896fe7c59bbb8e";

    private static Impact preview(ContainmentKind kind, String target) throws AdapterException {
        try (AmpEnrichment amp = adapter(wm.baseUrl())) {
            return amp.preview(kind, target);
        }
    }

    @Test
    void a_domain_seen_by_many_computers_counts_amps_total_and_names_the_first_page_only() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity"))
                .willReturn(okJson(fixtureOn("computers-activity-filename-paginated-next-link.json", wm.baseUrl()))));

        Impact i = preview(ContainmentKind.BLOCK_DOMAIN, DOMAIN);

        assertThat(i.source()).isEqualTo("AMP for Endpoints");
        assertThat(i.computers()).isEqualTo(10);
        assertThat(i.names()).containsExactly("Demo_CozyDuke", "Demo_Upatre");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/computers/activity")));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers/activity")).withQueryParam("q", equalTo(DOMAIN))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void a_hash_on_one_computer_names_it() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).withQueryParam("q", equalTo(SHA))
                .willReturn(okJson(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl()))));

        Impact i = preview(ContainmentKind.BLOCK_HASH, SHA);

        assertThat(i.computers()).isEqualTo(1);
        assertThat(i.names()).containsExactly("Demo_Stabuniq");
    }

    @Test
    void no_computer_is_zero_not_an_error() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity"))
                .willReturn(okJson(fixture("empty-list-authored.json"))));

        Impact i = preview(ContainmentKind.BLOCK_DOMAIN, DOMAIN);

        assertThat(i.computers()).isZero();
        assertThat(i.names()).isEmpty();
    }

    @Test
    void refused_credentials_are_unauthorized() {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity"))
                .willReturn(unauthorized().withBody(fixture("error-401-unknown-api-key.json"))));

        assertThatThrownBy(() -> preview(ContainmentKind.BLOCK_DOMAIN, DOMAIN)).isInstanceOfSatisfying(
                AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void a_slow_answer_times_out() {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity"))
                .willReturn(okJson(fixture("empty-list-authored.json")).withFixedDelay(1500)));

        try (AmpEnrichment amp = new AmpEnrichment(config(wm.baseUrl(), Duration.ofMillis(300)), CLOCK)) {
            assertThatThrownBy(() -> amp.preview(ContainmentKind.BLOCK_HASH, SHA)).isInstanceOfSatisfying(
                    AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void only_blocks_are_previewed() {
        try (AmpEnrichment amp = adapter(wm.baseUrl())) {
            assertThat(amp.previews(ContainmentKind.BLOCK_DOMAIN)).isTrue();
            assertThat(amp.previews(ContainmentKind.BLOCK_HASH)).isTrue();
            assertThat(amp.previews(ContainmentKind.ISOLATE)).isFalse();
            assertThat(amp.previews(ContainmentKind.QUARANTINE)).isFalse();
        }
    }
}

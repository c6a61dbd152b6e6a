package io.irflow.adapters.investigate;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.ImpactPreview.Impact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Umbrella Investigate's part of a domain block's impact preview: status and categories, from the samples. */
class InvestigateImpactPreviewTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static InvestigateEnrichment adapter() {
        return new InvestigateEnrichment(new InvestigateConfig(HttpSettings.of(wm.baseUrl())
                .withReadTimeout(Duration.ofSeconds(3)), "token"));
    }

    private static String fixture(String name) {
        try (InputStream in = InvestigateImpactPreviewTest.class
                .getResourceAsStream("/fixtures/umbrella-investigate/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_benign_domain_shows_its_status_and_content_category_names() throws Exception {
        wm.stubFor(get(urlEqualTo("/domains/categories"))
                .willReturn(okJson(fixture("domain-categories-legacy-map.json"))));
        wm.stubFor(get(urlEqualTo("/domains/categorization/amazon.com"))
                .willReturn(okJson(fixture("categorization-get-amazon-com-ids.json"))));

        try (InvestigateEnrichment inv = adapter()) {
            Impact i = inv.preview(ContainmentKind.BLOCK_DOMAIN, "Amazon.com");

            assertThat(i.source()).isEqualTo("Umbrella Investigate");
            assertThat(i.computers()).isNull();
            assertThat(i.facts()).containsExactly(new Fact("Status", "benign"),
                    new Fact("Content categories", "Ecommerce/Shopping"));
        }
    }

    @Test
    void a_malicious_domain_shows_its_security_categories() throws Exception {
        // The example.com sample with one change: status -1 and security category 68 (Phishing in the catalogue).
        String malicious = fixture("categorization-get-example-com-ids.json")
                .replace("example.com", "bad.example.com")
                .replace("\"status\": 1", "\"status\": -1")
                .replace("\"security_categories\": []", "\"security_categories\": [\"68\"]");
        wm.stubFor(get(urlEqualTo("/domains/categories"))
                .willReturn(okJson(fixture("domain-categories-legacy-map.json"))));
        wm.stubFor(get(urlEqualTo("/domains/categorization/bad.example.com")).willReturn(okJson(malicious)));

        try (InvestigateEnrichment inv = adapter()) {
            assertThat(inv.preview(ContainmentKind.BLOCK_DOMAIN, "bad.example.com").facts())
                    .contains(new Fact("Status", "malicious"), new Fact("Security categories", "Phishing"));
        }
    }

    @Test
    void a_refused_token_is_unauthorized_and_a_hash_is_not_asked_about() {
        wm.stubFor(get(urlEqualTo("/domains/categorization/bad.example.com")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(fixture("error-403-invalid-token.json"))));

        try (InvestigateEnrichment inv = adapter()) {
            assertThatThrownBy(() -> inv.preview(ContainmentKind.BLOCK_DOMAIN, "bad.example.com"))
                    .isInstanceOfSatisfying(AdapterException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
            assertThat(inv.previews(ContainmentKind.BLOCK_HASH)).isFalse();
            assertThat(inv.previews(ContainmentKind.QUARANTINE)).isFalse();
        }
        wm.verify(1, anyRequestedFor(anyUrl()));
    }
}

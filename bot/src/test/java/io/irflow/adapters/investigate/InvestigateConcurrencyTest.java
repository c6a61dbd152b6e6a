package io.irflow.adapters.investigate;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A domain needs three independent Umbrella calls (categorization, security, risk score): with each answering after
 * {@link #DELAY} they must overlap, which a sequential adapter (3 × DELAY) cannot fake.
 */
class InvestigateConcurrencyTest {
    private static final int DELAY = 1_000;

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private InvestigateEnrichment adapter;

    @BeforeEach
    void setUp() throws Exception {
        wm.stubFor(get(urlEqualTo("/domains/categories"))
                .willReturn(okJson(fixture("domain-categories-legacy-map.json"))));
        adapter = new InvestigateEnrichment(new InvestigateConfig(HttpSettings.of(wm.baseUrl())
                .withReadTimeout(Duration.ofSeconds(5)), "token"));
        adapter.probe(); // the category catalogue, fetched once per process
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void a_domains_three_calls_run_side_by_side() throws Exception {
        slow("/domains/categorization/amazon.com", "categorization-get-amazon-com-ids.json");
        slow("/security/name/amazon.com", "security-name-test-com.json");
        slow("/domains/risk-score/amazon.com", "risk-score-bibikun-ru.json");

        long start = System.nanoTime();
        Finding finding = adapter.enrich(new Observable(ObservableType.DOMAIN, "amazon.com"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(finding.facts()).contains(new Fact("Status", "benign"), new Fact("Risk score", "14/100"),
                new Fact("SecureRank2", "75.3"));
    }

    @Test
    void a_failing_security_call_keeps_the_status_and_risk_score() throws Exception {
        slow("/domains/categorization/amazon.com", "categorization-get-amazon-com-ids.json");
        wm.stubFor(get(urlEqualTo("/security/name/amazon.com"))
                .willReturn(aResponse().withStatus(503).withFixedDelay(DELAY)));
        slow("/domains/risk-score/amazon.com", "risk-score-bibikun-ru.json");

        long start = System.nanoTime();
        Finding finding = adapter.enrich(new Observable(ObservableType.DOMAIN, "amazon.com"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(finding.facts()).containsExactly(new Fact("Status", "benign"),
                new Fact("Content categories", "Ecommerce/Shopping"), new Fact("Risk score", "14/100"));
    }

    private static void slow(String path, String fixture) {
        wm.stubFor(get(urlEqualTo(path)).willReturn(okJson(fixture(fixture)).withFixedDelay(DELAY)));
    }

    private static String fixture(String name) {
        return Fixtures.text("fixtures/umbrella-investigate/" + name);
    }
}

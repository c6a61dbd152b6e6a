package io.irflow.adapters.threatgrid;

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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hash's two sample feeds need the sample id the search returns, so they follow it, side by side: with every
 * response after {@link #DELAY} that is 2 × DELAY, where one call after another is 3 × DELAY.
 */
class ThreatGridConcurrencyTest {
    private static final int DELAY = 1_000;
    private static final String SHA256 = "b630e72639cc7340620adb0cfc26332ec52fe8867b769695f2d25718d68b1b40";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ThreatGridEnrichment adapter;

    @BeforeEach
    void setUp() {
        adapter = new ThreatGridEnrichment(new ThreatGridConfig(HttpSettings.of(wm.baseUrl())
                .withReadTimeout(Duration.ofSeconds(5)), "tg-key"));
        slow("/api/v2/search/submissions", "search-submissions-by-sha256-two-items-authored.json");
        slow("/api/v2/samples/feeds/domains", "samples-feeds-domains-by-sample-authored.json");
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void the_sample_feeds_run_side_by_side_after_the_search() throws Exception {
        slow("/api/v2/samples/feeds/ips", "samples-feeds-ips-by-sample-authored.json");

        long start = System.nanoTime();
        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, SHA256));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3 * DELAY));
        assertThat(finding.facts()).extracting(Fact::title)
                .contains("Threat score", "Contacted domains", "Contacted IPs");
    }

    @Test
    void a_failing_ip_feed_keeps_the_contacted_domains() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/api/v2/samples/feeds/ips"))
                .willReturn(aResponse().withStatus(503).withFixedDelay(DELAY)));

        long start = System.nanoTime();
        Finding finding = adapter.enrich(new Observable(ObservableType.SHA256, SHA256));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3 * DELAY));
        assertThat(finding.facts()).extracting(Fact::title).contains("Threat score", "Contacted domains")
                .doesNotContain("Contacted IPs");
    }

    private static void slow(String path, String fixture) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(Fixtures.text("fixtures/threatgrid/" + fixture))
                .withFixedDelay(DELAY)));
    }
}

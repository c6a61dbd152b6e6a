package io.irflow.adapters.threatresponse;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.threatresponse.TrFixtures.CLIENT_ID;
import static io.irflow.adapters.threatresponse.TrFixtures.DELIBERATE;
import static io.irflow.adapters.threatresponse.TrFixtures.OBSERVE;
import static io.irflow.adapters.threatresponse.TrFixtures.SECRET;
import static io.irflow.adapters.threatresponse.TrFixtures.TOKEN_PATH;
import static io.irflow.adapters.threatresponse.TrFixtures.fixture;
import static io.irflow.adapters.threatresponse.TrFixtures.stubToken;
import static org.assertj.core.api.Assertions.assertThat;

/** Deliberate and observe are independent: with each answering after {@link #DELAY} they overlap. */
class ThreatResponseConcurrencyTest {
    private static final int DELAY = 1_000;
    private static final Observable IP = new Observable(ObservableType.IPV4, "45.146.165.37");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ThreatResponseEnrichment adapter;

    @BeforeEach
    void setUp() throws Exception {
        stubToken(wm, TOKEN_PATH);
        wm.stubFor(get(urlPathEqualTo("/iroh/iroh-enrich/settings")).willReturn(okJson("{}")));
        adapter = adapter(Duration.ofSeconds(5));
        adapter.probe(); // the token is fetched once and cached for ten minutes
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void deliberate_and_observe_run_side_by_side() throws Exception {
        slow(DELIBERATE, "deliberate-response-eu-ip-talos-malicious.json");
        slow(OBSERVE, "observe-response-sha256-amp-filerep-and-siem-sightings-with-error.json");

        long start = System.nanoTime();
        Finding finding = adapter.enrich(IP);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.facts()).extracting(Fact::title).doesNotContain("Sightings");
    }

    @Test
    void a_failing_observe_keeps_the_verdicts() throws Exception {
        slow(DELIBERATE, "deliberate-response-eu-ip-talos-malicious.json");
        wm.stubFor(post(urlPathEqualTo(OBSERVE)).willReturn(aResponse().withStatus(503).withFixedDelay(DELAY)));

        long start = System.nanoTime();
        Finding finding = adapter.enrich(IP);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.facts()).contains(new Fact("Sightings", "not available: Threat Response answered HTTP 503"));
    }

    @Test
    void an_observe_still_running_at_the_lookups_deadline_is_abandoned_with_the_verdicts_kept() throws Exception {
        adapter.close();
        adapter = adapter(Duration.ofMillis(2_500));
        adapter.probe();
        slow(DELIBERATE, "deliberate-response-eu-ip-talos-malicious.json");
        wm.stubFor(post(urlPathEqualTo(OBSERVE)).willReturn(okJson(fixture("enrich-response-empty-authored.json"))
                .withFixedDelay(6_000)));

        long start = System.nanoTime();
        Finding finding = adapter.enrich(IP);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the lookup's 2.5 s, not observe's own 30 s")
                .isLessThan(Duration.ofMillis(4_500));
        assertThat(finding.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(finding.facts())
                .contains(new Fact("Sightings", "not available: Threat Response did not answer in time"));
    }

    private static void slow(String path, String fixture) {
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(okJson(fixture(fixture)).withFixedDelay(DELAY)));
    }

    private static ThreatResponseEnrichment adapter(Duration lookupTimeout) {
        HttpSettings http = HttpSettings.of(wm.baseUrl()).withReadTimeout(lookupTimeout);
        return new ThreatResponseEnrichment(new ThreatResponseConfig(http, null, CLIENT_ID, SECRET, null),
                Clock.systemUTC());
    }
}

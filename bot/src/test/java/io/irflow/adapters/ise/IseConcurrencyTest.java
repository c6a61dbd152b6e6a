package io.irflow.adapters.ise;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
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
import static io.irflow.adapters.ise.IseFixtures.config;
import static io.irflow.adapters.ise.IseFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * For a MAC the MnT session and the ERS ANC assignment are independent (both are asked by MAC), so with each answering
 * after {@link #DELAY} they overlap; for an IP the ANC lookup needs the session's MAC and follows it.
 */
class IseConcurrencyTest {
    private static final int DELAY = 1_000;
    private static final String MAC = "00:14:BF:5A:0C:03";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private IseEnrichment adapter;

    @BeforeEach
    void setUp() {
        adapter = new IseEnrichment(config(wm.baseUrl(), wm.baseUrl(), "ANC_Quarantine"));
        wm.stubFor(get(urlPathEqualTo("/admin/API/mnt/Session/MACAddress/" + MAC)).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/xml")
                .withBody(fixture("mnt-session-by-mac-cisco-doc-example.xml")).withFixedDelay(DELAY)));
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void a_macs_session_and_anc_assignment_are_asked_side_by_side() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint"))
                .willReturn(okJson(fixture("ers-ancendpoint-list-empty.json")).withFixedDelay(DELAY)));

        long start = System.nanoTime();
        Finding finding = adapter.enrich(new Observable(ObservableType.MAC, MAC.toLowerCase()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(finding.facts()).contains(new Fact("ANC policy", "none"));
        assertThat(finding.facts()).extracting(Fact::title).contains("Endpoint", "Network device");
    }

    @Test
    void a_failing_anc_lookup_keeps_the_session() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint"))
                .willReturn(aResponse().withStatus(500).withFixedDelay(DELAY)));

        long start = System.nanoTime();
        Finding finding = adapter.enrich(new Observable(ObservableType.MAC, MAC.toLowerCase()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(finding.facts()).extracting(Fact::title).contains("Endpoint", "Network device");
        assertThat(finding.facts()).filteredOn(f -> f.title().equals("ANC policy")).singleElement()
                .satisfies(f -> assertThat(f.value()).startsWith("could not check (ISE answered HTTP 500"));
    }
}

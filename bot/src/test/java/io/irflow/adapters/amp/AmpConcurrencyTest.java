package io.irflow.adapters.amp;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.CLOCK;
import static io.irflow.adapters.amp.AmpFixtures.config;
import static io.irflow.adapters.amp.AmpFixtures.fixture;
import static io.irflow.adapters.amp.AmpFixtures.fixtureOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AMP's independent calls overlap, with every response delayed {@link #DELAY}: a SHA-256's activity search and
 * detection events (sequentially 2 × DELAY), and an IP's activity search beside the computer search whose guids the
 * events call then needs (sequentially 3 × DELAY, side by side 2 × DELAY).
 */
class AmpConcurrencyTest {
    private static final int DELAY = 1_000;
    private static final String SHA = "814a37d89a79aa3975308e723bc1a3a67360323b7e3584de00896fe7c59bbb8e";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void a_hashs_activity_and_detection_events_run_side_by_side() throws Exception {
        activity(slow(okJson(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl()))));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("detection_sha256", equalTo(SHA))
                .willReturn(slow(okJson(fixture("events-executed-malware-1107296272-authored.json")))));

        Timed t = enrich(ObservableType.SHA256, SHA);

        assertThat(t.took()).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(t.finding().facts()).extracting(Fact::title).contains("Detections", "Seen on");
    }

    @Test
    void a_failing_detection_call_keeps_the_computers_that_saw_the_hash() throws Exception {
        activity(slow(okJson(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl()))));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(slow(aResponse().withStatus(503))));

        Timed t = enrich(ObservableType.SHA256, SHA);

        assertThat(t.took()).isLessThan(Duration.ofMillis(2 * DELAY));
        assertThat(t.finding().facts()).extracting(Fact::title, Fact::value).contains(
                org.assertj.core.groups.Tuple.tuple("Detections", "unavailable (AMP for Endpoints answered HTTP 503)"));
        assertThat(t.finding().facts()).extracting(Fact::title).contains("Seen on");
        assertThat(t.finding().hosts()).extracting(HostDetails::hostname).contains("Demo_Stabuniq");
    }

    @Test
    void an_ips_activity_search_runs_beside_the_computer_search_and_its_events() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).withQueryParam("internal_ip", equalTo("10.116.0.3"))
                .willReturn(slow(okJson(fixture("computers-list-38-demo-computers.json")))));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("connector_guid[]", matching(".+"))
                .willReturn(slow(okJson(fixture("empty-list-authored.json")))));
        activity(slow(okJson(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl()))));

        Timed t = enrich(ObservableType.IPV4, "10.116.0.3");

        assertThat(t.took()).as("computers then events, the activity search beside them")
                .isLessThan(Duration.ofMillis(3 * DELAY));
        assertThat(t.finding().facts()).extracting(Fact::title).contains("Threat events", "Connected computers");
        assertThat(t.finding().hosts()).extracting(HostDetails::hostname).contains("testbox", "Demo_Stabuniq");
    }

    @Test
    void a_failing_activity_search_keeps_the_computers_found_by_ip() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).withQueryParam("internal_ip", equalTo("10.116.0.3"))
                .willReturn(slow(okJson(fixture("computers-list-38-demo-computers.json")))));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(slow(okJson(fixture("empty-list-authored.json")))));
        activity(slow(aResponse().withStatus(503)));

        Timed t = enrich(ObservableType.IPV4, "10.116.0.3");

        assertThat(t.took()).isLessThan(Duration.ofMillis(3 * DELAY));
        assertThat(t.finding().facts()).extracting(Fact::title, Fact::value).contains(
                org.assertj.core.groups.Tuple.tuple("Seen on",
                        "activity search unavailable (AMP for Endpoints answered HTTP 503)"));
        assertThat(t.finding().hosts()).extracting(HostDetails::hostname).containsExactly("testbox");
    }

    @Test
    void a_resolved_host_name_is_investigated_without_asking_again_but_the_next_investigation_asks() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).withQueryParam("hostname[]", equalTo("Demo_AMP"))
                .willReturn(slow(okJson(fixture("computers-list-38-demo-computers.json")))));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(slow(okJson(fixture("empty-list-authored.json")))));
        HostnameSearches shared = new HostnameSearches();
        AmpConfig config = config(wm.baseUrl(), Duration.ofSeconds(5));
        try (AmpHostDirectory directory = new AmpHostDirectory(config, shared);
             AmpEnrichment adapter = new AmpEnrichment(config, CLOCK, shared)) {
            assertThat(directory.hostsNamed("Demo_AMP")).containsExactly("Demo_AMP");
            long start = System.nanoTime();
            Finding f = adapter.enrich(new Observable(ObservableType.HOSTNAME, "Demo_AMP"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the events call alone")
                    .isLessThan(Duration.ofMillis(2 * DELAY));
            assertThat(f.hosts()).extracting(HostDetails::hostname).containsExactly("Demo_AMP");
            wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/computers")));

            adapter.enrich(new Observable(ObservableType.HOSTNAME, "Demo_AMP"));
            wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/computers")));
        }
    }

    @Test
    void a_failed_directory_search_leaves_the_investigation_to_ask_amp_itself() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).willReturn(aResponse().withStatus(503)));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(okJson(fixture("empty-list-authored.json"))));
        HostnameSearches shared = new HostnameSearches();
        AmpConfig config = config(wm.baseUrl(), Duration.ofSeconds(5));
        try (AmpHostDirectory directory = new AmpHostDirectory(config, shared);
             AmpEnrichment adapter = new AmpEnrichment(config, CLOCK, shared)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> directory.hostsNamed("Demo_AMP"))
                    .isInstanceOf(io.irflow.capabilities.AdapterException.class);
            wm.stubFor(get(urlPathEqualTo("/v1/computers"))
                    .willReturn(okJson(fixture("computers-list-38-demo-computers.json"))));
            Finding f = adapter.enrich(new Observable(ObservableType.HOSTNAME, "Demo_AMP"));
            assertThat(f.hosts()).extracting(HostDetails::hostname).containsExactly("Demo_AMP");
        }
        wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/computers")));
    }

    private static ResponseDefinitionBuilder slow(ResponseDefinitionBuilder response) {
        return response.withFixedDelay(DELAY);
    }

    private static void activity(ResponseDefinitionBuilder response) {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).willReturn(response));
    }

    private Timed enrich(ObservableType type, String value) throws Exception {
        try (AmpEnrichment adapter = new AmpEnrichment(config(wm.baseUrl(), Duration.ofSeconds(5)), CLOCK)) {
            long start = System.nanoTime();
            Finding f = adapter.enrich(new Observable(type, value));
            return new Timed(f, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private record Timed(Finding finding, Duration took) {
    }
}

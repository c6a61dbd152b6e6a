package io.irflow.adapters.amp;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.HostId;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "Which computers saw it" lookups (SHA-256, domain, URL) via /v1/computers/activity and detection events. */
class AmpActivityTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SHA = "814a37d89a79aa3975308e723bc1a3a67360323b7e3584de00896fe7c59bbb8e";

    private Finding enrich(ObservableType type, String value) throws AdapterException {
        try (AmpEnrichment adapter = adapter(wm.baseUrl())) {
            return adapter.enrich(new Observable(type, value));
        }
    }

    private void activity(String body) {
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).willReturn(okJson(body)));
    }

    @Test
    void sha256_seen_on_one_computer_without_detections_is_unknown() throws Exception {
        activity(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl()));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(okJson(fixture("empty-list-authored.json"))));

        Finding f = enrich(ObservableType.SHA256, SHA);

        assertThat(f.known()).isTrue();
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(f.verdict().reason()).isEqualTo("Seen on 1 computer(s)");
        assertThat(f.facts()).containsExactly(new Fact("Detections", "no detection events"),
                new Fact("Seen on", "1 computer(s): Demo_Stabuniq"));
        assertThat(f.hosts()).singleElement().satisfies(h -> {
            assertThat(h.hostname()).isEqualTo("Demo_Stabuniq");
            assertThat(h.id()).isEqualTo(HostId.ampConnector("367a2c23-d0e7-464b-ac3f-9a209868b31d"));
        });
        assertThat(f.links()).containsExactly(new Link("File trajectory", CONSOLE + "/file/trajectory/" + SHA));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers/activity")).withQueryParam("q", equalTo(SHA))
                .withQueryParam("limit", equalTo("50")).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events")).withQueryParam("detection_sha256", equalTo(SHA))
                .withQueryParam("limit", equalTo("50")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void sha256_with_threat_detected_events_is_suspicious_and_lists_the_detecting_computer() throws Exception {
        String sha = "b630e72639cc7340620adb0cfc26332ec52fe8867b769695f2d25718d68b1b40";
        activity(fixtureOn("computers-activity-sha256-single-hit.json", wm.baseUrl()));
        wm.stubFor(get(urlPathEqualTo("/v1/events"))
                .willReturn(okJson(fixture("events-by-detection-sha256-page1-with-next-link.json"))));

        Finding f = enrich(ObservableType.SHA256, sha);

        assertThat(f.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(f.verdict().reason()).isEqualTo("Threat Detected: W32.GenericKD:ZVETJ.18gs.1201 — wsymqyv90.exe"
                + " on Demo_Upatre (2020-02-20T18:20:38+00:00)");
        assertThat(f.facts()).contains(new Fact("Detections", "1 on 1 computer(s): Threat Detected ×1"));
        assertThat(f.hosts()).extracting(HostDetails::hostname).containsExactly("Demo_Stabuniq", "Demo_Upatre");
        assertThat(f.hosts().get(1)).satisfies(h -> {
            assertThat(h.user()).isEqualTo("A@TEMPLATE-W7X86");
            assertThat(h.macs()).containsExactly("3f:1e:b2:28:25:24");
        });
    }

    @Test
    void follows_next_links_on_the_api_host_and_counts_amps_total() throws Exception {
        String base = wm.baseUrl();
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).withQueryParam("offset", absent())
                .willReturn(okJson(fixtureOn("computers-activity-filename-paginated-next-link.json", base))));
        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).withQueryParam("offset", equalTo("5"))
                .willReturn(okJson(fixtureOn("computers-activity-sha256-single-hit.json", base))));

        Finding f = enrich(ObservableType.DOMAIN, "example.com");

        assertThat(f.hosts()).extracting(HostDetails::hostname)
                .containsExactly("Demo_CozyDuke", "Demo_Upatre", "Demo_Stabuniq");
        assertThat(f.facts()).containsExactly(
                new Fact("Seen on", "10 computer(s): Demo_CozyDuke, Demo_Upatre, Demo_Stabuniq (first 3 read)"));
        assertThat(f.links()).containsExactly(new Link("Search in AMP", CONSOLE + "/search?query=example.com"));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers/activity")).withQueryParam("q", equalTo("example.com"))
                .withQueryParam("limit", equalTo("50")));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers/activity"))
                .withQueryParam("q", equalTo("SearchProtocolHost.exe")).withQueryParam("offset", equalTo("5"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void never_follows_a_next_link_to_another_host() throws Exception {
        activity(fixture("computers-activity-filename-paginated-next-link.json")); // links on api.amp.cisco.com

        Finding f = enrich(ObservableType.URL, "http://bad.example.com/x?a=1");

        assertThat(f.hosts()).hasSize(2);
        assertThat(f.facts()).containsExactly(
                new Fact("Seen on", "10 computer(s): Demo_CozyDuke, Demo_Upatre (first 2 read)"));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/computers/activity")));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers/activity"))
                .withQueryParam("q", equalTo("http://bad.example.com/x?a=1")));
    }

    @Test
    void stops_after_the_page_limit() throws Exception {
        activity(fixtureOn("computers-activity-filename-paginated-next-link.json", wm.baseUrl())); // next every time

        Finding f = enrich(ObservableType.DOMAIN, "loop.example.com");

        assertThat(f.hosts()).hasSize(2);
        wm.verify(AmpEnrichment.ACTIVITY_PAGES, getRequestedFor(urlPathEqualTo("/v1/computers/activity")));
    }

    @Test
    void nothing_seen_returns_nothing_known_for_empty_pages_and_404() throws Exception {
        activity(fixture("empty-list-authored.json"));
        assertThat(enrich(ObservableType.DOMAIN, "unseen.example.com").known()).isFalse();

        wm.stubFor(get(urlPathEqualTo("/v1/computers/activity")).willReturn(notFound()));
        assertThat(enrich(ObservableType.URL, "https://unseen.example.com/").known()).isFalse();

        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(okJson(fixture("empty-list-authored.json"))));
        assertThat(enrich(ObservableType.SHA256, SHA).known()).isFalse();
    }

    @Test
    void md5_sha1_and_mac_are_not_supported() {
        try (AmpEnrichment adapter = adapter(wm.baseUrl())) {
            assertThat(adapter.supports(ObservableType.MD5)).isFalse();
            assertThat(adapter.supports(ObservableType.SHA1)).isFalse();
            assertThat(adapter.supports(ObservableType.MAC)).isFalse();
            assertThat(adapter.supports(ObservableType.SHA256)).isTrue();
            assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.MD5, "e2f5dcd966e26d54329e8d79c7201652")))
                    .isInstanceOfSatisfying(AdapterException.class,
                            e -> assertThat(e.kind()).isEqualTo(AdapterException.Kind.BAD_INPUT));
        }
        assertThat(wm.getAllServeEvents()).isEmpty();
    }
}

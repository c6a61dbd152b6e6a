package io.irflow.adapters.cmx;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CmxEnrichmentTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String CLIENTS = "/api/location/v2/clients";
    private static final String USER = "cmx-api";
    private static final String PASS = "cmx-secret";

    private CmxEnrichment adapter;

    @BeforeEach
    void setUp() {
        adapter = new CmxEnrichment(config(wm.baseUrl()));
    }

    @AfterEach
    void tearDown() {
        adapter.close();
    }

    private static CmxConfig config(String base) {
        return config(base, Duration.ofSeconds(3));
    }

    private static CmxConfig config(String base, Duration readTimeout) {
        return new CmxConfig(new HttpSettings(base, Duration.ofSeconds(2), readTimeout, null, true), USER, PASS);
    }

    private static String fixture(String name) {
        try (InputStream in = CmxEnrichmentTest.class.getResourceAsStream("/fixtures/cmx/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clientsAnswer(String key, String value, String file) {
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).withQueryParam(key, equalTo(value)).willReturn(okJson(fixture(file))));
    }

    @Test
    void locates_a_client_by_mac() throws Exception {
        clientsAnswer("macAddress", "00:00:2a:01:00:46", "location-v2-clients-sandbox.json");

        Finding f = adapter.enrich(new Observable(ObservableType.MAC, "00:00:2a:01:00:46"));

        assertThat(f.known()).isTrue();
        assertThat(f.source()).isEqualTo("CMX");
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(f.location()).isEqualTo(new Location("CiscoCampus > Building 9 > IDEAS!", 19.5, 74.1, "FEET",
                Instant.parse("2017-11-06T11:02:15.256Z"), new Location.Floor("CiscoCampus", "Building 9", "IDEAS!",
                39.0, 74.1, "domain_0_1462212406005.PNG"), 160.0));
        assertThat(f.facts()).extracting(Fact::title, Fact::value).containsExactly(
                tuple("Location", "CiscoCampus > Building 9 > IDEAS!"),
                tuple("Position", "19.5, 74.1 ft (±160 ft, approximate)"),
                tuple("SSID", "test"),
                tuple("AP", "00:2b:01:00:0a:00"),
                tuple("Manufacturer", "Trw"),
                tuple("Status", "ASSOCIATED"));
        HostDetails host = f.hosts().get(0);
        assertThat(host.macs()).containsExactly("00:00:2a:01:00:46");
        assertThat(host.ips()).containsExactly("10.10.20.229");
        assertThat(host.user()).as("CMX sends \"\" for an unknown user").isNull();
        wm.verify(getRequestedFor(urlEqualTo(CLIENTS + "?macAddress=00%3A00%3A2a%3A01%3A00%3A46"))
                .withBasicAuth(new BasicCredentials(USER, PASS))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void locates_a_client_by_ip_with_its_user() throws Exception {
        clientsAnswer("ipAddress", "10.20.30.45", "location-v2-clients-by-ip.json");

        Finding f = adapter.enrich(new Observable(ObservableType.IPV4, "10.20.30.45"));

        assertThat(f.location().mapHierarchy()).isEqualTo("HQ Campus > Building 2 > Floor 3");
        assertThat(f.location().lastLocated()).isEqualTo(Instant.parse("2024-03-05T14:30:55.390Z"));
        assertThat(f.facts()).contains(new Fact("User", "jdoe"), new Fact("SSID", "CORP-WIFI"),
                new Fact("Position", "131.3, 58.9 ft (±48 ft, approximate)"));
        assertThat(f.hosts().get(0).user()).isEqualTo("jdoe");
        assertThat(f.hosts().get(0).ips()).contains("10.20.30.45");
        wm.verify(getRequestedFor(urlPathEqualTo(CLIENTS)).withQueryParam("ipAddress", equalTo("10.20.30.45")));
    }

    @Test
    void locates_the_most_recent_device_of_a_user() throws Exception {
        clientsAnswer("username", "CORP\\jdoe", "location-v2-clients-by-username-two-devices.json");

        Optional<Location> where = adapter.locateUser("CORP\\jdoe");

        assertThat(where).hasValueSatisfying(l -> {
            assertThat(l.mapHierarchy()).isEqualTo("HQ Campus > Building 2 > Floor 3");
            assertThat(l.x()).isEqualTo(131.27);
            assertThat(l.y()).isEqualTo(58.94);
            assertThat(l.lastLocated()).isEqualTo(Instant.parse("2024-03-05T14:30:55.390Z"));
            assertThat(l.floor().name()).isEqualTo("Floor 3");
        });
        wm.verify(getRequestedFor(urlEqualTo(CLIENTS + "?username=CORP%5Cjdoe")));
    }

    @Test
    void mentions_other_matching_devices() throws Exception {
        clientsAnswer("ipAddress", "10.20.30.45", "location-v2-clients-by-username-two-devices.json");

        Finding f = adapter.enrich(new Observable(ObservableType.IPV4, "10.20.30.45"));

        assertThat(f.hosts().get(0).macs()).containsExactly("f4:8c:50:53:bc:09");
        assertThat(f.facts()).contains(new Fact("Other devices", "1 more matched; showing the most recently located"));
        assertThat(f.facts()).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void tolerates_missing_optional_fields_and_extra_ones() throws Exception {
        clientsAnswer("macAddress", "00:00:2a:01:00:47", "location-v2-clients-minimal.json");

        Finding f = adapter.enrich(new Observable(ObservableType.MAC, "00:00:2A:01:00:47"));

        assertThat(f.location()).isEqualTo(new Location("CiscoCampus > Building 9 > IDEAS!", null, null, null,
                Instant.ofEpochMilli(1509966135256L), new Location.Floor("CiscoCampus", "Building 9", "IDEAS!", null,
                null, null), null));
        assertThat(f.location().onFloor()).as("no position, so nothing to draw").isFalse();
        assertThat(f.facts()).containsExactly(new Fact("Location", "CiscoCampus > Building 9 > IDEAS!"));
    }

    @Test
    void nothing_known_on_204() throws Exception {
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).willReturn(aResponse().withStatus(204)));

        assertThat(adapter.enrich(new Observable(ObservableType.MAC, "aa:bb:cc:dd:ee:ff")))
                .isEqualTo(Finding.nothingKnown("CMX"));
        assertThat(adapter.locateUser("nobody")).isEmpty();
    }

    @Test
    void nothing_known_on_404_or_empty_array() throws Exception {
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).withQueryParam("ipAddress", equalTo("10.0.0.1"))
                .willReturn(aResponse().withStatus(404)));
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).withQueryParam("ipAddress", equalTo("10.0.0.2"))
                .willReturn(okJson("[]")));

        assertThat(adapter.enrich(new Observable(ObservableType.IPV4, "10.0.0.1")).known()).isFalse();
        assertThat(adapter.enrich(new Observable(ObservableType.IPV4, "10.0.0.2")).known()).isFalse();
    }

    @Test
    void maps_401_to_unauthorized() {
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.MAC, "aa:bb:cc:dd:ee:ff")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain(PASS);
                });
    }

    @Test
    void maps_429_with_and_without_retry_after() {
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).withQueryParam("ipAddress", equalTo("10.0.0.1"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).withQueryParam("ipAddress", equalTo("10.0.0.2"))
                .willReturn(aResponse().withStatus(429)));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.IPV4, "10.0.0.1")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
                });
        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.IPV4, "10.0.0.2")))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isNull();
                });
    }

    @Test
    void maps_500_to_unavailable() {
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> adapter.locateUser("jdoe"))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void times_out_on_a_slow_answer() {
        wm.stubFor(get(urlPathEqualTo(CLIENTS))
                .willReturn(okJson(fixture("location-v2-clients-sandbox.json")).withFixedDelay(1500)));

        try (CmxEnrichment impatient = new CmxEnrichment(config(wm.baseUrl(), Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> impatient.enrich(new Observable(ObservableType.MAC, "00:00:2a:01:00:46")))
                    .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void rejects_a_body_of_the_wrong_shape() {
        wm.stubFor(get(urlPathEqualTo(CLIENTS)).willReturn(okJson(fixture("location-v2-clients-not-an-array.json"))));

        assertThatThrownBy(() -> adapter.enrich(new Observable(ObservableType.MAC, "00:00:2a:01:00:46")))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void works_with_a_path_prefix() throws Exception {
        try (CmxEnrichment prefixed = new CmxEnrichment(config(wm.baseUrl() + "/cmx/"))) {
            wm.stubFor(get(urlPathEqualTo("/cmx" + CLIENTS))
                    .willReturn(okJson(fixture("location-v2-clients-by-ip.json"))));

            assertThat(prefixed.enrich(new Observable(ObservableType.IPV4, "10.20.30.45")).known()).isTrue();
            wm.verify(getRequestedFor(urlEqualTo("/cmx" + CLIENTS + "?ipAddress=10.20.30.45")));
        }
    }

    @Test
    void probe_calls_client_count() throws Exception {
        wm.stubFor(get(CLIENTS + "/count").willReturn(okJson(fixture("location-v2-clients-count.json"))));

        adapter.probe();

        wm.verify(getRequestedFor(urlEqualTo(CLIENTS + "/count")).withBasicAuth(new BasicCredentials(USER, PASS)));
    }

    @Test
    void supports_mac_and_ipv4_only() {
        assertThat(adapter.supports(ObservableType.MAC)).isTrue();
        assertThat(adapter.supports(ObservableType.IPV4)).isTrue();
        assertThat(adapter.supports(ObservableType.HOSTNAME)).isFalse();
        assertThat(adapter.supports(ObservableType.DOMAIN)).isFalse();
    }

    @Test
    void config_hides_the_password() {
        assertThat(config("https://cmx").toString()).doesNotContain(PASS).contains("***");
    }
}

package io.irflow.adapters.virustotal;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.testing.PathAttacks;
import io.irflow.testing.PathAttacks.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Issue 12 point 5: VirusTotal ids stay one segment of {@code /files}, {@code /domains}, {@code /ip_addresses} and
 * {@code /urls}; a URL is looked up by its base64url id (docs/reference/virustotal.md#url-identifiers), which needs no
 * escaping.
 */
class VirusTotalPathEncodingTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static List<Endpoint<VirusTotalClient>> endpoints() {
        return List.of(
                new Endpoint<>("file", "/files/", "", null, VirusTotalClient::file),
                new Endpoint<>("domain", "/domains/", "", null, VirusTotalClient::domain),
                new Endpoint<>("ip address", "/ip_addresses/", "", null, VirusTotalClient::ipAddress),
                new Endpoint<>("url id", "/urls/", "", null, VirusTotalClient::url));
    }

    static Stream<Arguments> cases() {
        return PathAttacks.cases(endpoints());
    }

    static Stream<Arguments> refusals() {
        return PathAttacks.refusals(endpoints());
    }

    private static VirusTotalClient client() {
        return new VirusTotalClient(new VirusTotalConfig(HttpSettings.of(wm.baseUrl()), "vt-key", 0),
                Clock.systemUTC());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void every_id_stays_one_segment(Endpoint<VirusTotalClient> endpoint, String hostile, String encoded) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        try (VirusTotalClient client = client()) {
            PathAttacks.sendIgnoringAnswer(endpoint, client, hostile);
        }
        PathAttacks.assertOnlyRequest(wm, endpoint.path(encoded), null);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("refusals")
    void a_dot_segment_is_refused_before_any_request(Endpoint<VirusTotalClient> endpoint, String hostile) {
        try (VirusTotalClient client = client()) {
            PathAttacks.assertRefusedBeforeAnyRequest(wm, endpoint, client, hostile);
        }
    }

    @Test
    void a_hostile_url_goes_out_as_its_base64url_id_only() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        String url = "http://evil.example/../a?b=1#c d";
        try (VirusTotalClient client = client()) {
            PathAttacks.sendIgnoringAnswer(endpoints().get(3), client, VirusTotalEnrichment.urlId(url));
        }
        // Hand-computed: base64url of the URL's UTF-8 bytes, without padding.
        PathAttacks.assertOnlyRequest(wm, "/urls/aHR0cDovL2V2aWwuZXhhbXBsZS8uLi9hP2I9MSNjIGQ", null);
    }
}

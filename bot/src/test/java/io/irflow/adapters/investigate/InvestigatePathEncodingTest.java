package io.irflow.adapters.investigate;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.testing.PathAttacks;
import io.irflow.testing.PathAttacks.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Issue 12 point 5: a domain, IP or URL put in an Investigate path (docs/reference/umbrella-investigate.md#basics) is
 * one fully encoded segment, '/' included.
 */
class InvestigatePathEncodingTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static List<Endpoint<InvestigateClient>> endpoints() {
        return List.of(
                new Endpoint<>("categorization", "/domains/categorization/", "", null,
                        InvestigateClient::categorization),
                new Endpoint<>("security", "/security/name/", "", null, InvestigateClient::security),
                new Endpoint<>("risk score", "/domains/risk-score/", "", null, InvestigateClient::riskScore),
                new Endpoint<>("latest domains of an IP", "/ips/", "/latest_domains", null,
                        InvestigateClient::latestDomains));
    }

    static Stream<Arguments> cases() {
        return PathAttacks.cases(endpoints());
    }

    static Stream<Arguments> refusals() {
        return PathAttacks.refusals(endpoints());
    }

    private static InvestigateClient client() {
        return new InvestigateClient(new InvestigateConfig(HttpSettings.of(wm.baseUrl()), "inv-token"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void every_path_parameter_stays_one_segment(Endpoint<InvestigateClient> endpoint, String hostile,
                                                String encoded) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        try (InvestigateClient client = client()) {
            PathAttacks.sendIgnoringAnswer(endpoint, client, hostile);
        }
        PathAttacks.assertOnlyRequest(wm, endpoint.path(encoded), null);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("refusals")
    void a_dot_segment_is_refused_before_any_request(Endpoint<InvestigateClient> endpoint, String hostile) {
        try (InvestigateClient client = client()) {
            PathAttacks.assertRefusedBeforeAnyRequest(wm, endpoint, client, hostile);
        }
    }

    @Test
    void a_url_as_a_path_parameter_is_encoded_whole_including_its_slashes() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        Endpoint<InvestigateClient> security = endpoints().get(1);
        try (InvestigateClient client = client()) {
            PathAttacks.sendIgnoringAnswer(security, client, "https://evil.example/a b/x?y=1#z");
        }
        PathAttacks.assertOnlyRequest(wm, "/security/name/https:%2F%2Fevil.example%2Fa%20b%2Fx%3Fy%3D1%23z", null);
    }

    @Test
    void a_url_with_a_parent_step_is_refused_because_a_server_may_decode_its_slashes() {
        try (InvestigateClient client = client()) {
            PathAttacks.assertRefusedBeforeAnyRequest(wm, endpoints().get(1), client, "https://evil.example/../x");
        }
    }
}

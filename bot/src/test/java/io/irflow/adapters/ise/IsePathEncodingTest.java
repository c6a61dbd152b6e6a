package io.irflow.adapters.ise;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.testing.PathAttacks;
import io.irflow.testing.PathAttacks.Endpoint;
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

/** Issue 12 point 5: ISE ERS and MnT path parameters stay one segment of their endpoint. */
class IsePathEncodingTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static List<Endpoint<IseClient>> ers() {
        return List.of(
                new Endpoint<>("ERS ancendpoint by id", "/ers/config/ancendpoint/", "", null, IseClient::ancEndpoint),
                new Endpoint<>("ERS ancpolicy by name", "/ers/config/ancpolicy/name/", "", null, IseClient::ancPolicy));
    }

    static List<Endpoint<IseMntClient>> mnt() {
        return List.of(
                new Endpoint<>("MnT session by MAC", "/admin/API/mnt/Session/MACAddress/", "", null,
                        IseMntClient::sessionByMac),
                new Endpoint<>("MnT session by endpoint IP", "/admin/API/mnt/Session/EndPointIPAddress/", "", null,
                        IseMntClient::sessionByEndpointIp));
    }

    static Stream<Arguments> ersCases() {
        return PathAttacks.cases(ers());
    }

    static Stream<Arguments> mntCases() {
        return PathAttacks.cases(mnt());
    }

    static Stream<Arguments> ersRefusals() {
        return PathAttacks.refusals(ers());
    }

    static Stream<Arguments> mntRefusals() {
        return PathAttacks.refusals(mnt());
    }

    private static IseConfig config() {
        return IseFixtures.config(wm.baseUrl(), wm.baseUrl(), "ANC_Quarantine");
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("ersCases")
    void ers_path_parameters_stay_one_segment(Endpoint<IseClient> endpoint, String hostile, String encoded) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        try (IseClient client = new IseClient(config())) {
            PathAttacks.sendIgnoringAnswer(endpoint, client, hostile);
        }
        PathAttacks.assertOnlyRequest(wm, endpoint.path(encoded), null);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("mntCases")
    void mnt_path_parameters_stay_one_segment(Endpoint<IseMntClient> endpoint, String hostile, String encoded) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        try (IseMntClient client = new IseMntClient(config())) {
            PathAttacks.sendIgnoringAnswer(endpoint, client, hostile);
        }
        PathAttacks.assertOnlyRequest(wm, endpoint.path(encoded), null);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("ersRefusals")
    void ers_refuses_dot_segments_before_any_request(Endpoint<IseClient> endpoint, String hostile) {
        try (IseClient client = new IseClient(config())) {
            PathAttacks.assertRefusedBeforeAnyRequest(wm, endpoint, client, hostile);
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("mntRefusals")
    void mnt_refuses_dot_segments_before_any_request(Endpoint<IseMntClient> endpoint, String hostile) {
        try (IseMntClient client = new IseMntClient(config())) {
            PathAttacks.assertRefusedBeforeAnyRequest(wm, endpoint, client, hostile);
        }
    }
}

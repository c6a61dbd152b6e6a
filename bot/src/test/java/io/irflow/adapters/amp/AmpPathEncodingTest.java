package io.irflow.adapters.amp;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.testing.PathAttacks;
import io.irflow.testing.PathAttacks.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Issue 12 point 5: every AMP path parameter stays one segment of its endpoint; query values stay one value. */
class AmpPathEncodingTest {
    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String LIST = "b0ab6c6a-3e4d-4a8e-9a5e-1d2c3b4a5f60";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static List<Endpoint<AmpClient>> endpoints() {
        return List.of(
                new Endpoint<>("GET computer", "/v1/computers/", "", null, AmpClient::computer),
                new Endpoint<>("GET isolation", "/v1/computers/", "/isolation", null, AmpClient::isolation),
                new Endpoint<>("PUT isolation", "/v1/computers/", "/isolation", null,
                        (c, v) -> c.startIsolation(v, "irflow", null)),
                new Endpoint<>("DELETE isolation", "/v1/computers/", "/isolation", null, AmpClient::stopIsolation),
                new Endpoint<>("GET file list", "/v1/file_lists/", "/files", "limit=1", AmpClient::fileListExists),
                new Endpoint<>("GET file list item (list)", "/v1/file_lists/", "/files/" + SHA, null,
                        (c, v) -> c.fileListItem(v, SHA)),
                new Endpoint<>("GET file list item (hash)", "/v1/file_lists/" + LIST + "/files/", "", null,
                        (c, v) -> c.fileListItem(LIST, v)),
                new Endpoint<>("POST file list item (list)", "/v1/file_lists/", "/files/" + SHA, null,
                        (c, v) -> c.addToFileList(v, SHA, "irflow")),
                new Endpoint<>("POST file list item (hash)", "/v1/file_lists/" + LIST + "/files/", "", null,
                        (c, v) -> c.addToFileList(LIST, v, "irflow")),
                new Endpoint<>("DELETE file list item (list)", "/v1/file_lists/", "/files/" + SHA, null,
                        (c, v) -> c.removeFromFileList(v, SHA)),
                new Endpoint<>("DELETE file list item (hash)", "/v1/file_lists/" + LIST + "/files/", "", null,
                        (c, v) -> c.removeFromFileList(LIST, v)));
    }

    static Stream<Arguments> cases() {
        return PathAttacks.cases(endpoints());
    }

    static Stream<Arguments> refusals() {
        return PathAttacks.refusals(endpoints());
    }

    private static AmpClient client() {
        return new AmpClient(AmpFixtures.config(wm.baseUrl()), AmpFixtures.CLOCK);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void every_path_parameter_stays_one_segment_of_its_endpoint(Endpoint<AmpClient> endpoint, String hostile,
                                                                String encoded) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        try (AmpClient client = client()) {
            PathAttacks.sendIgnoringAnswer(endpoint, client, hostile);
        }
        PathAttacks.assertOnlyRequest(wm, endpoint.path(encoded), endpoint.query());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("refusals")
    void a_dot_segment_is_refused_before_any_request(Endpoint<AmpClient> endpoint, String hostile) {
        try (AmpClient client = client()) {
            PathAttacks.assertRefusedBeforeAnyRequest(wm, endpoint, client, hostile);
        }
    }

    @ParameterizedTest(name = "hostname {0}")
    @MethodSource("io.irflow.testing.PathAttacks#encoded")
    void a_hostile_hostname_or_ip_stays_one_query_value(String hostile, String ignored) throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"data\":[]}")));
        try (AmpClient client = client()) {
            client.computersByHostname(hostile, 5);
        }
        PathAttacks.assertOnlyRequestWithQuery(wm, "/v1/computers", Map.of("hostname[]", hostile, "limit", "5"));
        wm.resetRequests();
        try (AmpClient client = client()) {
            client.computersByInternalIp(hostile, 5);
        }
        PathAttacks.assertOnlyRequestWithQuery(wm, "/v1/computers", Map.of("internal_ip", hostile, "limit", "5"));
    }

    @Test
    void an_activity_query_with_a_url_stays_one_query_value() throws Exception {
        String url = "http://evil.example/a?b=1&limit=999#frag";
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"data\":[],\"metadata\":{\"links\":{}}}")));
        try (AmpClient client = client()) {
            client.activity(url, 10, 1, 10);
        }
        PathAttacks.assertOnlyRequestWithQuery(wm, "/v1/computers/activity", Map.of("q", url, "limit", "10"));
    }
}

package io.irflow.adapters.umbrella;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.testing.PathAttacks;
import io.irflow.testing.PathAttacks.Endpoint;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 point 5: the destination list id (configuration) stays one segment of the v2 paths, and a domain name
 * given to the enforcement API's delete-by-name stays one query value.
 */
class UmbrellaPathEncodingTest {
    private static final String TOKEN = "/auth/v2/token";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static List<Endpoint<UmbrellaDestinationListClient>> endpoints() {
        return List.of(
                new Endpoint<>("GET destinations", "/policies/v2/destinationlists/", "/destinations",
                        "page=1&limit=100", (c, v) -> c.destinations(v, 1)),
                new Endpoint<>("POST destinations", "/policies/v2/destinationlists/", "/destinations", null,
                        (c, v) -> c.addDestination(v, "evil.example", "irflow")),
                new Endpoint<>("DELETE destinations", "/policies/v2/destinationlists/", "/destinations/remove", null,
                        (c, v) -> c.removeDestination(v, 7L)));
    }

    static Stream<Arguments> cases() {
        return PathAttacks.cases(endpoints());
    }

    static Stream<Arguments> refusals() {
        return PathAttacks.refusals(endpoints());
    }

    private static UmbrellaDestinationListClient client() {
        return new UmbrellaDestinationListClient(UmbrellaFixtures.v2(wm.baseUrl()), UmbrellaFixtures.CLOCK);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void the_list_id_stays_one_segment(Endpoint<UmbrellaDestinationListClient> endpoint, String hostile,
                                       String encoded) {
        wm.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(UmbrellaFixtures.fixture("destination-lists-v2/oauth2-token.json"))));
        wm.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
        try (UmbrellaDestinationListClient client = client()) {
            PathAttacks.sendIgnoringAnswer(endpoint, client, hostile);
        }
        String path = endpoint.path(encoded);
        assertThat(PathAttacks.urls(wm)).containsExactly(TOKEN,
                endpoint.query() == null ? path : path + "?" + endpoint.query());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("refusals")
    void a_dot_segment_list_id_is_refused_before_any_request(Endpoint<UmbrellaDestinationListClient> endpoint,
                                                            String hostile) {
        try (UmbrellaDestinationListClient client = client()) {
            PathAttacks.assertRefusedBeforeAnyRequest(wm, endpoint, client, hostile);
        }
    }

    @ParameterizedTest(name = "where[name]={0}")
    @MethodSource("io.irflow.testing.PathAttacks#encoded")
    void a_domain_deleted_by_name_stays_one_query_value(String hostile, String ignored) throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        try (UmbrellaEnforcementClient client = new UmbrellaEnforcementClient(
                UmbrellaFixtures.enforcement(wm.baseUrl()), UmbrellaFixtures.CLOCK)) {
            client.deleteDomainByName(hostile);
        }
        PathAttacks.assertOnlyRequestWithQuery(wm, "/domains",
                Map.of("customerKey", UmbrellaFixtures.CUSTOMER_KEY, "where[name]", hostile));
    }
}

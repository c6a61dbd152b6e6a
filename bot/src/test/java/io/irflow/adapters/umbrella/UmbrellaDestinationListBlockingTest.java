package io.irflow.adapters.umbrella;

import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.capabilities.ContainmentState;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentResult.Change;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.umbrella.UmbrellaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Domain blocking through the Umbrella API v2 destination list, with the OAuth2 client-credentials token. */
class UmbrellaDestinationListBlockingTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "/auth/v2/token";
    private static final String DESTINATIONS = "/policies/v2/destinationlists/" + LIST_ID + "/destinations";
    private static final String REMOVE = DESTINATIONS + "/remove";
    private static final String DOMAIN = "c2-beacon.badhost.example";
    private static final String BEARER = "Bearer token"; // access_token of the reference token answer

    private UmbrellaBlocking blocking;

    @BeforeEach
    void setUp() {
        blocking = new UmbrellaBlocking(v2(wm.baseUrl()), CLOCK);
        wm.stubFor(post(TOKEN).willReturn(json(200, "destination-lists-v2/oauth2-token.json")));
    }

    @AfterEach
    void tearDown() {
        blocking.close();
    }

    private static ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(fixture(file));
    }

    private static void listAnswers(String file) {
        wm.stubFor(get(urlPathEqualTo(DESTINATIONS)).willReturn(json(200, file)));
    }

    private static AdapterException failure(ThrowingCall call) {
        return catchThrowableOfType(AdapterException.class, call::run);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void blocks_a_domain_by_adding_it_to_the_destination_list() throws Exception {
        listAnswers("destination-lists-v2/destinations-list.json");
        wm.stubFor(post(DESTINATIONS).willReturn(json(200, "destination-lists-v2/destinations-add-or-remove-response.json")));

        ContainmentResult result = blocking.apply(DOMAIN);

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.productStatus()).isEqualTo(200);
        assertThat(result.detail()).contains(LIST_ID);
        wm.verify(postRequestedFor(urlEqualTo(TOKEN))
                .withBasicAuth(new BasicCredentials(CLIENT_ID, CLIENT_SECRET))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials")));
        wm.verify(getRequestedFor(urlPathEqualTo(DESTINATIONS)).withHeader("Authorization", equalTo(BEARER))
                .withQueryParam("page", equalTo("1")).withQueryParam("limit", equalTo("100")));
        wm.verify(postRequestedFor(urlEqualTo(DESTINATIONS))
                .withHeader("Authorization", equalTo(BEARER))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("[{\"destination\":\"" + DOMAIN + "\",\"comment\":\"Blocked by irflow\"}]")));
        wm.verify(1, postRequestedFor(urlEqualTo(TOKEN))); // one token for both calls
    }

    @Test
    void sends_add_and_remove_bodies_shaped_like_the_reference_requests() throws Exception {
        wm.stubFor(post(DESTINATIONS).willReturn(json(200, "destination-lists-v2/destinations-add-or-remove-response.json")));
        wm.stubFor(delete(REMOVE).willReturn(json(200, "destination-lists-v2/destinations-add-or-remove-response.json")));
        try (UmbrellaDestinationListClient client = new UmbrellaDestinationListClient(v2(wm.baseUrl()), CLOCK)) {
            client.addDestination(LIST_ID, DOMAIN, "IR-2024-0311 blocked via Webex bot");
            client.removeDestination(LIST_ID, 42882950L);
        }
        wm.verify(postRequestedFor(urlEqualTo(DESTINATIONS))
                .withRequestBody(equalToJson(fixture("destination-lists-v2/destinations-add-request.json"))));
        wm.verify(deleteRequestedFor(urlEqualTo(REMOVE))
                .withRequestBody(equalToJson(fixture("destination-lists-v2/destinations-remove-request.json"))));
    }

    @Test
    void a_listed_domain_is_already_and_not_added_again() throws Exception {
        listAnswers("destination-lists-v2/destinations-list.json");

        assertThat(blocking.apply("StackOverflow.com").change()).isEqualTo(Change.ALREADY);
        wm.verify(0, postRequestedFor(urlEqualTo(DESTINATIONS)));
    }

    @Test
    void unblocks_by_the_listed_id_sent_as_a_number() throws Exception {
        listAnswers("destination-lists-v2/destinations-list.json");
        wm.stubFor(delete(REMOVE).willReturn(json(200, "destination-lists-v2/destinations-add-or-remove-response.json")));

        ContainmentResult result = blocking.undo("stackoverflow.com");

        assertThat(result.change()).isEqualTo(Change.DONE);
        wm.verify(deleteRequestedFor(urlEqualTo(REMOVE)).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson("[183128]")));
    }

    @Test
    void unblocking_a_domain_that_is_not_listed_is_already() throws Exception {
        listAnswers("destination-lists-v2/destinations-list-empty-authored.json");

        assertThat(blocking.undo(DOMAIN).change()).isEqualTo(Change.ALREADY);
        wm.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void reads_whether_a_domain_is_listed() throws Exception {
        listAnswers("destination-lists-v2/destinations-list.json");

        assertThat(blocking.isContained("google.co.uk")).contains(true);
        assertThat(blocking.isContained(DOMAIN)).contains(false);
    }

    @Test
    void an_expired_token_is_renewed_once_and_the_call_repeated() throws Exception {
        wm.stubFor(get(urlPathEqualTo(DESTINATIONS)).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(401, "destination-lists-v2/error-401-token-expired.json")).willSetStateTo("renewed"));
        wm.stubFor(get(urlPathEqualTo(DESTINATIONS)).inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(json(200, "destination-lists-v2/destinations-list.json")));

        assertThat(blocking.isContained("google.co.uk")).contains(true);
        wm.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
    }

    @Test
    void a_token_that_keeps_failing_is_unauthorized() {
        wm.stubFor(get(urlPathEqualTo(DESTINATIONS)).willReturn(json(401, "destination-lists-v2/error-401-token-expired.json")));

        AdapterException e = failure(() -> blocking.apply(DOMAIN));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        wm.verify(2, getRequestedFor(urlPathEqualTo(DESTINATIONS)));
    }

    @Test
    void a_refused_key_is_unauthorized_without_the_secret() {
        wm.stubFor(post(TOKEN).willReturn(aResponse().withStatus(401).withBody("{\"message\":\"invalid client\"}")));

        AdapterException e = failure(() -> blocking.apply(DOMAIN));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET).doesNotContain(CLIENT_ID);
        assertThat(v2(wm.baseUrl()).toString()).doesNotContain(CLIENT_SECRET).doesNotContain(CLIENT_ID);
    }

    @Test
    void an_unknown_list_is_not_found_with_umbrellas_message() {
        wm.stubFor(get(urlPathEqualTo(DESTINATIONS)).willReturn(json(404, "destination-lists-v2/error-404-list-not-found-authored.json")));

        AdapterException e = failure(() -> blocking.apply(DOMAIN));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("Destination list not found");
    }

    @Test
    void server_errors_are_unavailable() {
        listAnswers("destination-lists-v2/destinations-list-empty-authored.json");
        wm.stubFor(post(DESTINATIONS).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")));

        AdapterException e = failure(() -> blocking.apply(DOMAIN));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.retryAfter()).hasSeconds(5);
    }

    @Test
    void pages_through_a_long_list_by_its_total() throws Exception {
        wm.stubFor(get(urlPathEqualTo(DESTINATIONS)).withQueryParam("page", equalTo("1")).willReturn(okJson(
                "{\"meta\":{\"page\":1,\"limit\":100,\"total\":101},\"data\":[{\"id\":\"1\",\"destination\":\"a.example\"}]}")));
        wm.stubFor(get(urlPathEqualTo(DESTINATIONS)).withQueryParam("page", equalTo("2")).willReturn(okJson(
                "{\"meta\":{\"page\":2,\"limit\":100,\"total\":101},\"data\":[{\"id\":\"2\",\"destination\":\"" + DOMAIN + "\"}]}")));

        assertThat(blocking.isContained(DOMAIN)).contains(true);
    }

    @Test
    void the_v2_api_is_chosen_when_a_key_is_configured_and_needs_a_numeric_list() {
        assertThat(v2(wm.baseUrl()).usesDestinationList()).isTrue();
        assertThat(enforcement(wm.baseUrl()).usesDestinationList()).isFalse();
        assertThatThrownBy(() -> UmbrellaConfig.destinationList(CLIENT_ID, CLIENT_SECRET, "../5798992"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UmbrellaConfig(null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void works_under_a_base_url_with_a_path_prefix() throws Exception {
        wm.stubFor(post("/umbrella" + TOKEN).willReturn(json(200, "destination-lists-v2/oauth2-token.json")));
        wm.stubFor(get(urlPathEqualTo("/umbrella" + DESTINATIONS)).willReturn(json(200, "destination-lists-v2/destinations-list.json")));
        try (UmbrellaBlocking prefixed = new UmbrellaBlocking(v2(wm.baseUrl() + "/umbrella/"), CLOCK)) {
            assertThat(prefixed.isContained("google.co.uk")).contains(true);
        }
    }

    // --- the check verification and the drift re-check read

    @Test
    void the_check_reads_whether_the_destination_list_holds_the_domain() throws Exception {
        listAnswers("destination-lists-v2/destinations-list.json");

        assertThat(blocking.check().orElseThrow().observe("google.co.uk").status()).isEqualTo(Status.IN_EFFECT);
        ContainmentState absent = blocking.observe(DOMAIN);
        assertThat(absent.status()).isEqualTo(Status.NOT_IN_EFFECT);
        assertThat(absent.evidence()).isEqualTo("Umbrella destination list " + LIST_ID + " does not contain " + DOMAIN);
    }
}

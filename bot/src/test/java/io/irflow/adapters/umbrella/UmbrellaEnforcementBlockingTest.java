package io.irflow.adapters.umbrella;

import io.irflow.capabilities.ContainmentState.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentResult.Change;
import io.irflow.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.umbrella.UmbrellaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Domain blocking through the Umbrella Enforcement API: POST /events, GET /domains, DELETE /domains. */
class UmbrellaEnforcementBlockingTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String DOMAIN = "c2-beacon.badhost.example";

    private UmbrellaBlocking blocking;

    @BeforeEach
    void setUp() {
        blocking = new UmbrellaBlocking(enforcement(wm.baseUrl()), CLOCK);
    }

    @AfterEach
    void tearDown() {
        blocking.close();
    }

    private static ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(fixture(file));
    }

    private static void domainsAnswer(String file) {
        wm.stubFor(get(urlPathEqualTo("/domains")).willReturn(json(200, file)));
    }

    /** The two-page chain, with page 1's absolute next link pointing at this test server. */
    private static void twoPages() {
        String page1 = fixture("domains-list-page-1-of-2.json").replace("https://s-platform.api.opendns.com/1.0", wm.baseUrl());
        wm.stubFor(get(urlPathEqualTo("/domains")).withQueryParam("page", absent())
                .willReturn(okJson(page1)));
        wm.stubFor(get(urlPathEqualTo("/domains")).withQueryParam("page", equalTo("2"))
                .willReturn(json(200, "domains-list-page-2-of-2.json")));
    }

    private static AdapterException failure(ThrowingCall call) {
        return catchThrowableOfType(AdapterException.class, call::run);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void is_the_block_domain_action_of_umbrella() {
        assertThat(blocking.kind()).isEqualTo(ContainmentKind.BLOCK_DOMAIN);
        assertThat(blocking.product()).isEqualTo("Umbrella");
    }

    @Test
    void blocks_a_domain_by_posting_one_event_in_an_array() throws Exception {
        domainsAnswer("domains-list-single-page.json");
        wm.stubFor(post(urlPathEqualTo("/events")).willReturn(json(202, "events-post-202-accepted.json")));

        ContainmentResult result = blocking.apply(DOMAIN.toUpperCase() + ".");

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.productStatus()).isEqualTo(202);
        assertThat(result.trackingId()).isEqualTo("9f3b6c1e-2d4a-4e8b-b7c6-1a2b3c4d5e6f");
        assertThat(result.detail()).contains("reputation");
        wm.verify(getRequestedFor(urlPathEqualTo("/domains")).withQueryParam("customerKey", equalTo(CUSTOMER_KEY)));
        wm.verify(postRequestedFor(urlPathEqualTo("/events"))
                .withQueryParam("customerKey", equalTo(CUSTOMER_KEY))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$[0].dstDomain", equalTo(DOMAIN)))
                .withRequestBody(matchingJsonPath("$[0].dstUrl", equalTo("http://" + DOMAIN + "/")))
                .withRequestBody(matchingJsonPath("$[0].alertTime", equalTo("2024-03-05T14:25:11.0Z")))
                .withRequestBody(matchingJsonPath("$[0].eventTime", equalTo("2024-03-05T14:25:11.0Z")))
                .withRequestBody(matchingJsonPath("$[0].protocolVersion", equalTo("1.0a")))
                .withRequestBody(matchingJsonPath("$[0].providerName", equalTo("Security Platform"))));
    }

    @Test
    void the_event_carries_every_required_field_of_the_reference_body() throws Exception {
        domainsAnswer("domains-list-empty-authored.json");
        wm.stubFor(post(urlPathEqualTo("/events")).willReturn(json(202, "events-post-202-accepted.json")));

        blocking.apply(DOMAIN);

        LoggedRequest sent = wm.findAll(postRequestedFor(urlPathEqualTo("/events"))).get(0);
        JsonNode ours = Json.mapper().readTree(sent.getBodyAsString());
        JsonNode reference = Json.mapper().readTree(fixture("events-post-request-body.json"));
        assertThat(ours.isArray()).isTrue();
        assertThat(ours).hasSize(1);
        for (String field : List.of("alertTime", "deviceId", "deviceVersion", "dstDomain", "dstUrl", "eventTime",
                "protocolVersion", "providerName")) {
            assertThat(reference.get(0).has(field)).isTrue();
            assertThat(ours.get(0).get(field).isTextual()).as(field).isTrue();
        }
        for (Iterator<String> it = ours.get(0).fieldNames(); it.hasNext(); ) {
            assertThat(reference.get(0).has(it.next())).isTrue(); // nothing the reference body does not know
        }
        // safeguards stay on (docs/reference/umbrella-enforcement.md#what-202-means)
        assertThat(ours.get(0).has("disableDstSafeguards")).isFalse();
    }

    @Test
    void a_listed_domain_is_already_and_not_posted_again() throws Exception {
        domainsAnswer("domains-list-single-page.json");

        ContainmentResult result = blocking.apply("internetbadguys.bad-v6.com");

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        wm.verify(0, postRequestedFor(urlPathEqualTo("/events")));
    }

    @Test
    void follows_the_next_link_verbatim_to_find_a_domain() throws Exception {
        twoPages();

        assertThat(blocking.isContained("update-check.badhost.example")).contains(true);

        wm.verify(getRequestedFor(urlEqualTo("/domains?customerKey=00000000-0000-0000-0000-000000000000&page=2&limit=2")));
    }

    @Test
    void does_not_follow_a_next_link_to_another_host_and_cannot_say() throws Exception {
        domainsAnswer("domains-list-page-1-of-2.json"); // next points at the real s-platform host

        assertThat(blocking.isContained("update-check.badhost.example")).isEqualTo(Optional.empty());
        assertThat(blocking.isContained("login-verify.phish.example")).contains(true);
        wm.verify(2, getRequestedFor(urlPathEqualTo("/domains")));
    }

    @Test
    void unblocks_a_listed_domain_by_its_id() throws Exception {
        twoPages();
        wm.stubFor(delete(urlPathEqualTo("/domains/41729015")).willReturn(aResponse().withStatus(204)));

        ContainmentResult result = blocking.undo("update-check.badhost.example");

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.productStatus()).isEqualTo(204);
        wm.verify(deleteRequestedFor(urlPathEqualTo("/domains/41729015"))
                .withQueryParam("customerKey", equalTo(CUSTOMER_KEY)));
    }

    @Test
    void unblocking_a_domain_that_is_not_listed_is_already() throws Exception {
        domainsAnswer("domains-list-single-page.json");

        ContainmentResult result = blocking.undo(DOMAIN);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        wm.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void unblocking_a_domain_beyond_the_pages_read_deletes_it_by_name() throws Exception {
        domainsAnswer("domains-list-page-1-of-2.json"); // next link is foreign: the list is incomplete
        wm.stubFor(delete(urlPathEqualTo("/domains")).willReturn(aResponse().withStatus(204)));

        ContainmentResult result = blocking.undo("update-check.badhost.example");

        assertThat(result.change()).isEqualTo(Change.DONE);
        wm.verify(deleteRequestedFor(urlPathEqualTo("/domains"))
                .withQueryParam("customerKey", equalTo(CUSTOMER_KEY))
                .withQueryParam("where[name]", equalTo("update-check.badhost.example")));
    }

    @Test
    void a_domain_removed_meanwhile_is_already() throws Exception {
        domainsAnswer("domains-list-single-page.json");
        wm.stubFor(delete(urlPathEqualTo("/domains/28699717")).willReturn(aResponse().withStatus(404)));

        assertThat(blocking.undo("internetbadguys.bad-v6.com").change()).isEqualTo(Change.ALREADY);
    }

    @Test
    void a_bad_customer_key_is_unauthorized_and_never_shown() {
        wm.stubFor(get(urlPathEqualTo("/domains")).willReturn(json(401, "error-401-invalid-customer-key.json")));

        AdapterException e = failure(() -> blocking.apply(DOMAIN));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(CUSTOMER_KEY);
        assertThat(blocking.toString()).doesNotContain(CUSTOMER_KEY);
        assertThat(enforcement(wm.baseUrl()).toString()).doesNotContain(CUSTOMER_KEY);
    }

    @Test
    void a_refused_domain_carries_umbrellas_message() {
        domainsAnswer("domains-list-empty-authored.json");
        wm.stubFor(post(urlPathEqualTo("/events")).willReturn(json(400, "error-400-invalid-domain-authored.json")));

        AdapterException e = failure(() -> blocking.apply(DOMAIN));

        assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(e.getMessage()).contains("Invalid domain");
    }

    @Test
    void server_errors_are_unavailable() {
        domainsAnswer("domains-list-empty-authored.json");
        wm.stubFor(post(urlPathEqualTo("/events")).willReturn(aResponse().withStatus(500)));

        assertThat(failure(() -> blocking.apply(DOMAIN)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void rate_limits_are_rate_limited_with_the_wait() {
        wm.stubFor(get(urlPathEqualTo("/domains")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));

        AdapterException e = failure(() -> blocking.isContained(DOMAIN));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void a_malformed_list_is_malformed() {
        wm.stubFor(get(urlPathEqualTo("/domains")).willReturn(okJson("{\"meta\": {\"page\": 1, \"data\": [")));

        assertThat(failure(() -> blocking.isContained(DOMAIN)).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void a_slow_answer_times_out() {
        wm.stubFor(get(urlPathEqualTo("/domains")).willReturn(json(200, "domains-list-single-page.json").withFixedDelay(1500)));
        UmbrellaConfig slow = new UmbrellaConfig(settings(wm.baseUrl(), Duration.ofMillis(300)), CUSTOMER_KEY,
                null, null, null, null);
        try (UmbrellaBlocking b = new UmbrellaBlocking(slow, CLOCK)) {
            assertThat(failure(() -> b.isContained(DOMAIN)).kind()).isEqualTo(Kind.TIMEOUT);
        }
    }

    @Test
    void refuses_urls_ips_and_junk_without_calling_umbrella() {
        for (String target : List.of("http://evil.example/x", "203.0.113.77", "evil", "a b.example", "")) {
            assertThat(failure(() -> blocking.apply(target)).kind()).as(target).isEqualTo(Kind.BAD_INPUT);
        }
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void works_under_the_documented_1_0_path_prefix() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/1.0/domains")).willReturn(json(200, "domains-list-single-page.json")));
        try (UmbrellaBlocking prefixed = new UmbrellaBlocking(enforcement(wm.baseUrl() + "/1.0"), CLOCK)) {
            assertThat(prefixed.isContained("internetbadguys.bad-v6.com")).contains(true);
        }
        wm.verify(getRequestedFor(urlPathEqualTo("/1.0/domains")).withQueryParam("customerKey", equalTo(CUSTOMER_KEY)));
    }

    // --- the check verification and the drift re-check read: what confirms a 202

    @Test
    void the_check_reads_the_integration_block_list_and_cannot_say_beyond_the_pages_read() throws Exception {
        twoPages();
        assertThat(blocking.check().orElseThrow().observe("update-check.badhost.example").status())
                .isEqualTo(Status.IN_EFFECT);

        domainsAnswer("domains-list-page-1-of-2.json"); // next points at the real s-platform host
        assertThat(blocking.observe("update-check.badhost.example").status()).isEqualTo(Status.UNKNOWN);
        assertThat(blocking.observe("update-check.badhost.example").evidence())
                .isEqualTo("Umbrella's integration block list is longer than irflow reads");
    }
}

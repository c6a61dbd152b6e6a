package io.irflow.adapters.amp;

import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.capabilities.ContainmentState;
import io.irflow.adapters.amp.dto.AmpReply;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentResult.Change;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Blocking a SHA-256 on an AMP simple custom detection list: POST/DELETE/GET /v1/file_lists/{guid}/files/{sha256}. */
class AmpFileBlockingTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String LIST = "e773a9eb-296c-40df-98d8-bed46322589d";
    private static final String SHA = "d5cb3ef9816e8fd30cc9537bb394a7cc6c46c1dff1c65f11b527ef1df14edc3b";
    private static final String ITEM = "/v1/file_lists/" + LIST + "/files/" + SHA;
    private static final String FILES = "/v1/file_lists/" + LIST + "/files?limit=1";

    private AmpFileBlocking blocking;

    @BeforeEach
    void setUp() {
        blocking = new AmpFileBlocking(config(wm.baseUrl()), new AmpFileBlockingConfig(LIST, null));
    }

    @AfterEach
    void tearDown() {
        blocking.close();
    }

    private static ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(fixture(file));
    }

    private static AdapterException failure(ThrowingCall call) {
        return catchThrowableOfType(AdapterException.class, call::run);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    private static void notListed() {
        wm.stubFor(get(urlEqualTo(ITEM)).willReturn(json(404, "error-404-unknown-guid-authored.json")));
    }

    @Test
    void is_the_block_hash_action_of_amp() {
        assertThat(blocking.kind()).isEqualTo(ContainmentKind.BLOCK_HASH);
        assertThat(blocking.product()).isEqualTo("AMP for Endpoints");
    }

    @Test
    void blocks_a_new_hash_on_the_configured_list() throws Exception {
        notListed();
        wm.stubFor(post(urlEqualTo(ITEM)).willReturn(json(201, "file-list-item-add-201.json")));

        ContainmentResult result = blocking.apply(SHA.toUpperCase());

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.productStatus()).isEqualTo(201);
        assertThat(result.detail()).contains(LIST);
        assertThat(result.unlockCode()).isNull();
        wm.verify(getRequestedFor(urlEqualTo(ITEM)).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(postRequestedFor(urlEqualTo(ITEM))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"description\":\"Blocked by irflow\"}")));
    }

    @Test
    void sends_the_documented_post_body() throws Exception {
        wm.stubFor(post(urlEqualTo(ITEM)).willReturn(json(201, "file-list-item-add-201.json")));
        try (AmpClient client = new AmpClient(config(wm.baseUrl()))) {
            AmpReply<?> reply = client.addToFileList(LIST, SHA, "Added from Product XYZ as part of Incident 123");
            assertThat(reply.status()).isEqualTo(201);
        }
        wm.verify(postRequestedFor(urlEqualTo(ITEM)).withRequestBody(equalToJson(fixture("file-list-item-add-request-body.json"))));
    }

    @Test
    void a_hash_already_on_the_list_is_already_and_not_posted_again() throws Exception {
        wm.stubFor(get(urlEqualTo(ITEM)).willReturn(json(200, "file-list-item-add-201.json")));

        ContainmentResult result = blocking.apply(SHA);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        wm.verify(0, postRequestedFor(urlEqualTo(ITEM)));
    }

    @Test
    void a_conflict_because_someone_added_it_meanwhile_is_already() throws Exception {
        wm.stubFor(get(urlEqualTo(ITEM)).inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(404, "error-404-unknown-guid-authored.json")).willSetStateTo("added"));
        wm.stubFor(get(urlEqualTo(ITEM)).inScenario("race").whenScenarioStateIs("added")
                .willReturn(json(200, "file-list-item-add-201.json")));
        wm.stubFor(post(urlEqualTo(ITEM)).willReturn(json(409, "isolation-put-409-already-isolated-partly-authored.json")));

        ContainmentResult result = blocking.apply(SHA);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        assertThat(result.productStatus()).isEqualTo(409);
    }

    @Test
    void an_unknown_list_is_not_found_and_names_the_list() {
        notListed();
        wm.stubFor(post(urlEqualTo(ITEM)).willReturn(json(404, "error-404-unknown-guid-authored.json")));

        AdapterException e = failure(() -> blocking.apply(SHA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains(LIST);
    }

    @Test
    void unblocks_a_listed_hash() throws Exception {
        wm.stubFor(delete(urlEqualTo(ITEM)).willReturn(json(200, "file-list-item-delete-200.json")));

        ContainmentResult result = blocking.undo(SHA);

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.productStatus()).isEqualTo(200);
        wm.verify(deleteRequestedFor(urlEqualTo(ITEM)).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void unblocking_a_hash_that_is_not_listed_is_already() throws Exception {
        wm.stubFor(delete(urlEqualTo(ITEM)).willReturn(json(404, "error-404-unknown-guid-authored.json")));
        wm.stubFor(get(urlEqualTo(FILES)).willReturn(json(200, "file-list-files-page-authored.json")));

        ContainmentResult result = blocking.undo(SHA);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        wm.verify(getRequestedFor(urlEqualTo(FILES)).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void unblocking_on_an_unknown_list_is_not_found() {
        wm.stubFor(delete(urlEqualTo(ITEM)).willReturn(json(404, "error-404-unknown-guid-authored.json")));
        wm.stubFor(get(urlEqualTo(FILES)).willReturn(json(404, "error-404-unknown-guid-authored.json")));

        AdapterException e = failure(() -> blocking.undo(SHA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains(LIST);
    }

    @Test
    void reads_whether_a_hash_is_listed() throws Exception {
        wm.stubFor(get(urlEqualTo(ITEM)).willReturn(json(200, "file-list-item-add-201.json")));
        assertThat(blocking.isContained(SHA)).contains(true);

        notListed();
        wm.stubFor(get(urlEqualTo(FILES)).willReturn(json(200, "file-list-files-page-authored.json")));
        assertThat(blocking.isContained(SHA)).contains(false);
    }

    @Test
    void bad_credentials_are_unauthorized() {
        wm.stubFor(get(urlEqualTo(ITEM)).willReturn(json(401, "error-401-unknown-api-key.json")));

        AdapterException e = failure(() -> blocking.apply(SHA));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(API_KEY);
        wm.verify(0, postRequestedFor(urlEqualTo(ITEM)));
    }

    @Test
    void server_errors_are_unavailable() {
        notListed();
        wm.stubFor(post(urlEqualTo(ITEM)).willReturn(aResponse().withStatus(500)));

        assertThat(failure(() -> blocking.apply(SHA)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void rate_limits_are_rate_limited_with_the_wait() {
        wm.stubFor(delete(urlEqualTo(ITEM)).willReturn(json(429, "error-429-rate-limited-authored.json")
                .withHeader("Retry-After", "20")));

        AdapterException e = failure(() -> blocking.undo(SHA));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).hasSeconds(20);
    }

    @Test
    void refuses_anything_but_a_sha256_without_calling_amp() {
        assertThat(failure(() -> blocking.apply("d41d8cd98f00b204e9800998ecf8427e")).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(failure(() -> blocking.undo(SHA + "/../x")).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    // --- the check verification and the drift re-check read

    @Test
    void the_check_reads_whether_the_simple_custom_detection_list_holds_the_hash() throws Exception {
        wm.stubFor(get(urlEqualTo(ITEM)).willReturn(json(200, "file-list-item-add-201.json")));
        assertThat(blocking.check().orElseThrow().observe(SHA)).isEqualTo(new ContainmentState(Status.IN_EFFECT,
                "listed", "AMP file list " + LIST + " contains " + SHA));

        notListed();
        wm.stubFor(get(urlEqualTo(FILES)).willReturn(json(200, "file-list-files-page-authored.json")));
        assertThat(blocking.observe(SHA).status()).isEqualTo(Status.NOT_IN_EFFECT);

        wm.stubFor(get(urlEqualTo(ITEM)).willReturn(json(401, "error-401-unknown-api-key.json")));
        assertThat(failure(() -> blocking.observe(SHA)).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }
}

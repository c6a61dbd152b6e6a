package io.irflow.adapters.amp;

import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.capabilities.ContainmentState;
import io.irflow.adapters.amp.dto.AmpReply;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentResult.Change;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** AMP endpoint isolation as a containment action: PUT/DELETE/GET /v1/computers/{guid}/isolation. */
class AmpIsolationTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String GUID = "d7fbcdb6-0a14-4e39-867e-02f5e1649497";
    private static final String PATH = "/v1/computers/" + GUID + "/isolation";

    private AmpIsolation isolation;

    @BeforeEach
    void setUp() {
        isolation = new AmpIsolation(config(wm.baseUrl()));
    }

    @AfterEach
    void tearDown() {
        isolation.close();
    }

    private static ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(fixture(file));
    }

    private AdapterException failure(ThrowingCall call) {
        return catchThrowableOfType(AdapterException.class, call::run);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void is_the_isolate_action_of_amp() {
        assertThat(isolation.kind()).isEqualTo(ContainmentKind.ISOLATE);
        assertThat(isolation.product()).isEqualTo("AMP for Endpoints");
    }

    @Test
    void isolates_a_computer_and_returns_the_unlock_code() throws Exception {
        wm.stubFor(put(PATH).willReturn(json(200, "isolation-put-pending-start.json")));

        ContainmentResult result = isolation.apply(GUID);

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.detail()).isEqualTo("isolation status: pending_start");
        assertThat(result.productStatus()).isEqualTo(200);
        assertThat(result.unlockCode()).isEqualTo("gdkxjk");
        assertThat(result.toString()).doesNotContain("gdkxjk");
        wm.verify(putRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"comment\":\"Isolated by irflow\"}")));
    }

    @Test
    void sends_the_documented_put_body_with_comment_and_unlock_code() throws Exception {
        wm.stubFor(put(PATH).willReturn(json(200, "isolation-put-pending-start.json")));
        try (AmpClient client = new AmpClient(config(wm.baseUrl()))) {
            AmpReply<?> reply = client.startIsolation(GUID, "this is a comment about locking the computer", "unlockme");
            assertThat(reply.status()).isEqualTo(200);
        }
        wm.verify(putRequestedFor(urlEqualTo(PATH))
                .withBasicAuth(new BasicCredentials(CLIENT_ID, API_KEY))
                .withRequestBody(equalToJson(fixture("isolation-put-request-body.json"))));
    }

    @Test
    void uses_the_configured_comment_on_a_shared_client() throws Exception {
        wm.stubFor(put(PATH).willReturn(json(200, "isolation-put-pending-start.json")));
        try (AmpClient client = new AmpClient(config(wm.baseUrl()))) {
            new AmpIsolation(client, "IR-2024-0042").apply(GUID);
        }
        wm.verify(putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"comment\":\"IR-2024-0042\"}")));
    }

    @Test
    void already_isolated_conflict_is_answered_as_already_with_the_current_unlock_code() throws Exception {
        wm.stubFor(put(PATH).willReturn(json(409, "isolation-put-409-already-isolated-partly-authored.json")));
        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-isolated-authored.json")));

        ContainmentResult result = isolation.apply(GUID);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        assertThat(result.detail()).isEqualTo("isolation status: isolated");
        assertThat(result.productStatus()).isEqualTo(409);
        assertThat(result.unlockCode()).isEqualTo("gdkxjk");
        wm.verify(1, putRequestedFor(urlEqualTo(PATH)));
        wm.verify(getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void a_policy_that_does_not_allow_isolation_gets_amps_reason() {
        wm.stubFor(put(PATH).willReturn(json(409, "isolation-put-409-not-allowed-authored.json")));
        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-not-isolated-unavailable-authored.json")));

        AdapterException e = failure(() -> isolation.apply(GUID));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage())
                .startsWith("AMP for Endpoints refused to isolate the computer: ")
                .contains("Endpoint isolation is not enabled in the policy for this computer")
                .contains("not available for this computer");
    }

    @Test
    void a_conflict_whose_state_cannot_be_read_still_carries_amps_reason() {
        wm.stubFor(put(PATH).willReturn(json(409, "isolation-put-409-not-allowed-authored.json")));
        wm.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));

        AdapterException e = failure(() -> isolation.apply(GUID));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("Endpoint isolation is not enabled in the policy");
    }

    @Test
    void an_unknown_computer_is_not_found() {
        wm.stubFor(put(PATH).willReturn(json(404, "error-404-unknown-guid-authored.json")));

        AdapterException e = failure(() -> isolation.apply(GUID));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.status()).isEqualTo(404);
        wm.verify(0, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void bad_credentials_are_unauthorized_without_the_key_in_the_message() {
        wm.stubFor(put(PATH).willReturn(json(401, "error-401-unknown-api-key.json")));

        AdapterException e = failure(() -> isolation.apply(GUID));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(API_KEY).doesNotContain(CLIENT_ID);
    }

    @Test
    void server_errors_are_unavailable() {
        wm.stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));

        AdapterException e = failure(() -> isolation.undo(GUID));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.status()).isEqualTo(502);
    }

    @Test
    void a_slow_answer_times_out() {
        wm.stubFor(put(PATH).willReturn(json(200, "isolation-put-pending-start.json").withFixedDelay(1500)));
        try (AmpIsolation slow = new AmpIsolation(config(wm.baseUrl(), Duration.ofMillis(300)))) {
            AdapterException e = failure(() -> slow.apply(GUID));
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        }
    }

    @Test
    void releases_a_computer_without_passing_the_unlock_code_on() throws Exception {
        wm.stubFor(delete(urlEqualTo(PATH)).willReturn(json(200, "isolation-delete-pending-stop-authored.json")));

        ContainmentResult result = isolation.undo(GUID);

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.detail()).isEqualTo("isolation status: pending_stop");
        assertThat(result.unlockCode()).isNull();
        wm.verify(deleteRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void releasing_a_computer_that_is_not_isolated_is_already() throws Exception {
        wm.stubFor(delete(urlEqualTo(PATH)).willReturn(json(409, "isolation-put-409-not-allowed-authored.json")));
        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-not-isolated-authored.json")));

        ContainmentResult result = isolation.undo(GUID);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        assertThat(result.detail()).isEqualTo("isolation status: not_isolated");
    }

    @Test
    void release_conflict_while_still_isolated_is_a_conflict() {
        wm.stubFor(delete(urlEqualTo(PATH)).willReturn(json(409, "isolation-put-409-already-isolated-partly-authored.json")));
        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-isolated-authored.json")));

        AdapterException e = failure(() -> isolation.undo(GUID));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).startsWith("AMP for Endpoints refused to release the computer")
                .contains("isolation status: isolated").doesNotContain("gdkxjk");
    }

    @Test
    void reads_whether_a_computer_is_isolated() throws Exception {
        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-isolated-authored.json")));
        assertThat(isolation.isContained(GUID)).contains(true);

        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-not-isolated-authored.json")));
        assertThat(isolation.isContained(GUID)).contains(false);

        wm.stubFor(get(PATH).willReturn(okJson("{\"version\":\"v1.2.0\",\"data\":{\"available\":true}}")));
        assertThat(isolation.isContained(GUID)).isEqualTo(Optional.empty());
    }

    @Test
    void state_of_an_unknown_computer_is_not_found() {
        wm.stubFor(get(PATH).willReturn(json(404, "error-404-unknown-guid-authored.json")));

        assertThat(failure(() -> isolation.isContained(GUID)).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void a_malformed_state_body_is_malformed() {
        wm.stubFor(get(PATH).willReturn(okJson(fixture("malformed-truncated-authored.json"))));

        assertThat(failure(() -> isolation.isContained(GUID)).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void refuses_a_target_that_is_not_a_connector_guid_without_calling_amp() {
        AdapterException e = failure(() -> isolation.apply("../../v1/computers"));

        assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void works_under_a_base_url_with_a_path_prefix() throws Exception {
        wm.stubFor(put("/amp-proxy" + PATH).willReturn(json(200, "isolation-put-pending-start.json")));
        try (AmpIsolation prefixed = new AmpIsolation(config(wm.baseUrl() + "/amp-proxy/"))) {
            assertThat(prefixed.apply(GUID).change()).isEqualTo(Change.DONE);
        }
        wm.verify(putRequestedFor(urlEqualTo("/amp-proxy" + PATH)));
    }

    // --- the check verification and the drift re-check read

    @Test
    void the_check_counts_only_isolated_as_in_effect_and_names_the_transitions() throws Exception {
        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-isolated-authored.json")));
        assertThat(isolation.check().orElseThrow().observe(GUID))
                .isEqualTo(new ContainmentState(Status.IN_EFFECT, "isolated", ""));

        wm.stubFor(get(PATH).willReturn(json(200, "isolation-put-pending-start.json")));
        assertThat(isolation.observe(GUID)).isEqualTo(new ContainmentState(Status.STARTING, "pending_start", ""));

        wm.stubFor(get(PATH).willReturn(json(200, "isolation-delete-pending-stop-authored.json")));
        assertThat(isolation.observe(GUID).status()).isEqualTo(Status.STOPPING);

        wm.stubFor(get(PATH).willReturn(json(200, "isolation-get-not-isolated-authored.json")));
        assertThat(isolation.observe(GUID).status()).isEqualTo(Status.NOT_IN_EFFECT);

        wm.stubFor(get(PATH).willReturn(okJson("{\"version\":\"v1.2.0\",\"data\":{\"available\":true}}")));
        assertThat(isolation.observe(GUID).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void the_check_passes_on_amp_failures() {
        wm.stubFor(get(PATH).willReturn(json(401, "error-401-unknown-api-key.json")));
        assertThat(failure(() -> isolation.observe(GUID)).kind()).isEqualTo(Kind.UNAUTHORIZED);

        wm.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
        assertThat(failure(() -> isolation.observe(GUID)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }
}

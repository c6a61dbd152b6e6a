package io.irflow.adapters.ise;

import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.capabilities.ContainmentState;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
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

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.ise.IseFixtures.ERS_PASS;
import static io.irflow.adapters.ise.IseFixtures.ERS_USER;
import static io.irflow.adapters.ise.IseFixtures.config;
import static io.irflow.adapters.ise.IseFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** ISE ANC quarantine as a containment action: PUT /ers/config/ancendpoint/apply|clear and the ANC endpoint lookup. */
class IseQuarantineTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String APPLY = "/ers/config/ancendpoint/apply";
    private static final String CLEAR = "/ers/config/ancendpoint/clear";
    private static final String POLICY = "ANC_Quarantine";
    /** The MAC of the reference apply request, in irflow's lower-case colon form. */
    private static final String MAC = "00:50:56:a1:3c:7e";
    private static final String QUARANTINED_MAC = "d4:be:d9:3d:25:e2";
    private static final String QUARANTINED_ID = "0b6f2c1e-4d3a-4f5b-9c8d-7e6f5a4b3c2d";

    private IseQuarantine quarantine;

    @BeforeEach
    void setUp() {
        quarantine = new IseQuarantine(config(wm.baseUrl(), wm.baseUrl(), POLICY));
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(fixture("ers-ancendpoint-list.json")).withHeader("X-CSRF-Token", "tok-1")));
    }

    @AfterEach
    void tearDown() {
        quarantine.close();
    }

    private static void putAnswers(String path, int status, String file) {
        var response = aResponse().withStatus(status);
        if (file != null) {
            response = response.withHeader("Content-Type", file.endsWith(".html") ? "text/html" : "application/json")
                    .withBody(fixture(file));
        }
        wm.stubFor(put(path).willReturn(response));
    }

    private static AdapterException failure(ThrowingCall call) {
        return catchThrowableOfType(AdapterException.class, call::run);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void is_the_quarantine_action_of_ise_with_the_configured_policy() {
        assertThat(quarantine.kind()).isEqualTo(ContainmentKind.QUARANTINE);
        assertThat(quarantine.product()).isEqualTo("ISE");
        assertThat(quarantine.policy()).isEqualTo(POLICY);
    }

    @Test
    void quarantines_a_lower_case_mac_as_ise_wants_it() throws Exception {
        putAnswers(APPLY, 204, null);

        ContainmentResult result = quarantine.apply(MAC);

        assertThat(result.change()).isEqualTo(Change.DONE);
        assertThat(result.productStatus()).isEqualTo(204);
        assertThat(result.detail()).isEqualTo("ANC policy ANC_Quarantine applied to 00:50:56:A1:3C:7E");
        assertThat(result.unlockCode()).isNull();
        wm.verify(putRequestedFor(urlEqualTo(APPLY))
                .withBasicAuth(new BasicCredentials(ERS_USER, ERS_PASS))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("X-CSRF-TOKEN", equalTo("tok-1"))
                .withRequestBody(equalToJson(fixture("ers-ancendpoint-apply-request.json"))));
    }

    @Test
    void accepts_dash_dotted_and_bare_mac_forms() throws Exception {
        putAnswers(APPLY, 204, null);

        quarantine.apply("00-50-56-A1-3C-7E");
        quarantine.apply("0050.56a1.3c7e");
        quarantine.apply("005056a13c7e");

        wm.verify(3, putRequestedFor(urlEqualTo(APPLY))
                .withRequestBody(equalToJson(fixture("ers-ancendpoint-apply-request.json"))));
    }

    @Test
    void an_already_quarantined_mac_is_already() throws Exception {
        putAnswers(APPLY, 500, "ers-error-anc-already-associated.json");

        ContainmentResult result = quarantine.apply(MAC);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        assertThat(result.productStatus()).isEqualTo(500);
        assertThat(result.detail()).contains("already has ANC policy ANC_Quarantine");
    }

    @Test
    void releases_a_quarantined_mac() throws Exception {
        putAnswers(CLEAR, 204, null);

        ContainmentResult result = quarantine.undo(MAC);

        assertThat(result.change()).isEqualTo(Change.DONE);
        wm.verify(putRequestedFor(urlEqualTo(CLEAR))
                .withBasicAuth(new BasicCredentials(ERS_USER, ERS_PASS))
                .withRequestBody(equalToJson(fixture("ers-ancendpoint-clear-request.json"))));
    }

    @Test
    void releasing_an_unknown_or_unquarantined_mac_is_already() throws Exception {
        putAnswers(CLEAR, 400, "ers-error-anc-not-associated-no-title.json");

        ContainmentResult result = quarantine.undo(MAC);

        assertThat(result.change()).isEqualTo(Change.ALREADY);
        assertThat(result.productStatus()).isEqualTo(400);
    }

    @Test
    void a_policy_ise_does_not_know_is_bad_input_naming_it() {
        putAnswers(APPLY, 500, "ers-error-anc-policy-not-configured.json");

        AdapterException e = failure(() -> quarantine.apply(MAC));

        assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(e.getMessage()).contains("ANC_Quarantine");
    }

    @Test
    void without_a_configured_policy_nothing_is_sent() {
        try (IseQuarantine unconfigured = new IseQuarantine(config(wm.baseUrl(), wm.baseUrl(), " "))) {
            AdapterException e = failure(() -> unconfigured.apply(MAC));
            assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
            assertThat(e.getMessage()).contains("anc_policy");
        }
        wm.verify(0, putRequestedFor(urlEqualTo(APPLY)));
    }

    @Test
    void refuses_a_target_that_is_not_a_mac_without_calling_ise() {
        assertThat(failure(() -> quarantine.apply("10.0.0.7")).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(failure(() -> quarantine.undo("00:50:56:a1:3c")).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void bad_credentials_are_unauthorized_without_the_password() {
        putAnswers(APPLY, 401, "ers-error-401-unauthorized.html");

        AdapterException e = failure(() -> quarantine.apply(MAC));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(ERS_PASS);
    }

    @Test
    void other_server_errors_are_unavailable() {
        putAnswers(CLEAR, 500, "ers-error-500-crud-exception.json");

        assertThat(failure(() -> quarantine.undo(MAC)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void a_mac_under_the_policy_is_contained() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withQueryParam("filter", equalTo("macAddress.EQ.D4:BE:D9:3D:25:E2"))
                .willReturn(okJson(fixture("ers-ancendpoint-list-quarantine.json"))));
        wm.stubFor(get(urlEqualTo("/ers/config/ancendpoint/" + QUARANTINED_ID))
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id-quarantine.json"))));

        assertThat(quarantine.isContained(QUARANTINED_MAC)).contains(true);

        wm.verify(getRequestedFor(urlEqualTo("/ers/config/ancendpoint/" + QUARANTINED_ID))
                .withBasicAuth(new BasicCredentials(ERS_USER, ERS_PASS)));
    }

    @Test
    void a_mac_under_another_policy_is_not_contained_by_this_action() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withQueryParam("filter", matching(".*"))
                .willReturn(okJson(fixture("ers-ancendpoint-list-quarantine.json"))));
        wm.stubFor(get(urlEqualTo("/ers/config/ancendpoint/" + QUARANTINED_ID))
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id-quarantine.json"))));
        try (IseQuarantine other = new IseQuarantine(config(wm.baseUrl(), wm.baseUrl(), "ANC_PortBounce"))) {
            assertThat(other.isContained(QUARANTINED_MAC)).contains(false);
        }
    }

    @Test
    void an_unknown_mac_is_not_contained() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withQueryParam("filter", matching(".*"))
                .willReturn(okJson(fixture("ers-ancendpoint-list-empty.json"))));

        assertThat(quarantine.isContained(MAC)).contains(false);
    }

    @Test
    void works_under_a_base_url_with_a_path_prefix() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ise/ers/config/ancendpoint"))
                .willReturn(okJson(fixture("ers-ancendpoint-list.json"))));
        wm.stubFor(put("/ise" + APPLY).willReturn(aResponse().withStatus(204)));
        try (IseQuarantine prefixed = new IseQuarantine(config(wm.baseUrl() + "/ise", wm.baseUrl(), POLICY))) {
            assertThat(prefixed.apply(MAC).change()).isEqualTo(Change.DONE);
        }
        wm.verify(putRequestedFor(urlEqualTo("/ise" + APPLY)));
    }

    // --- the check verification and the drift re-check read (the ANC endpoint lookup)

    @Test
    void the_check_shows_the_anc_policy_ise_holds_for_the_mac() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint"))
                .withQueryParam("filter", equalTo("macAddress.EQ.D4:BE:D9:3D:25:E2"))
                .willReturn(okJson(fixture("ers-ancendpoint-list-quarantine.json"))));
        wm.stubFor(get(urlEqualTo("/ers/config/ancendpoint/" + QUARANTINED_ID))
                .willReturn(okJson(fixture("ers-ancendpoint-get-by-id-quarantine.json"))));

        ContainmentState s = quarantine.check().orElseThrow().observe(QUARANTINED_MAC);

        assertThat(s).isEqualTo(new ContainmentState(Status.IN_EFFECT, POLICY,
                "ISE shows ANC policy ANC_Quarantine on D4:BE:D9:3D:25:E2"));
        try (IseQuarantine other = new IseQuarantine(config(wm.baseUrl(), wm.baseUrl(), "ANC_PortBounce"))) {
            assertThat(other.observe(QUARANTINED_MAC).status()).isEqualTo(Status.NOT_IN_EFFECT);
            assertThat(other.observe(QUARANTINED_MAC).evidence()).endsWith("(not ANC_PortBounce)");
        }
    }

    @Test
    void the_check_of_a_mac_without_anc_policy_shows_it_not_in_effect() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withQueryParam("filter", matching(".*"))
                .willReturn(okJson(fixture("ers-ancendpoint-list-empty.json"))));

        assertThat(quarantine.observe(MAC)).isEqualTo(new ContainmentState(Status.NOT_IN_EFFECT, "",
                "ISE shows no ANC policy on 00:50:56:A1:3C:7E"));
    }

    @Test
    void the_check_passes_on_ise_failures() {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withQueryParam("filter", matching(".*"))
                .willReturn(aResponse().withStatus(401).withBody(fixture("ers-error-401-unauthorized.html"))));

        assertThat(failure(() -> quarantine.observe(MAC)).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }
}

package io.irflow.adapters.ise;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.ise.dto.AncPolicy;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.ise.IseFixtures.ERS_PASS;
import static io.irflow.adapters.ise.IseFixtures.ERS_USER;
import static io.irflow.adapters.ise.IseFixtures.config;
import static io.irflow.adapters.ise.IseFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ANC write calls kept ready for the containment capability (not wired to any interface yet). */
class IseClientTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String APPLY = "/ers/config/ancendpoint/apply";
    private static final String CLEAR = "/ers/config/ancendpoint/clear";
    private static final String MAC = "00:50:56:A1:3C:7E";

    private IseClient client;

    @BeforeEach
    void setUp() {
        client = new IseClient(config(wm.baseUrl(), wm.baseUrl(), "ANC_Quarantine"));
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(fixture("ers-ancendpoint-list.json"))
                        .withHeader("X-CSRF-Token", "tok-123")
                        // real ISE also sets Secure; WireMock here is plain HTTP, where a Secure cookie is never sent
                        .withHeader("Set-Cookie", "APPSESSIONID=sess-1; Path=/ers")));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static void putAnswers(String path, int status, String file) {
        var response = aResponse().withStatus(status);
        if (file != null) {
            response = response.withHeader("Content-Type", file.endsWith(".html") ? "text/html" : "application/json")
                    .withBody(fixture(file));
        }
        wm.stubFor(put(path).willReturn(response));
    }

    @Test
    void applies_policy_by_mac_with_csrf_token_and_session_cookie() throws Exception {
        putAnswers(APPLY, 204, null);

        assertThat(client.applyByMac(MAC, "ANC_Quarantine")).isEqualTo(AncOutcome.APPLIED);

        wm.verify(getRequestedFor(urlEqualTo("/ers/config/ancendpoint?page=1&size=1"))
                .withHeader("X-CSRF-TOKEN", equalTo("fetch")));
        wm.verify(putRequestedFor(urlEqualTo(APPLY))
                .withBasicAuth(new BasicCredentials(ERS_USER, ERS_PASS))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("X-CSRF-TOKEN", equalTo("tok-123"))
                .withCookie("APPSESSIONID", equalTo("sess-1"))
                .withRequestBody(equalToJson(fixture("ers-ancendpoint-apply-request.json"))));
    }

    @Test
    void sends_no_csrf_header_when_ise_has_csrf_checks_off() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancendpoint")).withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(fixture("ers-ancendpoint-list.json"))));
        putAnswers(APPLY, 204, null);

        assertThat(client.applyByMac(MAC, "ANC_Quarantine")).isEqualTo(AncOutcome.APPLIED);

        wm.verify(putRequestedFor(urlEqualTo(APPLY)).withHeader("X-CSRF-TOKEN", absent()));
    }

    @Test
    void treats_already_associated_as_already_applied() throws Exception {
        putAnswers(APPLY, 500, "ers-error-anc-already-associated.json");

        assertThat(client.applyByMac(MAC, "ANC_Quarantine")).isEqualTo(AncOutcome.ALREADY_APPLIED);
    }

    @Test
    void clears_policy_by_mac() throws Exception {
        putAnswers(CLEAR, 204, null);

        assertThat(client.clearByMac(MAC, "ANC_Quarantine")).isEqualTo(AncOutcome.CLEARED);

        wm.verify(putRequestedFor(urlEqualTo(CLEAR))
                .withRequestBody(equalToJson(fixture("ers-ancendpoint-clear-request.json"))));
    }

    @Test
    void treats_not_associated_as_not_applied_even_without_title() throws Exception {
        putAnswers(CLEAR, 400, "ers-error-anc-not-associated-no-title.json");

        assertThat(client.clearByMac(MAC, "ANC_Quarantine")).isEqualTo(AncOutcome.NOT_APPLIED);
    }

    @Test
    void reports_an_unconfigured_policy_as_bad_input() {
        putAnswers(APPLY, 500, "ers-error-anc-policy-not-configured.json");

        assertThatThrownBy(() -> client.applyByMac(MAC, "ANC_Typo"))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
                    assertThat(e.getMessage()).contains("ANC_Typo");
                });
    }

    @Test
    void maps_401_html_page_to_unauthorized() {
        putAnswers(APPLY, 401, "ers-error-401-unauthorized.html");

        assertThatThrownBy(() -> client.applyByMac(MAC, "ANC_Quarantine"))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain(ERS_PASS);
                });
    }

    @Test
    void maps_other_500_errors_to_unavailable() {
        putAnswers(CLEAR, 500, "ers-error-500-crud-exception.json");

        assertThatThrownBy(() -> client.clearByMac(MAC, "ANC_Quarantine"))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void gets_an_anc_policy_by_name() throws Exception {
        wm.stubFor(get("/ers/config/ancpolicy/name/ANC_Quarantine")
                .willReturn(okJson(fixture("ers-ancpolicy-get-by-id.json"))));

        Optional<AncPolicy> policy = client.ancPolicy("ANC_Quarantine");

        assertThat(policy).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("ANC_Quarantine");
            assertThat(p.actions()).containsExactly("QUARANTINE");
        });
        wm.verify(getRequestedFor(urlEqualTo("/ers/config/ancpolicy/name/ANC_Quarantine"))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void answers_empty_for_an_unknown_policy_name_and_encodes_it() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ers/config/ancpolicy/name/No%20Such")).willReturn(aResponse().withStatus(404)));

        assertThat(client.ancPolicy("No Such")).isEmpty();
        wm.verify(getRequestedFor(urlEqualTo("/ers/config/ancpolicy/name/No%20Such")));
    }

    @Test
    void answers_empty_for_an_unknown_anc_endpoint_id() throws Exception {
        wm.stubFor(get("/ers/config/ancendpoint/nope").willReturn(aResponse().withStatus(404)));

        assertThat(client.ancEndpoint("nope")).isEmpty();
    }
}

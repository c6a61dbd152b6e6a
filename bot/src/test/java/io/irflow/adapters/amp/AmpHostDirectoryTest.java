package io.irflow.adapters.amp;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.BASIC;
import static io.irflow.adapters.amp.AmpFixtures.config;
import static io.irflow.adapters.amp.AmpFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AMP as a host directory: which computers a typed name may mean, from {@code GET /v1/computers?hostname[]=}, whose
 * matching is not exact (the stub answers every name with the whole 38-computer sample, two of them renamed to FQDNs
 * that share the short name {@code qakbot}).
 */
class AmpHostDirectoryTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static String sample() {
        return fixture("computers-list-38-demo-computers.json")
                .replace("\"Demo_Qakbot_1\"", "\"qakbot.corp.example.com\"")
                .replace("\"Demo_Qakbot_2\"", "\"qakbot.lab.example.com\"");
    }

    private List<String> named(String name) throws AdapterException {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).withQueryParam("hostname[]", equalTo(name))
                .willReturn(okJson(sample())));
        try (AmpHostDirectory amp = new AmpHostDirectory(config(wm.baseUrl()))) {
            return amp.hostsNamed(name);
        }
    }

    @Test
    void an_exact_name_is_that_computer_alone_whatever_the_case() throws Exception {
        assertThat(named("qakbot.corp.example.com")).containsExactly("qakbot.corp.example.com");
        assertThat(named("DEMO_AMP")).containsExactly("Demo_AMP");
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/computers")).withQueryParam("hostname[]", equalTo("DEMO_AMP"))
                .withQueryParam("limit", equalTo("20")).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/events")));
    }

    @Test
    void a_short_name_shared_by_two_fqdns_is_both() throws Exception {
        assertThat(named("qakbot")).containsExactly("qakbot.corp.example.com", "qakbot.lab.example.com");
    }

    @Test
    void an_fqdn_of_a_computer_amp_knows_by_its_short_name_is_that_computer() throws Exception {
        assertThat(named("testbox.corp.example.com")).containsExactly("testbox");
    }

    @Test
    void a_name_no_computer_has_is_nothing() throws Exception {
        assertThat(named("mail.badguys.example")).isEmpty();
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).withQueryParam("hostname[]", equalTo("nobody"))
                .willReturn(okJson(fixture("empty-list-authored.json"))));
        try (AmpHostDirectory amp = new AmpHostDirectory(config(wm.baseUrl()))) {
            assertThat(amp.hostsNamed("nobody")).isEmpty();
        }
    }

    @Test
    void a_refusal_is_thrown_not_read_as_nothing() {
        wm.stubFor(get(urlPathEqualTo("/v1/computers")).withQueryParam("hostname[]", equalTo("web01"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(fixture("error-401-unknown-api-key.json"))));
        try (AmpHostDirectory amp = new AmpHostDirectory(config(wm.baseUrl()))) {
            assertThatThrownBy(() -> amp.hostsNamed("web01")).isInstanceOf(AdapterException.class)
                    .satisfies(e -> assertThat(((AdapterException) e).kind()).isEqualTo(AdapterException.Kind.UNAUTHORIZED));
        }
    }
}

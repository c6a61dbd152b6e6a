package io.irflow.adapters.servicenow;

import io.irflow.testing.MutableClock;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Ticketing.TicketChange;
import io.irflow.capabilities.Ticketing.TicketRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.servicenow.SnowFixtures.CLIENT_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.CLIENT_SECRET;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.PASSWORD;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.TOKEN;
import static io.irflow.adapters.servicenow.SnowFixtures.USER;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static io.irflow.adapters.servicenow.SnowFixtures.oauth;
import static io.irflow.adapters.servicenow.SnowFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowOAuthTest {
    private static final String ONE = INCIDENTS + "/" + SYS_ID;
    private static final TicketRef TICKET = new TicketRef("INC0010017", SYS_ID, null);
    private static final TicketChange NOTE = new TicketChange(null, null, "note", null, null);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-09-17T08:00:00Z"));
    private ServiceNowTicketing snow = oauth(wm.baseUrl(), clock);

    @AfterEach
    void close() {
        snow.close();
    }

    private static String bearer() {
        return "Bearer " + text("oauth-token-200.json", "access_token");
    }

    private static void stubToken() {
        wm.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(fixture("oauth-token-200.json"))));
    }

    private static void stubPatch() {
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(okJson(fixture("patch-incident-200-response.json"))));
    }

    @Test
    void asks_for_a_password_grant_token_form_encoded_and_sends_it_as_bearer() throws Exception {
        stubToken();
        stubPatch();

        snow.update(TICKET, NOTE);

        wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=password&client_id=" + CLIENT_ID + "&client_secret="
                        + CLIENT_SECRET + "&username=" + USER + "&password=" + PASSWORD)));
        wm.verify(1, patchRequestedFor(urlPathEqualTo(ONE)).withHeader("Authorization", equalTo(bearer())));
    }

    @Test
    void reuses_the_token_until_a_minute_before_it_expires() throws Exception {
        stubToken();
        stubPatch();

        snow.update(TICKET, NOTE);
        clock.advance(Duration.ofSeconds(1799 - 61));
        snow.update(TICKET, NOTE);
        wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));

        clock.advance(Duration.ofSeconds(1));
        snow.update(TICKET, NOTE);
        wm.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
    }

    @Test
    void a_401_fetches_a_new_token_and_retries_once() throws Exception {
        stubToken();
        wm.stubFor(patch(urlPathEqualTo(ONE)).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody(fixture("error-401-not-authenticated.json")))
                .willSetStateTo("refreshed"));
        wm.stubFor(patch(urlPathEqualTo(ONE)).inScenario("expired").whenScenarioStateIs("refreshed")
                .willReturn(okJson(fixture("patch-incident-200-response.json"))));

        snow.update(TICKET, NOTE);

        wm.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
        wm.verify(2, patchRequestedFor(urlPathEqualTo(ONE)).withHeader("Authorization", equalTo(bearer())));
    }

    @Test
    void a_second_401_is_unauthorized_without_looping() {
        stubToken();
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(aResponse().withStatus(401)
                .withBody(fixture("error-401-not-authenticated.json"))));

        assertThatThrownBy(() -> snow.update(TICKET, NOTE)).isInstanceOfSatisfying(AdapterException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
        wm.verify(2, patchRequestedFor(urlPathEqualTo(ONE)));
        wm.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
    }

    @Test
    void refused_oauth_credentials_are_unauthorized_and_no_secret_shows() {
        wm.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(fixture("oauth-token-401.json"))));

        assertThatThrownBy(() -> snow.update(TICKET, NOTE)).isInstanceOfSatisfying(AdapterException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
            assertThat(e.getMessage()).contains("access_denied").doesNotContain(PASSWORD).doesNotContain(CLIENT_SECRET);
        });
        wm.verify(0, patchRequestedFor(urlPathEqualTo(ONE)));
    }

    @Test
    void a_token_answer_without_access_token_is_malformed() {
        wm.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson("{\"token_type\": \"Bearer\"}")));

        assertThatThrownBy(() -> snow.probe()).isInstanceOfSatisfying(AdapterException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void the_probe_uses_the_bearer_token() throws Exception {
        stubToken();
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(fixture("get-incidents-empty-200.json"))));

        snow.probe();

        wm.verify(getRequestedFor(urlPathEqualTo(INCIDENTS)).withHeader("Authorization", equalTo(bearer())));
    }
}

package io.irflow.adapters.servicenow;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Ticketing.NewTicket;
import io.irflow.capabilities.Ticketing.TicketChange;
import io.irflow.capabilities.Ticketing.TicketRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import static io.irflow.adapters.servicenow.SnowFixtures.BASIC;
import static io.irflow.adapters.servicenow.SnowFixtures.CALLER;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.PASSWORD;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.basic;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowErrorsTest {
    private static final String ONE = INCIDENTS + "/" + SYS_ID;
    private static final TicketRef TICKET = new TicketRef("INC0010017", SYS_ID, null);
    private static final NewTicket NEW = new NewTicket("Short", "Long", CALLER, 3, null);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ServiceNowTicketing snow = basic(wm.baseUrl());

    @AfterEach
    void close() {
        snow.close();
    }

    private static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(fixture(fixture));
    }

    private AdapterException createFails() {
        try {
            snow.create(NEW);
        } catch (AdapterException e) {
            return e;
        }
        throw new AssertionError("create did not fail");
    }

    private AdapterException updateFails(TicketChange change) {
        try {
            snow.update(TICKET, change);
        } catch (AdapterException e) {
            return e;
        }
        throw new AssertionError("update did not fail");
    }

    @Test
    void a_401_is_unauthorized_with_servicenows_message_and_never_the_password() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(json(401, "error-401-not-authenticated.json")));

        AdapterException e = createFails();

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("User Not Authenticated").contains("Required to provide Auth information")
                .doesNotContain(PASSWORD);
        wm.verify(1, postRequestedFor(urlPathEqualTo(INCIDENTS)).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void an_echoed_password_is_scrubbed_from_the_message() {
        String echoing = fixture("error-401-not-authenticated.json")
                .replace("Required to provide Auth information", "Bad password " + PASSWORD);
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(401).withBody(echoing)));

        assertThat(createFails().getMessage()).contains("Bad password ***").doesNotContain(PASSWORD);
    }

    @Test
    void a_403_acl_refusal_is_unauthorized_with_the_acl_detail() {
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(json(403, "error-403-acl-update.json")));

        AdapterException e = updateFails(new TicketChange(null, null, "note", null, null));

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).contains("Operation Failed")
                .contains("ACL Exception Update Failed due to security constraints");
    }

    @Test
    void a_403_data_policy_refusal_is_bad_input_naming_the_mandatory_fields() {
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(json(403, "error-403-data-policy.json")));

        AdapterException e = updateFails(new TicketChange("resolved", null, null, "done", null));

        assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(e.getMessage())
                .contains("Data Policy Exception: The following fields are mandatory: Resolution code, Resolution notes")
                .doesNotContain("\n").doesNotContain("\t");
    }

    @Test
    void a_404_is_not_found_or_not_visible() {
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(json(404, "error-404-no-record.json")));

        AdapterException e = updateFails(new TicketChange(null, null, "note", null, null));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("No Record found")
                .contains("Record doesn't exist or ACL restricts the record retrieval");
    }

    @Test
    void a_429_is_rate_limited_with_the_retry_after_wait() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(json(429, "error-429-rate-limited.json")
                .withHeader("Retry-After", "1712").withHeader("X-RateLimit-Limit", "500")));

        AdapterException e = createFails();

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1712));
        assertThat(e.getMessage()).contains("Rate limit exceeded")
                .contains("Rate limit of 500 requests per hour for Table API exceeded");
    }

    @Test
    void a_429_without_retry_after_is_rate_limited_without_a_wait() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(json(429, "error-429-rate-limited.json")));

        AdapterException e = createFails();

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void a_400_invalid_json_is_bad_input() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(json(400, "error-400-invalid-json.json")));

        AdapterException e = createFails();

        assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(e.getMessage()).contains("Exception while reading request").contains("The payload is not valid JSON.");
    }

    @Test
    void a_400_with_a_null_detail_keeps_just_the_message() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(json(400, "error-400-invalid-table.json")));

        AdapterException e = createFails();

        assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(e.getMessage()).endsWith(": Invalid table incidnet");
    }

    @Test
    void a_503_html_page_is_unavailable_without_quoting_the_page() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Instance hibernating</body></html>")));

        AdapterException e = createFails();

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).isEqualTo("ServiceNow answered HTTP 503");
    }

    @Test
    void a_500_with_an_error_body_is_unavailable() {
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(aResponse().withStatus(500).withBody("oops")));

        assertThat(updateFails(new TicketChange(null, null, "n", null, null)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void a_200_web_page_from_a_sleeping_instance_is_unavailable() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html;charset=UTF-8").withBody("<html>Your instance is hibernating</html>")));

        AdapterException e = createFails();

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).doesNotContain("hibernating</html>");
    }

    @Test
    void a_malformed_json_body_is_malformed() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"result\": {\"sys_id\": ")));

        assertThat(createFails().kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void a_slow_answer_past_the_read_timeout_is_a_timeout() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(json(201, "create-incident-201-response.json")
                .withFixedDelay(2000)));

        assertThat(createFails().kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void the_probe_reads_one_incident_id_with_basic_auth() throws Exception {
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(fixture("get-incidents-empty-200.json"))));

        snow.probe();

        wm.verify(getRequestedFor(urlPathEqualTo(INCIDENTS))
                .withQueryParam("sysparm_limit", equalTo("1"))
                .withQueryParam("sysparm_fields", equalTo("sys_id"))
                .withQueryParam("sysparm_no_count", equalTo("true"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Accept", equalTo("application/json")));
        assertThat(snow.source()).isEqualTo("ServiceNow");
        assertThat(snow.product()).isEqualTo("ServiceNow");
    }

    @Test
    void the_probe_reports_refused_credentials() {
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(json(401, "error-401-not-authenticated.json")));

        assertThatThrownBy(() -> snow.probe()).isInstanceOfSatisfying(AdapterException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void the_probe_calls_a_body_without_result_malformed() {
        wm.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson("{}")));

        assertThatThrownBy(() -> snow.probe()).isInstanceOfSatisfying(AdapterException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void the_config_never_prints_the_password() {
        var config = ServiceNowConfig.oauth(SnowFixtures.settings(wm.baseUrl()), SnowFixtures.CLIENT_ID,
                SnowFixtures.CLIENT_SECRET, SnowFixtures.USER, PASSWORD, null);

        assertThat(config.toString()).doesNotContain(PASSWORD).doesNotContain(SnowFixtures.CLIENT_SECRET)
                .contains("password=***");
    }
}

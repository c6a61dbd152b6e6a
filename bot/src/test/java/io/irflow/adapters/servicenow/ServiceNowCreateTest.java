package io.irflow.adapters.servicenow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Ticketing.NewTicket;
import io.irflow.capabilities.Ticketing.TicketRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.servicenow.SnowFixtures.BASIC;
import static io.irflow.adapters.servicenow.SnowFixtures.CALLER;
import static io.irflow.adapters.servicenow.SnowFixtures.DEFAULT_CALLER;
import static io.irflow.adapters.servicenow.SnowFixtures.GROUP;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.USERS;
import static io.irflow.adapters.servicenow.SnowFixtures.basic;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static io.irflow.adapters.servicenow.SnowFixtures.fixtureJson;
import static io.irflow.adapters.servicenow.SnowFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowCreateTest {
    private static final String REQUEST = "create-incident-request.json";
    private static final String CREATED = "create-incident-201-response.json";
    private static final String EMAIL = "jane.doe@example.com";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ServiceNowTicketing snow = basic(wm.baseUrl());

    @AfterEach
    void close() {
        snow.close();
    }

    /** The reference request's ticket: severity 3 gives impact 2 / urgency 2 as in the sample. */
    private static NewTicket sampleTicket(String caller, String group) {
        return new NewTicket(text(REQUEST, "short_description"), text(REQUEST, "description"), caller, 3, group);
    }

    private static void stubCreated() {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withHeader("Location", "https://example.service-now.com/api/now/table/incident/" + SYS_ID)
                .withBody(fixture(CREATED))));
    }

    private static void stubUserLookup(String body) {
        wm.stubFor(get(urlPathEqualTo(USERS)).willReturn(okJson(fixture(body))));
    }

    @Test
    void creates_the_incident_exactly_as_the_reference_request_and_returns_number_and_link() throws Exception {
        stubUserLookup("sys-user-by-email-200-authored.json");
        stubCreated();

        TicketRef ref = snow.create(sampleTicket(EMAIL, null));

        assertThat(ref.number()).isEqualTo("INC0010017");
        assertThat(ref.sysId()).isEqualTo(SYS_ID);
        assertThat(ref.url()).isEqualTo(wm.baseUrl() + "/nav_to.do?uri=incident.do%3Fsys_id%3D" + SYS_ID);
        ObjectNode expected = fixtureJson(REQUEST);
        expected.put("work_notes", "Opened by irflow on request of " + EMAIL + ".");
        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(expected.toString())));
        wm.verify(getRequestedFor(urlPathEqualTo(USERS))
                .withQueryParam("sysparm_query", equalTo("email=" + EMAIL))
                .withQueryParam("sysparm_fields", equalTo("sys_id,name"))
                .withQueryParam("sysparm_limit", equalTo("1"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void an_unknown_email_falls_back_to_the_configured_caller() throws Exception {
        stubUserLookup("get-incidents-empty-200.json");
        stubCreated();

        snow.create(sampleTicket("nobody@example.com", null));

        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withRequestBody(matchingJsonPath("$.caller_id", equalTo(DEFAULT_CALLER)))
                .withRequestBody(matchingJsonPath("$.work_notes",
                        equalTo("Opened by irflow on request of nobody@example.com."))));
    }

    @Test
    void a_refused_user_lookup_falls_back_to_the_configured_caller() throws Exception {
        wm.stubFor(get(urlPathEqualTo(USERS)).willReturn(aResponse().withStatus(403)
                .withBody(fixture("error-403-acl-update.json"))));
        stubCreated();

        snow.create(sampleTicket(EMAIL, null));

        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withRequestBody(matchingJsonPath("$.caller_id", equalTo(DEFAULT_CALLER))));
    }

    @Test
    void a_caller_that_is_not_a_plain_email_gets_the_configured_caller_without_a_lookup() throws Exception {
        stubCreated();

        snow.create(sampleTicket("a@b.c^ORactive=true", null));

        wm.verify(0, getRequestedFor(urlPathEqualTo(USERS)));
        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withRequestBody(matchingJsonPath("$.caller_id", equalTo(DEFAULT_CALLER))));
    }

    @Test
    void a_caller_sys_id_is_sent_as_is_without_a_lookup() throws Exception {
        stubCreated();

        snow.create(sampleTicket(CALLER, null));

        wm.verify(0, getRequestedFor(urlPathEqualTo(USERS)));
        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withRequestBody(matchingJsonPath("$.caller_id", equalTo(CALLER))));
    }

    @Test
    void the_ticket_group_wins_over_the_configured_group_and_no_caller_sends_no_work_note() throws Exception {
        stubCreated();
        String otherGroup = "b815cd759f2002002920bde8132e7099";

        snow.create(new NewTicket("Short", "Long", null, 3, otherGroup));

        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withRequestBody(matchingJsonPath("$.assignment_group", equalTo(otherGroup)))
                .withRequestBody(matchingJsonPath("$.caller_id", equalTo(DEFAULT_CALLER))));
        var sent = wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS))).get(0).getBodyAsString();
        assertThat(fixtureJsonOf(sent).has("work_notes")).isFalse();
    }

    @Test
    void severity_one_is_high_impact_and_high_urgency_and_four_is_medium_impact_low_urgency() throws Exception {
        stubCreated();

        snow.create(new NewTicket("Critical", null, CALLER, 1, GROUP));
        snow.create(new NewTicket("Low", null, CALLER, 4, GROUP));

        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withRequestBody(matchingJsonPath("$.short_description", equalTo("Critical")))
                .withRequestBody(matchingJsonPath("$.impact", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.urgency", equalTo("1"))));
        wm.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withRequestBody(matchingJsonPath("$.short_description", equalTo("Low")))
                .withRequestBody(matchingJsonPath("$.impact", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.urgency", equalTo("3"))));
    }

    @Test
    void a_severity_outside_one_to_four_is_bad_input_and_sends_nothing() {
        assertThatThrownBy(() -> snow.create(new NewTicket("x", null, CALLER, 5, null)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_long_multi_line_title_becomes_one_line_of_at_most_160_characters() throws Exception {
        stubCreated();

        snow.create(new NewTicket("line one\nline two " + "x".repeat(300), null, CALLER, 3, null));

        var sent = wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS))).get(0).getBodyAsString();
        String shortDescription = fixtureJsonOf(sent).get("short_description").asText();
        assertThat(shortDescription).hasSize(160).startsWith("line one line two x").endsWith("…");
    }

    @Test
    void works_with_a_path_prefix_in_the_base_url() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/proxy/snow" + INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(fixture(CREATED))));
        try (ServiceNowTicketing prefixed = basic(wm.baseUrl() + "/proxy/snow/")) {
            TicketRef ref = prefixed.create(sampleTicket(CALLER, null));

            assertThat(ref.number()).isEqualTo("INC0010017");
            assertThat(ref.url()).isEqualTo(wm.baseUrl() + "/proxy/snow/nav_to.do?uri=incident.do%3Fsys_id%3D" + SYS_ID);
        }
        wm.verify(postRequestedFor(urlPathEqualTo("/proxy/snow" + INCIDENTS)).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void a_created_record_without_number_still_gives_a_usable_reference() throws Exception {
        ObjectNode body = fixtureJson(CREATED);
        ((ObjectNode) body.get("result")).remove("number");
        ((ObjectNode) body.get("result")).put("unexpected_field", "ignored");
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));

        TicketRef ref = snow.create(sampleTicket(CALLER, null));

        assertThat(ref.sysId()).isEqualTo(SYS_ID);
        assertThat(ref.number()).isEqualTo(SYS_ID);
    }

    @Test
    void a_created_record_without_sys_id_is_malformed() {
        ObjectNode body = fixtureJson(CREATED);
        ((ObjectNode) body.get("result")).remove("sys_id");
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));

        assertThatThrownBy(() -> snow.create(sampleTicket(CALLER, null)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void a_ui_base_url_is_used_for_links() throws Exception {
        stubCreated();
        var config = new ServiceNowConfig(SnowFixtures.settings(wm.baseUrl()), SnowFixtures.USER,
                SnowFixtures.PASSWORD, null, null, SnowFixtures.DEFAULTS, "https://example.service-now.com/");
        try (ServiceNowTicketing withUi = new ServiceNowTicketing(config)) {
            assertThat(withUi.create(sampleTicket(CALLER, null)).url())
                    .isEqualTo("https://example.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D" + SYS_ID);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode fixtureJsonOf(String json) throws Exception {
        return io.irflow.json.Json.mapper().readTree(json);
    }
}

package io.irflow.adapters.servicenow;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Ticketing.TicketChange;
import io.irflow.capabilities.Ticketing.TicketRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.servicenow.SnowFixtures.BASIC;
import static io.irflow.adapters.servicenow.SnowFixtures.CALLER;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.USERS;
import static io.irflow.adapters.servicenow.SnowFixtures.basic;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static io.irflow.json.Json.mapper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /assign} on the ticket: the assignee's sys_user (looked up by email) as assigned_to, with the work note. */
class ServiceNowAssignTest {
    private static final String ONE = INCIDENTS + "/" + SYS_ID;
    private static final TicketRef TICKET = new TicketRef("INC0010017", SYS_ID, "https://example");
    private static final String JANE = "jane.doe@example.com";
    private static final String NOTE = "Assigned to " + JANE + " by alice@example.com";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ServiceNowTicketing snow = basic(wm.baseUrl());

    @BeforeEach
    void stub() {
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(okJson(fixture("patch-incident-200-response.json"))));
    }

    @AfterEach
    void close() {
        snow.close();
    }

    private static TicketChange assign(String email) {
        return new TicketChange(null, null, "Assigned to " + email + " by alice@example.com", null, email);
    }

    private static String json(String... fieldsAndValues) {
        var node = mapper().createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            node.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return node.toString();
    }

    @Test
    void a_known_assignee_is_looked_up_by_email_and_patched_as_assigned_to_with_the_work_note() throws Exception {
        wm.stubFor(get(urlPathEqualTo(USERS)).willReturn(okJson(fixture("sys-user-by-email-200-authored.json"))));

        snow.update(TICKET, assign(JANE));

        wm.verify(getRequestedFor(urlPathEqualTo(USERS))
                .withQueryParam("sysparm_query", equalTo("email=" + JANE))
                .withQueryParam("sysparm_fields", equalTo("sys_id,name"))
                .withHeader("Authorization", equalTo(BASIC)));
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(USERS))).get(0).getUrl())
                .as("the query value is URL-encoded").contains("sysparm_query=email%3Djane.doe%40example.com");
        wm.verify(1, patchRequestedFor(urlPathEqualTo(ONE))
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(equalToJson(json("assigned_to", CALLER, "work_notes", NOTE))));
    }

    @Test
    void an_assignee_without_a_note_patches_only_assigned_to() throws Exception {
        wm.stubFor(get(urlPathEqualTo(USERS)).willReturn(okJson(fixture("sys-user-by-email-200-authored.json"))));

        snow.update(TICKET, new TicketChange(null, null, null, null, JANE));

        wm.verify(1, patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson(json("assigned_to", CALLER))));
    }

    @Test
    void an_assignee_servicenow_does_not_know_gets_a_work_note_saying_so_and_no_assigned_to() throws Exception {
        wm.stubFor(get(urlPathEqualTo(USERS)).willReturn(okJson(fixture("get-incidents-empty-200.json"))));

        snow.update(TICKET, assign("nobody@example.com"));

        wm.verify(1, patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson(json("work_notes",
                "Assigned to nobody@example.com by alice@example.com\n"
                        + "nobody@example.com is not a ServiceNow user irflow can see, so the ticket's assigned_to "
                        + "was not changed."))));
    }

    @ParameterizedTest
    @CsvSource({"403, error-403-acl-update.json", "404, error-404-no-record.json"})
    void a_refused_user_lookup_still_sends_the_work_note_saying_so_and_does_not_fail(int status, String body)
            throws Exception {
        wm.stubFor(get(urlPathEqualTo(USERS)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(fixture(body))));

        snow.update(TICKET, assign(JANE));

        wm.verify(1, patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson(json("work_notes",
                NOTE + "\n" + ServiceNowTicketing.notAUser(JANE)))));
        assertThat(ServiceNowTicketing.notAUser(JANE)).contains(JANE, "not a ServiceNow user", "assigned_to");
    }

    @Test
    void a_lookup_servicenow_cannot_answer_fails_the_change_so_it_is_retried_and_patches_nothing() {
        wm.stubFor(get(urlPathEqualTo(USERS)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Service unavailable\",\"detail\":null},\"status\":\"failure\"}")));

        assertThatThrownBy(() -> snow.update(TICKET, assign(JANE)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        wm.verify(0, patchRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.c^ORactive=true", "jane.doe@example.com^NQactive=true", "email=jane@example.com",
            "jane doe@example.com", "jane.doe@example.com\n", "jane@example", "<jane@example.com>",
            "jane@@example.com"})
    void an_assignee_that_is_not_a_plain_email_is_refused_before_any_request(String email) {
        assertThatThrownBy(() -> snow.update(TICKET, assign(email)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void the_client_refuses_a_lookup_that_would_inject_into_the_encoded_query() {
        try (ServiceNowClient client = new ServiceNowClient(ServiceNowConfig.basic(SnowFixtures.settings(wm.baseUrl()),
                SnowFixtures.USER, SnowFixtures.PASSWORD, SnowFixtures.DEFAULTS), java.time.Clock.systemUTC())) {
            assertThatThrownBy(() -> client.findUserByEmail("a@b.c^ORactive=true")).isInstanceOfSatisfying(
                    AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        }
        wm.verify(0, anyRequestedFor(anyUrl()));
    }
}

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

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.servicenow.SnowFixtures.BASIC;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.basic;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static io.irflow.adapters.servicenow.SnowFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowUpdateTest {
    private static final String ONE = INCIDENTS + "/" + SYS_ID;
    private static final TicketRef TICKET = new TicketRef("INC0010017", SYS_ID, "https://example");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ServiceNowTicketing snow = basic(wm.baseUrl());

    @BeforeEach
    void stub() {
        wm.stubFor(patch(urlPathEqualTo(ONE)).willReturn(okJson(fixture("patch-incident-200-response.json"))));
    }

    @AfterEach
    void close() {
        snow.close();
    }

    @Test
    void a_work_note_is_patched_exactly_as_the_reference_request() throws Exception {
        String note = text("patch-add-work-note-request.json", "work_notes");

        snow.update(TICKET, new TicketChange(null, null, note, null, null));

        wm.verify(patchRequestedFor(urlPathEqualTo(ONE))
                .withQueryParam("sysparm_fields", equalTo("sys_id,number,state"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(fixture("patch-add-work-note-request.json"))));
    }

    @Test
    void resolving_sends_state_six_with_close_code_and_close_notes_as_the_reference_request() throws Exception {
        String notes = text("patch-resolve-request.json", "close_notes");

        snow.update(TICKET, new TicketChange("resolved", null, null, notes, null));

        wm.verify(patchRequestedFor(urlPathEqualTo(ONE))
                .withRequestBody(equalToJson(fixture("patch-resolve-request.json"))));
    }

    @Test
    void closing_also_resolves_and_without_a_resolution_sends_default_close_notes() throws Exception {
        snow.update(TICKET, new TicketChange("closed", null, null, null, null));

        wm.verify(patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson(
                "{\"state\":\"6\",\"close_code\":\"Solution provided\",\"close_notes\":\"Resolved in irflow.\"}")));
    }

    @Test
    void a_resolution_without_a_state_resolves() throws Exception {
        snow.update(TICKET, new TicketChange(null, null, null, "Fixed", null));

        wm.verify(patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson(
                "{\"state\":\"6\",\"close_code\":\"Solution provided\",\"close_notes\":\"Fixed\"}")));
    }

    @Test
    void the_configured_close_code_is_used() throws Exception {
        var defaults = new ServiceNowConfig.TicketDefaults(null, null, null, null, "Solved (Permanently)");
        try (var old = new ServiceNowTicketing(ServiceNowConfig.basic(SnowFixtures.settings(wm.baseUrl()),
                SnowFixtures.USER, SnowFixtures.PASSWORD, defaults))) {
            old.update(TICKET, new TicketChange("resolved", null, null, "done", null));
        }

        wm.verify(patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson(
                "{\"state\":\"6\",\"close_code\":\"Solved (Permanently)\",\"close_notes\":\"done\"}")));
    }

    @Test
    void our_status_words_map_to_servicenow_states() throws Exception {
        snow.update(TICKET, new TicketChange("new", null, null, null, null));
        snow.update(TICKET, new TicketChange("Investigating", null, null, null, null));
        snow.update(TICKET, new TicketChange("contained", null, null, null, null));

        wm.verify(1, patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson("{\"state\":\"1\"}")));
        wm.verify(2, patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson("{\"state\":\"2\"}")));
    }

    @Test
    void state_severity_and_note_go_in_one_patch() throws Exception {
        snow.update(TICKET, new TicketChange("investigating", 2, "Host isolated", null, null));

        wm.verify(1, patchRequestedFor(urlPathEqualTo(ONE)).withRequestBody(equalToJson(
                "{\"state\":\"2\",\"impact\":\"1\",\"urgency\":\"2\",\"work_notes\":\"Host isolated\"}")));
    }

    @Test
    void an_unknown_status_word_is_bad_input_and_sends_nothing() {
        assertThatThrownBy(() -> snow.update(TICKET, new TicketChange("paused", null, null, null, null)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void an_empty_change_sends_nothing() throws Exception {
        snow.update(TICKET, new TicketChange(null, null, " ", null, null));

        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_ticket_without_a_usable_sys_id_is_bad_input() {
        assertThatThrownBy(() -> snow.update(new TicketRef("INC1", "../sys_user", null),
                new TicketChange(null, null, "x", null, null)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
        wm.verify(0, anyRequestedFor(anyUrl()));
    }
}

package io.irflow.adapters.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.Ticketing.NewTicket;
import io.irflow.capabilities.Ticketing.TicketChange;
import io.irflow.capabilities.Ticketing.TicketRef;
import io.irflow.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.servicenow.SnowFixtures.INCIDENTS;
import static io.irflow.adapters.servicenow.SnowFixtures.SYS_ID;
import static io.irflow.adapters.servicenow.SnowFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 point 7: no {@code [code]} markup reaches a ticket, on create (POST) or update (PATCH). */
class ServiceNowCodeTagsTest {
    private static final String ATTACK = "[code]<img src=x onerror=alert(1)>[/code] then [ CODE ]<b>x</b>[ / code ]";
    private static final String INERT = "(code)<img src=x onerror=alert(1)>(/code) then (code)<b>x</b>(/code)";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ServiceNowTicketing snow = SnowFixtures.basic(wm.baseUrl());

    @AfterEach
    void close() {
        snow.close();
    }

    @Test
    void a_new_ticket_has_its_title_and_description_neutralised() throws Exception {
        wm.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(fixture("create-incident-201-response.json"))));

        snow.create(new NewTicket("[IR-2026-0001] " + ATTACK, "Summary: " + ATTACK, null, 2, null));

        JsonNode sent = body(wm.findAll(postRequestedFor(urlPathEqualTo(INCIDENTS))).get(0).getBodyAsString());
        assertThat(sent.path("short_description").asText()).isEqualTo("[IR-2026-0001] " + INERT);
        assertThat(sent.path("description").asText()).isEqualTo("Summary: " + INERT);
        assertThat(sent.toString()).doesNotContainPattern("(?i)\\[\\s*/?\\s*code\\s*]");
    }

    @Test
    void a_work_note_and_close_notes_are_neutralised() throws Exception {
        wm.stubFor(patch(urlPathEqualTo(INCIDENTS + "/" + SYS_ID))
                .willReturn(okJson(fixture("patch-incident-200-response.json"))));

        snow.update(new TicketRef("INC0010017", SYS_ID, "https://example"),
                new TicketChange("resolved", null, "Note from chat: " + ATTACK, "Fixed. " + ATTACK, null));

        JsonNode sent = body(wm.findAll(patchRequestedFor(urlPathEqualTo(INCIDENTS + "/" + SYS_ID))).get(0)
                .getBodyAsString());
        assertThat(sent.path("work_notes").asText()).isEqualTo("Note from chat: " + INERT);
        assertThat(sent.path("close_notes").asText()).isEqualTo("Fixed. " + INERT);
        assertThat(sent.path("state").asText()).isEqualTo("6");
    }

    private static JsonNode body(String json) throws Exception {
        return Json.mapper().readTree(json);
    }
}

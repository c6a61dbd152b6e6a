package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNowSimulatorTest {
    static SimServer s;
    static String auth;

    @BeforeAll
    static void start() {
        s = new SimServer();
        auth = SimServer.basic(s.creds.serviceNowUser(), s.creds.serviceNowPassword());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return s.send(method, s.base("servicenow") + path, body, "Authorization", auth,
                "Content-Type", "application/json", "Accept", "application/json");
    }

    @Test
    void incidentsAreCreatedReadAndPatched() {
        String request = Shapes.fixture("servicenow/create-incident-request.json").toString();
        HttpResponse<String> created = send("POST", "/api/now/table/incident", request);
        assertThat(created.statusCode()).isEqualTo(201);
        Shapes.assertSameShape("servicenow/create-incident-201-response.json", created.body());
        JsonNode rec = Shapes.parse(created.body()).get("result");
        String sysId = rec.get("sys_id").asText();
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(sysId));
        assertThat(rec.get("number").asText()).matches("INC\\d{7}");
        assertThat(rec.at("/caller_id/value").asText()).isEqualTo("62826bf03710200044e0bfc8bcbe5df1");
        HttpResponse<String> got = send("GET", "/api/now/table/incident/" + sysId, null);
        assertThat(Shapes.parse(got.body()).at("/result/short_description").asText())
                .isEqualTo(rec.get("short_description").asText());
        HttpResponse<String> patched = send("PATCH", "/api/now/table/incident/" + sysId,
                Shapes.fixture("servicenow/patch-add-work-note-request.json").toString());
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(s.sims.serviceNow().workNotes(sysId)).contains("VirusTotal re-check").contains("Opened by the Webex");
        Shapes.assertSameShape("servicenow/patch-incident-200-response.json", send("PATCH", "/api/now/table/incident/"
                + sysId, "{\"state\":\"6\",\"close_code\":\"Solved (Permanently)\"}").body());
        assertThat(Shapes.parse(send("GET", "/api/now/table/incident?sysparm_query=number=" + rec.get("number").asText(),
                null).body()).at("/result/0/state").asText()).isEqualTo("6");
        Shapes.assertSameShape("servicenow/get-incidents-empty-200.json",
                send("GET", "/api/now/table/incident?sysparm_query=number=INC0000000", null).body());
        HttpResponse<String> missing = send("GET", "/api/now/table/incident/" + "0".repeat(32), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        Shapes.assertSameShape("servicenow/error-404-no-record.json", missing.body());
    }

    @Test
    void aTicketCreatedWithACorrelationIdIsFoundAgainByIt() throws Exception {
        try (io.irflow.adapters.servicenow.ServiceNowTicketing snow = new io.irflow.adapters.servicenow
                .ServiceNowTicketing(io.irflow.adapters.servicenow.ServiceNowConfig.basic(new io.irflow.adapters
                .HttpSettings(s.base("servicenow"), java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2),
                null, true), s.creds.serviceNowUser(), s.creds.serviceNowPassword(), new io.irflow.adapters.servicenow
                .ServiceNowConfig.TicketDefaults(null, null, null, null, null)))) {
            java.time.Instant before = java.time.Instant.now().minusSeconds(60);
            var ticket = snow.create(new io.irflow.capabilities.Ticketing.NewTicket("[IR-2026-0042] Phish", "d", null,
                    3, null, "IR-2026-0042"));

            assertThat(snow.findCreated("IR-2026-0042", before)).contains(ticket);
            assertThat(snow.findCreated("IR-2026-0043", before)).isEmpty();
        }
    }

    @Test
    void usersAreLookedUpByEmailAndPatchedAssignedToIsAUserReference() {
        String query = "/api/now/table/sys_user?sysparm_query=" + java.net.URLEncoder.encode(
                "email=Jane.Doe@example.com", java.nio.charset.StandardCharsets.UTF_8)
                + "&sysparm_fields=sys_id,name&sysparm_limit=1";
        JsonNode user = Shapes.parse(send("GET", query, null).body()).at("/result/0");
        String userId = user.path("sys_id").asText();
        assertThat(userId).matches("[0-9a-f]{32}");
        assertThat(Shapes.parse(send("GET", query, null).body()).at("/result/0/sys_id").asText())
                .as("stable").isEqualTo(userId);
        assertThat(Shapes.parse(send("GET", query.replace("Jane.Doe", "john.roe"), null).body())
                .at("/result/0/sys_id").asText()).isNotEqualTo(userId);
        String request = Shapes.fixture("servicenow/create-incident-request.json").toString();
        String sysId = Shapes.parse(send("POST", "/api/now/table/incident", request).body()).at("/result/sys_id")
                .asText();
        assertThat(s.sims.serviceNow().assignee(sysId)).isNull();

        HttpResponse<String> patched = send("PATCH", "/api/now/table/incident/" + sysId,
                "{\"assigned_to\":\"" + userId + "\",\"work_notes\":\"Assigned to jane.doe@example.com\"}");

        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode assigned = Shapes.parse(patched.body()).at("/result/assigned_to");
        assertThat(assigned.path("value").asText()).isEqualTo(userId);
        assertThat(assigned.path("link").asText()).endsWith("/api/now/table/sys_user/" + userId);
        assertThat(s.sims.serviceNow().assignee(sysId)).isEqualTo("jane.doe@example.com");
        assertThat(s.sims.serviceNow().workNotes(sysId)).contains("Assigned to jane.doe@example.com");
        send("PATCH", "/api/now/table/incident/" + sysId, "{\"assigned_to\":\"\"}");
        assertThat(Shapes.parse(send("GET", "/api/now/table/incident/" + sysId, null).body())
                .at("/result/assigned_to").asText()).isEmpty();
        assertThat(s.sims.serviceNow().assignee(sysId)).isNull();
    }

    @Test
    void wrongCredentialsAre401() {
        HttpResponse<String> bad = s.send("GET", s.base("servicenow") + "/api/now/table/incident", null,
                "Authorization", SimServer.basic("demo-snow", "nope"));
        assertThat(bad.statusCode()).isEqualTo(401);
        Shapes.assertSameShape("servicenow/error-401-not-authenticated.json", bad.body());
    }
}

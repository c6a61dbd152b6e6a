package io.irflow.sandbox.sim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class UmbrellaEnforcementSimulatorTest {
    static SimServer s;
    static String key;

    @BeforeAll
    static void start() {
        s = new SimServer();
        key = "customerKey=" + s.creds.umbrellaCustomerKey();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void blockListKeepsPostedDomainsUntilDeleted() {
        String base = s.base("umbrella");
        String event = Shapes.fixture("umbrella-enforcement/events-post-request-body.json").toString()
                .replace("c2-beacon.badhost.example", s.company.threat().c2Domain());
        HttpResponse<String> post = s.send("POST", base + "/events?" + key, event, "Content-Type", "application/json");
        assertThat(post.statusCode()).isEqualTo(202);
        Shapes.assertSameShape("umbrella-enforcement/events-post-202-accepted.json", post.body());
        s.send("POST", base + "/events?" + key, event.replace(s.company.threat().c2Domain(), "x.badguys.example"),
                "Content-Type", "application/json");
        s.send("POST", base + "/events?" + key, event.replace(s.company.threat().c2Domain(), "www.cisco.com"),
                "Content-Type", "application/json");
        assertThat(s.sims.umbrella().blockedDomains()).containsExactly(s.company.threat().c2Domain(), "x.badguys.example");
        HttpResponse<String> page1 = s.send("GET", base + "/domains?limit=1&" + key, null);
        Shapes.assertSameShape("umbrella-enforcement/domains-list-page-1-of-2.json", page1.body());
        assertThat(Shapes.parse(page1.body()).at("/meta/next").asText()).contains("page=2");
        String id = Shapes.parse(page1.body()).at("/data/0/id").asText();
        assertThat(s.send("DELETE", base + "/domains/" + id + "?" + key, null).statusCode()).isEqualTo(204);
        assertThat(s.send("DELETE", base + "/domains?where%5Bname%5D=x.badguys.example&" + key, null).statusCode())
                .isEqualTo(204);
        assertThat(s.sims.umbrella().blockedDomains()).isEmpty();
        assertThat(s.send("DELETE", base + "/domains/999?" + key, null).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongKeyIs401() {
        HttpResponse<String> bad = s.send("GET", s.base("umbrella") + "/domains?customerKey=nope", null);
        assertThat(bad.statusCode()).isEqualTo(401);
        Shapes.assertSameShape("umbrella-enforcement/error-401-invalid-customer-key.json", bad.body());
    }
}

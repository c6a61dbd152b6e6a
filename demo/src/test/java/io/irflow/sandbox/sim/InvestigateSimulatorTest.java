package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.investigate.InvestigateEnrichment;
import io.irflow.adapters.investigate.InvestigateConfig;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class InvestigateSimulatorTest {
    static SimServer s;
    static InvestigateEnrichment adapter;

    @BeforeAll
    static void start() {
        s = new SimServer();
        adapter = new InvestigateEnrichment(new InvestigateConfig(HttpSettings.of(s.base("investigate")),
                s.creds.investigateToken()));
    }

    @AfterAll
    static void stop() {
        adapter.close();
        s.close();
    }

    private HttpResponse<String> get(String path) {
        return s.send("GET", s.base("investigate") + path, null, "Authorization",
                "Bearer " + s.creds.investigateToken());
    }

    @Test
    void c2DomainIsMaliciousCommandAndControl() throws Exception {
        adapter.probe();
        Finding f = adapter.enrich(new Observable(ObservableType.DOMAIN, s.company.threat().c2Domain()));
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(f.verdict().reason()).contains("Command and Control");
        assertThat(f.facts()).anySatisfy(x -> assertThat(x.value()).isEqualTo("97/100"));
        Finding url = adapter.enrich(new Observable(ObservableType.URL, s.company.threat().url()));
        assertThat(url.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
    }

    @Test
    void c2IpHostsMaliciousDomains() throws Exception {
        Finding f = adapter.enrich(new Observable(ObservableType.IPV4, s.company.threat().c2Ip()));
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.SUSPICIOUS);
        assertThat(f.facts()).anySatisfy(x -> assertThat(x.value()).contains(s.company.threat().c2Domain()));
        assertThat(adapter.enrich(new Observable(ObservableType.IPV4, "192.0.2.1")).known()).isFalse();
    }

    @Test
    void benignAndUnknownDomains() throws Exception {
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "www.cisco.com")).verdict().disposition())
                .isEqualTo(Disposition.CLEAN);
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "never-seen.example.net")).known()).isFalse();
    }

    @Test
    void shapesMatchTheSamples() {
        Shapes.assertSameShape("umbrella-investigate/categorization-get-example-com-ids.json",
                get("/domains/categorization/example.com").body());
        Shapes.assertSameShape("umbrella-investigate/security-name-test-com.json",
                get("/security/name/" + s.company.threat().c2Domain()).body());
        Shapes.assertSameShape("umbrella-investigate/risk-score-bibikun-ru.json",
                get("/domains/risk-score/" + s.company.threat().c2Domain()).body());
        Shapes.assertSameShape("umbrella-investigate/latest-domains-for-ip.json",
                get("/ips/" + s.company.threat().c2Ip() + "/latest_domains").body());
        Shapes.assertSameShape("umbrella-investigate/domain-categories-legacy-map.json",
                get("/domains/categories").body());
        HttpResponse<String> bad = s.send("GET", s.base("investigate") + "/domains/categories", null,
                "Authorization", "Bearer wrong");
        assertThat(bad.statusCode()).isEqualTo(403);
        Shapes.assertSameShape("umbrella-investigate/error-403-invalid-token.json", bad.body());
        assertThat(s.send("GET", s.base("investigate") + "/domains/categories", null).statusCode()).isEqualTo(401);
    }
}

package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.threatresponse.ThreatResponseEnrichment;
import io.irflow.adapters.threatresponse.ThreatResponseConfig;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ThreatResponseSimulatorTest {
    static SimServer s;
    static ThreatResponseEnrichment adapter;

    @BeforeAll
    static void start() {
        s = new SimServer();
        s.clock.advance(AmpSimulator.FIRST_ALERT.plusSeconds(5));
        adapter = new ThreatResponseEnrichment(ThreatResponseConfig.of(HttpSettings.of(s.base("threatresponse")),
                s.creds.trClientId(), s.creds.trClientSecret()));
    }

    @AfterAll
    static void stop() {
        adapter.close();
        s.close();
    }

    @Test
    void verdictsAndSightings() throws Exception {
        adapter.probe();
        Finding hash = adapter.enrich(new Observable(ObservableType.SHA256, s.company.threat().sha256()));
        assertThat(hash.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(hash.hosts()).extracting(HostDetails::hostname).contains("WKS-FIN-042");
        Finding domain = adapter.enrich(new Observable(ObservableType.DOMAIN, s.company.threat().c2Domain()));
        assertThat(domain.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(domain.hosts()).extracting(HostDetails::hostname).containsExactly("WKS-FIN-042");
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "cisco.com")).verdict().disposition())
                .isEqualTo(Disposition.CLEAN);
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "nobody.example.net")).verdict().disposition())
                .isEqualTo(Disposition.UNKNOWN);
    }

    @Test
    void shapesAndAuth() {
        String base = s.base("threatresponse");
        HttpResponse<String> bad = s.send("POST", base + "/iroh/oauth2/token", "grant_type=client_credentials",
                "Authorization", SimServer.basic("demo-tr-client", "wrong"), "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(bad.statusCode()).isEqualTo(401);
        Shapes.assertSameShape("threatresponse/oauth2-token-error-invalid-client-authored.json", bad.body());
        HttpResponse<String> tok = s.send("POST", base + "/iroh/oauth2/token", "grant_type=client_credentials",
                "Authorization", SimServer.basic(s.creds.trClientId(), s.creds.trClientSecret()), "Content-Type",
                "application/x-www-form-urlencoded");
        Shapes.assertSameShape("threatresponse/oauth2-token-response-docs-example.json", tok.body());
        String bearer = "Bearer " + Shapes.parse(tok.body()).get("access_token").asText();
        String ip = "[{\"type\":\"ip\",\"value\":\"" + s.company.threat().c2Ip() + "\"}]";
        Shapes.assertSameShape("threatresponse/deliberate-response-eu-ip-talos-malicious.json",
                s.send("POST", base + "/iroh/iroh-enrich/deliberate/observables", ip, "Authorization", bearer,
                        "Content-Type", "application/json").body());
        String sha = "[{\"type\":\"sha256\",\"value\":\"" + s.company.threat().sha256() + "\"}]";
        HttpResponse<String> observe = s.send("POST", base + "/iroh/iroh-enrich/observe/observables", sha,
                "Authorization", bearer, "Content-Type", "application/json");
        Shapes.assertSameShape("threatresponse/observe-response-talos-verdict-and-judgement.json", observe.body());
        Shapes.assertSameShape("threatresponse/inspect-response-single-domain.json",
                s.send("POST", base + "/iroh/iroh-inspect/inspect", "{\"content\":\"see cisco.com\"}",
                        "Authorization", bearer, "Content-Type", "application/json").body());
        assertThat(s.send("POST", base + "/iroh/iroh-enrich/observe/observables", sha, "Authorization",
                "Bearer nope").statusCode()).isEqualTo(401);
    }
}

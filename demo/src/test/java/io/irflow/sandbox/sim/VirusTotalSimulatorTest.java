package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.virustotal.VirusTotalEnrichment;
import io.irflow.adapters.virustotal.VirusTotalConfig;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class VirusTotalSimulatorTest {
    static SimServer s;
    static VirusTotalEnrichment adapter;

    @BeforeAll
    static void start() {
        s = new SimServer();
        adapter = new VirusTotalEnrichment(new VirusTotalConfig(HttpSettings.of(s.base("virustotal")),
                s.creds.virusTotalKey(), 1000));
    }

    @AfterAll
    static void stop() {
        adapter.close();
        s.close();
    }

    @Test
    void badObservablesHaveDetectionsAndUnknownOnesAreNotFound() throws Exception {
        var t = s.company.threat();
        for (Observable o : new Observable[]{new Observable(ObservableType.SHA256, t.sha256()),
                new Observable(ObservableType.MD5, t.md5()), new Observable(ObservableType.DOMAIN, t.c2Domain()),
                new Observable(ObservableType.IPV4, t.c2Ip()), new Observable(ObservableType.URL, t.url())}) {
            Finding f = adapter.enrich(o);
            assertThat(f.known()).as(o.toString()).isTrue();
            assertThat(f.verdict().disposition()).as(o.toString()).isEqualTo(Disposition.MALICIOUS);
        }
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "cisco.com")).verdict().disposition())
                .isEqualTo(Disposition.CLEAN);
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "unknown.example.net")).known()).isFalse();
        assertThat(adapter.enrich(new Observable(ObservableType.SHA256, "0".repeat(64))).known()).isFalse();
    }

    @Test
    void shapesAndAuth() {
        var t = s.company.threat();
        Shapes.assertSameShape("virustotal/v3-file-malicious-with-threat-classification.json", get("/files/" + t.sha256()).body());
        Shapes.assertSameShape("virustotal/v3-domain-haiku-os-org.json", get("/domains/" + t.c2Domain()).body());
        Shapes.assertSameShape("virustotal/v3-ip-address-8.8.8.8.json", get("/ip_addresses/" + t.c2Ip()).body());
        String urlId = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(t.url().getBytes());
        Shapes.assertSameShape("virustotal/v3-url-malicious.json", get("/urls/" + urlId).body());
        HttpResponse<String> nf = get("/files/" + "1".repeat(64));
        assertThat(nf.statusCode()).isEqualTo(404);
        Shapes.assertSameShape("virustotal/v3-error-404-file-not-found.json", nf.body());
        HttpResponse<String> bad = s.send("GET", s.base("virustotal") + "/files/" + t.sha256(), null, "x-apikey", "nope");
        assertThat(bad.statusCode()).isEqualTo(401);
        Shapes.assertSameShape("virustotal/v3-error-401-wrong-credentials.json", bad.body());
    }

    private HttpResponse<String> get(String path) {
        return s.send("GET", s.base("virustotal") + path, null, "x-apikey", s.creds.virusTotalKey());
    }
}

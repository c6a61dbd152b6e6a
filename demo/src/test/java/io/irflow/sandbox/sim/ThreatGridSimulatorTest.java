package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.threatgrid.ThreatGridEnrichment;
import io.irflow.adapters.threatgrid.ThreatGridConfig;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ThreatGridSimulatorTest {
    static SimServer s;
    static ThreatGridEnrichment adapter;

    @BeforeAll
    static void start() {
        s = new SimServer();
        adapter = new ThreatGridEnrichment(new ThreatGridConfig(HttpSettings.of(s.base("threatgrid")),
                s.creds.threatGridKey()));
    }

    @AfterAll
    static void stop() {
        adapter.close();
        s.close();
    }

    @Test
    void hashHasHighThreatScoreAndC2Pivots() throws Exception {
        adapter.probe();
        Finding f = adapter.enrich(new Observable(ObservableType.SHA256, s.company.threat().sha256()));
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(f.facts()).anySatisfy(x -> assertThat(x.title() + "=" + x.value()).isEqualTo("Threat score=95 (malicious)"));
        assertThat(f.facts().toString()).contains(s.company.threat().c2Domain());
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, s.company.threat().c2Domain())).known()).isTrue();
        assertThat(adapter.enrich(new Observable(ObservableType.SHA256, "2".repeat(64))).known()).isFalse();
    }

    @Test
    void shapesAndAuth() {
        String base = s.base("threatgrid");
        String key = "api_key=" + s.creds.threatGridKey();
        HttpResponse<String> r = s.send("GET", base + "/api/v2/search/submissions?state=succ&q="
                + s.company.threat().sha256() + "&" + key, null);
        Shapes.assertSameShape("threatgrid/search-submissions-by-md5-one-item.json", r.body());
        String sample = Shapes.parse(r.body()).at("/data/items/0/item/sample").asText();
        Shapes.assertSameShape("threatgrid/samples-feeds-domains-by-sample-authored.json",
                s.send("GET", base + "/api/v2/samples/feeds/domains?sample=" + sample + "&" + key, null).body());
        Shapes.assertSameShape("threatgrid/samples-feeds-ips-by-sample-authored.json",
                s.send("GET", base + "/api/v2/samples/feeds/ips?sample=" + sample + "&" + key, null).body());
        Shapes.assertSameShape("threatgrid/search-submissions-empty-derived.json",
                s.send("GET", base + "/api/v2/search/submissions?q=nothing&" + key, null).body());
        HttpResponse<String> bad = s.send("GET", base + "/api/v3/session/whoami?api_key=wrong", null);
        assertThat(bad.statusCode()).isEqualTo(401);
        Shapes.assertSameShape("threatgrid/error-401-invalid-api-key-authored.json", bad.body());
    }
}

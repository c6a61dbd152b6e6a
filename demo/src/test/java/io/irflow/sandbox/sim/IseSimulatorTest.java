package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.ise.AncOutcome;
import io.irflow.adapters.ise.IseEnrichment;
import io.irflow.adapters.ise.IseClient;
import io.irflow.adapters.ise.IseConfig;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class IseSimulatorTest {
    static SimServer s;
    static IseConfig config;
    static IseEnrichment adapter;
    static String auth;

    @BeforeAll
    static void start() {
        s = new SimServer();
        config = new IseConfig(HttpSettings.of(s.base("ise")), HttpSettings.of(s.base("ise.mnt_url")),
                s.creds.iseUser(), s.creds.isePassword(), null, null, "Quarantine");
        adapter = new IseEnrichment(config);
        auth = SimServer.basic(s.creds.iseUser(), s.creds.isePassword());
    }

    @AfterAll
    static void stop() {
        adapter.close();
        s.close();
    }

    @Test
    void sessionsByMacAndIp() throws Exception {
        adapter.probe();
        var host = s.company.infected();
        for (Observable o : new Observable[]{new Observable(ObservableType.MAC, host.mac()),
                new Observable(ObservableType.IPV4, host.ip())}) {
            Finding f = adapter.enrich(o);
            assertThat(f.known()).as(o.toString()).isTrue();
            HostDetails d = f.hosts().get(0);
            assertThat(d.user()).contains("jdoe");
            assertThat(d.ips()).contains(host.ip());
            assertThat(d.macs()).contains(host.mac());
            assertThat(f.facts().toString()).contains("b1-fl3-access-sw01");
        }
        assertThat(adapter.enrich(new Observable(ObservableType.IPV4, "10.10.0.10")).known()).isFalse();
    }

    @Test
    void ancApplyAndClearThroughTheRealClientWithCsrf() throws Exception {
        String mac = s.company.hosts().get(2).mac().toUpperCase(Locale.ROOT);
        try (IseClient client = new IseClient(config)) {
            assertThat(client.applyByMac(mac, "Quarantine")).isEqualTo(AncOutcome.APPLIED);
            assertThat(client.applyByMac(mac, "Quarantine")).isEqualTo(AncOutcome.ALREADY_APPLIED);
            assertThat(client.ancEndpointByMac(mac)).hasValueSatisfying(e -> assertThat(e.policyName())
                    .isEqualTo("Quarantine"));
            assertThat(s.sims.iseErs().quarantined()).containsEntry(mac, "Quarantine");
            HttpResponse<String> list = get("/ers/config/ancendpoint");
            Shapes.assertSameShape("ise/ers-ancendpoint-list.json", list.body());
            String id = Shapes.parse(list.body()).at("/SearchResult/resources/0/id").asText();
            Shapes.assertSameShape("ise/ers-ancendpoint-get-by-id.json", get("/ers/config/ancendpoint/" + id).body());
            Finding f = adapter.enrich(new Observable(ObservableType.MAC, mac.toLowerCase(Locale.ROOT)));
            assertThat(f.hosts().get(0).containment()).contains("Quarantine");
            assertThat(client.clearByMac(mac, "Quarantine")).isEqualTo(AncOutcome.CLEARED);
            assertThat(client.clearByMac(mac, "Quarantine")).isEqualTo(AncOutcome.NOT_APPLIED);
            assertThat(client.ancEndpointByMac(mac)).isEmpty();
        }
    }

    @Test
    void putWithoutCsrfTokenIsRefusedAndUnknownPolicyExplained() {
        String body = "{\"OperationAdditionalData\":{\"additionalData\":[{\"name\":\"macAddress\",\"value\":\""
                + "00:50:56:A1:B2:07\"},{\"name\":\"policyName\",\"value\":\"Nope\"}]}}";
        HttpResponse<String> r = s.send("PUT", s.base("ise") + "/ers/config/ancendpoint/apply", body,
                "Authorization", auth, "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(s.sims.iseErs().quarantined()).doesNotContainKey("00:50:56:A1:B2:07");
    }

    @Test
    void shapesAndAuth() {
        Shapes.assertSameShape("ise/ers-ancpolicy-list.json", get("/ers/config/ancpolicy").body());
        Shapes.assertSameShape("ise/ers-ancpolicy-get-by-id.json", get("/ers/config/ancpolicy/name/Quarantine").body());
        HttpResponse<String> bad = s.send("GET", s.base("ise") + "/ers/config/ancpolicy", null, "Authorization",
                SimServer.basic("demo-ers", "wrong"));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("HTTP Status 401");
        HttpResponse<String> mnt = s.send("GET", s.base("ise.mnt_url") + "/admin/API/mnt/Session/MACAddress/"
                + s.company.infected().mac().toUpperCase(Locale.ROOT), null, "Authorization", auth);
        assertThat(mnt.body()).contains("<framed_ip_address>10.10.20.42</framed_ip_address>",
                "<user_name>ACME\\jdoe</user_name>");
        assertThat(s.send("GET", s.base("ise.mnt_url") + "/admin/API/mnt/Session/ActiveCount", null,
                "Authorization", SimServer.basic("x", "y")).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path) {
        return s.send("GET", s.base("ise") + path, null, "Authorization", auth, "Accept", "application/json");
    }
}

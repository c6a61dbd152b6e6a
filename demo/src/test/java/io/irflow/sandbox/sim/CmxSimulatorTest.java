package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.cmx.CmxEnrichment;
import io.irflow.adapters.cmx.CmxConfig;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.sandbox.Company;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class CmxSimulatorTest {
    static SimServer s;
    static CmxEnrichment adapter;

    @BeforeAll
    static void start() {
        s = new SimServer();
        adapter = new CmxEnrichment(new CmxConfig(HttpSettings.of(s.base("cmx")), s.creds.cmxUser(), s.creds.cmxPassword()));
    }

    @AfterAll
    static void stop() {
        adapter.close();
        s.close();
    }

    @Test
    void everyWorkstationIsOnItsFloorAndNoWiredServerIsLocated() throws Exception {
        adapter.probe();
        for (Company.Host h : s.company.hosts()) {
            for (Observable o : new Observable[]{new Observable(ObservableType.MAC, h.mac()),
                    new Observable(ObservableType.IPV4, h.ip())}) {
                Finding f = adapter.enrich(o);
                if (h.server()) {
                    assertThat(f.location()).as(o.toString()).isNull();
                    continue;
                }
                assertThat(f.location()).as(o.toString()).isNotNull();
                assertThat(f.location().mapHierarchy()).isEqualTo("Acme HQ > " + h.building() + " > " + h.floor());
                assertThat(f.location().x()).isEqualTo(h.x());
            }
        }
        assertThat(s.company.hosts()).filteredOn(Company.Host::server).isNotEmpty();
        assertThat(s.company.infected().floor()).isEqualTo("Floor 3");
        assertThat(adapter.enrich(new Observable(ObservableType.IPV4, "192.0.2.9")).known()).isFalse();
    }

    @Test
    void shapesAndAuth() {
        String a = SimServer.basic(s.creds.cmxUser(), s.creds.cmxPassword());
        HttpResponse<String> r = s.send("GET", s.base("cmx") + "/api/location/v2/clients?ipAddress="
                + s.company.infected().ip(), null, "Authorization", a);
        Shapes.assertSameShape("cmx/location-v2-clients-sandbox.json", r.body());
        Shapes.assertSameShape("cmx/location-v2-clients-count.json",
                s.send("GET", s.base("cmx") + "/api/location/v2/clients/count", null, "Authorization", a).body());
        HttpResponse<String> none = s.send("GET", s.base("cmx") + "/api/location/v2/clients?macAddress=00:00:00:00:00:01",
                null, "Authorization", a);
        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        assertThat(s.send("GET", s.base("cmx") + "/api/location/v2/clients/count", null, "Authorization",
                SimServer.basic("demo-cmx", "bad")).statusCode()).isEqualTo(401);
    }
}

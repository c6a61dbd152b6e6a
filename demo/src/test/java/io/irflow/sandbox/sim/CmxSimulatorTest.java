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

    @Test
    void theInfectedHostsFloorHasAPlanThatIrflowReadsByImageNameAndByFloorNames() throws Exception {
        Company.Host h = s.company.infected();
        Finding f = adapter.enrich(new Observable(ObservableType.IPV4, h.ip()));
        io.irflow.capabilities.Location where = f.location();
        assertThat(where.onFloor()).isTrue();
        assertThat(where.floor().imageName()).isEqualTo("acme_Building_1_Floor_3.png");
        assertThat(where.x()).isLessThan(where.floor().width());
        assertThat(where.y()).isLessThan(where.floor().length());
        try (var maps = new io.irflow.adapters.cmx.CmxFloorMaps(new CmxConfig(HttpSettings.of(s.base("cmx")),
                s.creds.cmxUser(), s.creds.cmxPassword()))) {
            var plan = maps.plan(where.floor(), java.time.Duration.ofSeconds(5)).orElseThrow();
            var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(plan.image()));
            assertThat(image.getWidth()).isEqualTo(FloorPlans.WIDTH_PX);
            var unnamed = new io.irflow.capabilities.Location.Floor(Company.CAMPUS, h.building(), h.floor(), null, null,
                    null);
            assertThat(maps.plan(unnamed, java.time.Duration.ofSeconds(5))).as("map info, then the image by name")
                    .hasValueSatisfying(p -> assertThat(p.width()).isEqualTo(FloorPlans.WIDTH_FT));
            var elsewhere = new io.irflow.capabilities.Location.Floor(Company.CAMPUS, "Building 9", "Roof", null, null,
                    null);
            assertThat(maps.plan(elsewhere, java.time.Duration.ofSeconds(5))).isEmpty();
        }
        String a = SimServer.basic(s.creds.cmxUser(), s.creds.cmxPassword());
        assertThat(s.send("GET", s.base("cmx") + "/api/config/v1/maps/imagesource/acme_Building_1_Floor_3.png", null,
                "Authorization", SimServer.basic("demo-cmx", "bad")).statusCode()).isEqualTo(401);
        assertThat(s.send("GET", s.base("cmx") + "/api/config/v1/maps/image/Acme%20HQ/Building%201/Floor%203", null,
                "Authorization", a).statusCode()).isEqualTo(200);
    }
}

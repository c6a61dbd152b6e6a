package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.amp.AmpEnrichment;
import io.irflow.adapters.amp.AmpHostDirectory;
import io.irflow.adapters.amp.AmpConfig;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AmpSimulatorTest {
    static SimServer s;
    static AmpEnrichment adapter;
    static String auth;

    @BeforeAll
    static void start() {
        s = new SimServer();
        s.clock.advance(AmpSimulator.FIRST_ALERT.plusSeconds(10));
        adapter = new AmpEnrichment(new AmpConfig(HttpSettings.of(s.base("amp4e")), null, s.creds.ampClientId(),
                s.creds.ampApiKey()));
        auth = SimServer.basic(s.creds.ampClientId(), s.creds.ampApiKey());
    }

    @AfterAll
    static void stop() {
        adapter.close();
        s.close();
    }

    private HttpResponse<String> get(String path) {
        return s.send("GET", s.base("amp4e") + path, null, "Authorization", auth);
    }

    @Test
    void infectedHostIsMaliciousWithEvents() throws Exception {
        Finding f = adapter.enrich(new Observable(ObservableType.HOSTNAME, "WKS-FIN-042"));
        assertThat(f.known()).isTrue();
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(f.facts()).anySatisfy(x -> assertThat(x.value()).contains("Executed malware"));
        assertThat(f.hosts()).extracting(HostDetails::hostname).containsExactly("WKS-FIN-042");
        assertThat(f.hosts().get(0).macs()).contains("00:50:56:a1:b2:42");
        assertThat(f.facts()).anySatisfy(x -> assertThat(x.title()).isEqualTo("Isolation"));
    }

    @Test
    void cleanHostIsClean() throws Exception {
        Finding f = adapter.enrich(new Observable(ObservableType.HOSTNAME, "MAC-ENG-113"));
        assertThat(f.known()).isTrue();
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.CLEAN);
    }

    @Test
    void hashIsDetectedAndSeenOnTwoHosts() throws Exception {
        Finding f = adapter.enrich(new Observable(ObservableType.SHA256, s.company.threat().sha256()));
        assertThat(f.verdict().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(f.hosts()).extracting(HostDetails::hostname).contains("WKS-FIN-042", "WKS-HR-007");
    }

    @Test
    void c2DomainIpAndUrlSeenOnInfectedHost() throws Exception {
        for (Observable o : new Observable[]{new Observable(ObservableType.DOMAIN, s.company.threat().c2Domain()),
                new Observable(ObservableType.IPV4, s.company.threat().c2Ip()),
                new Observable(ObservableType.URL, s.company.threat().url())}) {
            Finding f = adapter.enrich(o);
            assertThat(f.known()).as(o.toString()).isTrue();
            assertThat(f.hosts()).extracting(HostDetails::hostname).containsExactly("WKS-FIN-042");
        }
        assertThat(adapter.enrich(new Observable(ObservableType.DOMAIN, "example.org")).known()).isFalse();
        assertThat(adapter.enrich(new Observable(ObservableType.HOSTNAME, "NOPE-1")).known()).isFalse();
    }

    @Test
    void web01_names_two_computers_and_each_fqdn_names_one() throws Exception {
        try (AmpHostDirectory directory = new AmpHostDirectory(new AmpConfig(HttpSettings.of(s.base("amp4e")), null,
                s.creds.ampClientId(), s.creds.ampApiKey()))) {
            assertThat(directory.hostsNamed("web01")).containsExactly("web01.corp.example.com", "web01.dmz.example.com");
            assertThat(directory.hostsNamed("web01.dmz.example.com")).containsExactly("web01.dmz.example.com");
        }
        Finding dmz = adapter.enrich(new Observable(ObservableType.HOSTNAME, "web01.dmz.example.com"));
        assertThat(dmz.verdict().disposition()).isEqualTo(Disposition.CLEAN);
        assertThat(dmz.hosts()).singleElement().satisfies(h -> {
            assertThat(h.ips()).contains("10.20.0.21").doesNotContain("10.10.0.21");
            assertThat(h.macs()).containsExactly("00:50:56:a1:20:21");
        });
        JsonNode linux = Shapes.parse(get("/v1/computers?hostname[]=web01.corp").body()).at("/data/0");
        assertThat(linux.get("operating_system").asText()).isEqualTo("Ubuntu 22.04");
        assertThat(linux.get("os_version").asText()).isEqualTo("22.04");
        assertThat(linux.has("windows_processor_id")).isFalse();
        assertThat(linux.at("/isolation/available").asBoolean()).isFalse();
    }

    @Test
    void newEventsAppearAfterStart() {
        try (SimServer fresh = new SimServer()) {
            String url = fresh.base("amp4e") + "/v1/events?connector_guid[]=" + fresh.company.infected().connectorGuid();
            String a = SimServer.basic(fresh.creds.ampClientId(), fresh.creds.ampApiKey());
            assertThat(Shapes.parse(fresh.send("GET", url, null, "Authorization", a).body()).get("data")).isEmpty();
            fresh.clock.advance(Duration.ofSeconds(20));
            JsonNode data = Shapes.parse(fresh.send("GET", url, null, "Authorization", a).body()).get("data");
            assertThat(data).hasSize(3);
            assertThat(data.get(0).get("event_type_id").asLong()).isEqualTo(1107296272L);
        }
    }

    @Test
    void shapesMatchTheSamples() {
        Shapes.assertSameShape("amp/computers-list-38-demo-computers.json", get("/v1/computers?hostname[]=WKS").body());
        Shapes.assertSameShape("amp/computers-activity-sha256-single-hit.json",
                get("/v1/computers/activity?q=" + s.company.threat().sha256()).body());
        HttpResponse<String> events = get("/v1/events?limit=1&detection_sha256=" + s.company.threat().sha256());
        Shapes.assertSameShape("amp/events-by-detection-sha256-page1-with-next-link.json", events.body());
        String next = Shapes.parse(events.body()).at("/metadata/links/next").asText();
        assertThat(next).startsWith(s.base("amp4e") + "/v1/events?").contains("offset=1");
        Shapes.assertSameShape("amp/file-lists-simple-custom-detections-page.json",
                get("/v1/file_lists/simple_custom_detections").body(), "$.metadata.links.prev", "$.metadata.links.next");
        HttpResponse<String> bad = s.send("GET", s.base("amp4e") + "/v1/computers", null, "Authorization",
                SimServer.basic("demo-amp-client", "wrong"));
        assertThat(bad.statusCode()).isEqualTo(401);
        Shapes.assertSameShape("amp/error-401-unknown-api-key.json", bad.body());
    }

    @Test
    void isolationIsKeptAndSettles() {
        String guid = s.company.hosts().get(1).connectorGuid();
        String url = s.base("amp4e") + "/v1/computers/" + guid + "/isolation";
        HttpResponse<String> put = s.send("PUT", url, "{\"comment\":\"IR\"}", "Authorization", auth,
                "Content-Type", "application/json");
        assertThat(put.statusCode()).isEqualTo(200);
        Shapes.assertSameShape("amp/isolation-put-pending-start.json", put.body());
        assertThat(s.send("PUT", url, null, "Authorization", auth).statusCode()).isEqualTo(409);
        s.clock.advance(Duration.ofSeconds(3));
        HttpResponse<String> got = get("/v1/computers/" + guid + "/isolation");
        Shapes.assertSameShape("amp/isolation-get-isolated-authored.json", got.body());
        assertThat(Shapes.parse(got.body()).at("/data/status").asText()).isEqualTo("isolated");
        assertThat(Shapes.parse(get("/v1/computers/" + guid).body()).at("/data/isolation/status").asText())
                .isEqualTo("isolated");
        HttpResponse<String> stop = s.send("DELETE", url, null, "Authorization", auth);
        assertThat(stop.statusCode()).isEqualTo(200);
        Shapes.assertSameShape("amp/isolation-delete-pending-stop-authored.json", stop.body());
        assertThat(Shapes.parse(get("/v1/computers/" + guid + "/isolation").body()).at("/data/status").asText())
                .isEqualTo("pending_stop");
        s.clock.advance(Duration.ofSeconds(3));
        assertThat(Shapes.parse(get("/v1/computers/" + guid + "/isolation").body()).at("/data/status").asText())
                .isEqualTo("not_isolated");
        String server = s.company.hosts().get(3).connectorGuid();
        assertThat(s.send("PUT", s.base("amp4e") + "/v1/computers/" + server + "/isolation", null,
                "Authorization", auth).statusCode()).isEqualTo(409);
    }

    @Test
    void fileListKeepsBlockedHashes() {
        String sha = s.company.threat().sha256();
        String url = s.base("amp4e") + "/v1/file_lists/" + AmpContainment.SCD_GUID + "/files/" + sha;
        assertThat(get("/v1/file_lists/" + AmpContainment.SCD_GUID + "/files/" + sha).statusCode()).isEqualTo(404);
        HttpResponse<String> add = s.send("POST", url, "{\"description\":\"irflow\"}", "Authorization", auth,
                "Content-Type", "application/json");
        assertThat(add.statusCode()).isEqualTo(201);
        Shapes.assertSameShape("amp/file-list-item-add-201.json", add.body());
        assertThat(get("/v1/file_lists/" + AmpContainment.SCD_GUID + "/files").body()).contains(sha);
        HttpResponse<String> del = s.send("DELETE", url, null, "Authorization", auth);
        Shapes.assertSameShape("amp/file-list-item-delete-200.json", del.body());
        assertThat(get("/v1/file_lists/" + AmpContainment.SCD_GUID + "/files/" + sha).statusCode()).isEqualTo(404);
    }
}

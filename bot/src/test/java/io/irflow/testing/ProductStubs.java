package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Every product irflow enriches from, played by one WireMock under a path prefix each, answering from the reference
 * fixtures for one consistent set of observables: the AMP demo host {@link #HOST} (its IP {@link #HOST_IP} and MAC
 * {@link #HOST_MAC} are also what ISE and CMX report), the domain {@link #DOMAIN}, the URL {@link #URL} and the
 * SHA-256 {@link #SHA256}. Other values get the same shapes by pattern (for the benchmark) or "nothing known".
 * <p>Fixture edits, all textual and listed here: the AMP computer {@code Demo_Command_Line_Arguments_Kovter} is
 * renamed {@code Demo-Kovter} (an underscore is not a host-name character, so the parser would not take it); the
 * AMP threat event, ISE session and CMX client are moved onto that computer's guid, IP and MAC; Threat Response
 * and VirusTotal answers carry the asked value.
 */
public final class ProductStubs {
    public static final String HOST = "demo-kovter";
    public static final String HOST_NAME_IN_AMP = "Demo-Kovter";
    public static final String HOST_GUID = "d89ca962-be71-4ac4-8624-8e26380b8e3f";
    public static final String HOST_IP = "40.116.21.42";
    public static final String HOST_MAC = "e6:e7:c3:e1:8a:c4";
    public static final String DOMAIN = "internetbadguys.com";
    public static final String URL = "https://www.dropbox.com/s/qmi112rc4ns75eb/Confidential_123.xls?dl=1";
    public static final String SHA256 = "b630e72639cc7340620adb0cfc26332ec52fe8867b769695f2d25718d68b1b40";

    public static final String AMP_ID = "amp-client-id";
    public static final String AMP_KEY = "amp-api-key";
    public static final String INVESTIGATE_TOKEN = "umbrella-investigate-token";
    public static final String TG_KEY = "threatgrid-api-key";
    public static final String TR_ID = "client-91743ba3";
    public static final String TR_SECRET = "tr-client-secret";
    public static final String ISE_USER = "ers-operator";
    public static final String ISE_PASSWORD = "ise-password";
    public static final String CMX_USER = "cmx-reader";
    public static final String CMX_PASSWORD = "cmx-password";
    public static final String VT_KEY = "virustotal-api-key";

    /** One product: its config section, the path prefix it is served under and the name cards show. */
    public enum Product {
        AMP("/amp", "AMP for Endpoints"),
        INVESTIGATE("/investigate", "Umbrella Investigate"),
        THREATGRID("/tg", "Threat Grid"),
        THREATRESPONSE("/tr", "Threat Response"),
        ISE_ERS("/ise-ers", "ISE"),
        ISE_MNT("/ise-mnt", "ISE"),
        CMX("/cmx", "CMX"),
        VIRUSTOTAL("/vt", "VirusTotal");

        public final String prefix;
        public final String displayName;

        Product(String prefix, String displayName) {
            this.prefix = prefix;
            this.displayName = displayName;
        }
    }

    private static final int NORMAL = 5;
    private static final int SPECIFIC = 3;
    private static final int OVERRIDE = 1;

    private final WireMock wm;
    private final String baseUrl;
    private final Map<String, String> replacements = new LinkedHashMap<>();
    private Duration delay = Duration.ZERO;

    /** @param wm a client of the WireMock that plays the products; {@code baseUrl} is that server's root URL */
    public ProductStubs(WireMock wm, String baseUrl) {
        this.wm = wm;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** Every product response registered after this waits {@code delay} (the benchmark's L). */
    public ProductStubs delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Replaces text in every fixture body registered after this (e.g. to plant markdown in a product field). */
    public ProductStubs replacing(String text, String with) {
        replacements.put(text, with);
        return this;
    }

    /** Basic auth header value. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The bearer the Threat Response token fixture hands out. */
    public static String trBearer() {
        return "Bearer " + Fixtures.json("fixtures/threatresponse/oauth2-token-response-docs-example.json")
                .get("access_token").asText();
    }

    /** YAML for every product section (and a high VirusTotal quota), pointed at this WireMock. */
    public String yaml() {
        return """
                amp4e:
                  url: "%1$s/amp"
                  client_id: "%2$s"
                  api_key: "%3$s"
                investigate:
                  url: "%1$s/investigate"
                  token: "%4$s"
                threatgrid:
                  url: "%1$s/tg"
                  api_key: "%5$s"
                threatresponse:
                  url: "%1$s/tr"
                  client_id: "%6$s"
                  client_secret: "%7$s"
                ise:
                  url: "%1$s/ise-ers"
                  mnt_url: "%1$s/ise-mnt"
                  username: "%8$s"
                  password: "%9$s"
                  anc_policy: ANC_Quarantine
                cmx:
                  url: "%1$s/cmx"
                  username: "%10$s"
                  password: "%11$s"
                virustotal:
                  url: "%1$s/vt"
                  api_key: "%12$s"
                  requests_per_minute: 100000
                """.formatted(baseUrl, AMP_ID, AMP_KEY, INVESTIGATE_TOKEN, TG_KEY, TR_ID, TR_SECRET, ISE_USER,
                ISE_PASSWORD, CMX_USER, CMX_PASSWORD, VT_KEY);
    }

    /** Registers every product's stubs. */
    public ProductStubs stubAll() {
        amp();
        investigate();
        threatGrid();
        threatResponse();
        ise();
        cmx();
        virusTotal();
        return this;
    }

    /** Every request to the product answers 503. */
    public void down(Product product) {
        wm.register(get(urlPathMatching(product.prefix + "/.*")).atPriority(OVERRIDE)
                .willReturn(aResponse().withStatus(503).withBody("maintenance")));
        wm.register(post(urlPathMatching(product.prefix + "/.*")).atPriority(OVERRIDE)
                .willReturn(aResponse().withStatus(503).withBody("maintenance")));
    }

    /** Every request to the product answers only after {@code after} (set it beyond the lookup timeout). */
    public void hanging(Product product, Duration after) {
        wm.register(get(urlPathMatching(product.prefix + "/.*")).atPriority(OVERRIDE)
                .willReturn(aResponse().withStatus(200).withFixedDelay((int) after.toMillis()).withBody("{}")));
        wm.register(post(urlPathMatching(product.prefix + "/.*")).atPriority(OVERRIDE)
                .willReturn(aResponse().withStatus(200).withFixedDelay((int) after.toMillis()).withBody("{}")));
    }

    // --- AMP for Endpoints: /v1/computers, /v1/events, /v1/computers/activity, /v1/version

    private void amp() {
        String p = Product.AMP.prefix;
        String computers = Fixtures.write(kovterList());
        json(get(urlPathEqualTo(p + "/v1/computers")).withQueryParam("hostname[]", matching("(?i)" + HOST + ".*")),
                SPECIFIC, computers);
        json(get(urlPathEqualTo(p + "/v1/computers")).withQueryParam("internal_ip", matching(".+")), NORMAL, computers);
        json(get(urlPathEqualTo(p + "/v1/computers")), NORMAL + 1, fixture("amp/empty-list-authored.json"));
        String hostEvents = fixture("amp/events-executed-malware-1107296272-authored.json")
                .replace("6c0c5f52-8992-4ae7-80c0-c10a3f3973b7", HOST_GUID)
                .replace("FIN-LT-0042.corp.example.com", HOST_NAME_IN_AMP)
                .replace("10.20.30.41", HOST_IP).replace("00:50:56:9a:4b:1c", HOST_MAC);
        json(get(urlPathEqualTo(p + "/v1/events")).withQueryParam("connector_guid[]", matching(".+")), NORMAL, hostEvents);
        json(get(urlPathEqualTo(p + "/v1/events")).withQueryParam("detection_sha256", matching(".+")), NORMAL,
                fixture("amp/events-by-detection-sha256-page1-with-next-link.json"));
        String seen = fixture("amp/computers-activity-sha256-single-hit.json")
                .replace("https://api.amp.cisco.com", baseUrl + p);
        json(get(urlPathEqualTo(p + "/v1/computers/activity")).withQueryParam("q", matching("(?i)[0-9a-f]{64}")),
                NORMAL, seen);
        json(get(urlPathEqualTo(p + "/v1/computers/activity")).withQueryParam("q", equalTo(DOMAIN)), SPECIFIC, seen);
        json(get(urlPathEqualTo(p + "/v1/computers/activity")), NORMAL + 1, fixture("amp/empty-list-authored.json"));
        json(get(urlPathEqualTo(p + "/v1/version")), NORMAL, "{\"version\":\"v1.2.0\",\"data\":{}}");
    }

    /** The sample's Kovter demo computer alone, renamed to a valid host name. */
    private ObjectNode kovterList() {
        ObjectNode list = (ObjectNode) read(fixture("amp/computers-list-38-demo-computers.json"));
        ArrayNode only = list.putArray("tmp");
        for (JsonNode c : list.get("data")) {
            if (HOST_GUID.equals(c.path("connector_guid").asText())) {
                only.add(((ObjectNode) c.deepCopy()).put("hostname", HOST_NAME_IN_AMP));
            }
        }
        list.set("data", only);
        list.remove("tmp");
        ObjectNode results = (ObjectNode) list.path("metadata").path("results");
        results.put("total", 1).put("current_item_count", 1);
        return list;
    }

    // --- Umbrella Investigate: categorization, security, risk score, latest domains, category names

    private void investigate() {
        String p = Product.INVESTIGATE.prefix;
        json(get(urlPathEqualTo(p + "/domains/categories")), NORMAL, fixture("umbrella-investigate/domain-categories-legacy-map.json"));
        json(get(urlPathEqualTo(p + "/domains/categorization/" + DOMAIN)), SPECIFIC,
                fixture("umbrella-investigate/categorization-post-bulk-ids.json"));
        json(get(urlPathEqualTo(p + "/domains/categorization/example.com")), SPECIFIC,
                fixture("umbrella-investigate/categorization-get-example-com-ids.json"));
        wm.register(get(urlPathMatching(p + "/domains/categorization/.*")).atPriority(NORMAL)
                .willReturn(delayed(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessage\":\"Not found\"}"))));
        json(get(urlPathMatching(p + "/security/name/.*")), NORMAL, fixture("umbrella-investigate/security-name-test-com.json"));
        json(get(urlPathMatching(p + "/domains/risk-score/.*")), NORMAL, fixture("umbrella-investigate/risk-score-bibikun-ru.json"));
        json(get(urlPathMatching(p + "/ips/.*/latest_domains")), NORMAL, fixture("umbrella-investigate/latest-domains-for-ip.json"));
    }

    // --- Threat Grid: submission search, sample feeds, whoami

    private void threatGrid() {
        String p = Product.THREATGRID.prefix;
        json(get(urlPathEqualTo(p + "/api/v2/search/submissions")).withQueryParam("q", matching("(?i)[0-9a-f]{64}")),
                NORMAL, fixture("threatgrid/search-submissions-by-sha256-two-items-authored.json").replace(
                        "b630e72639cc7340620adb0cfc26332ec52fe8867b769695f2d25718d68b1b40", SHA256));
        json(get(urlPathEqualTo(p + "/api/v2/search/submissions")).withQueryParam("term", matching("domain|ip")),
                NORMAL, fixture("threatgrid/search-submissions-by-md5-one-item.json"));
        json(get(urlPathEqualTo(p + "/api/v2/search/submissions")), NORMAL + 1,
                fixture("threatgrid/search-submissions-empty-derived.json"));
        json(get(urlPathEqualTo(p + "/api/v2/samples/feeds/domains")), NORMAL,
                fixture("threatgrid/samples-feeds-domains-by-sample-authored.json"));
        json(get(urlPathEqualTo(p + "/api/v2/samples/feeds/ips")), NORMAL,
                fixture("threatgrid/samples-feeds-ips-by-sample-authored.json"));
        json(get(urlPathEqualTo(p + "/api/v3/session/whoami")), NORMAL, "{\"data\":{\"login\":\"irflow\"}}");
    }

    // --- Threat Response: OAuth2 token, deliberate, observe, inspect, settings

    private void threatResponse() {
        String p = Product.THREATRESPONSE.prefix;
        json(post(urlPathEqualTo(p + "/iroh/oauth2/token")), NORMAL,
                fixture("threatresponse/oauth2-token-response-docs-example.json"));
        String deliberate = p + "/iroh/iroh-enrich/deliberate/observables";
        json(post(urlPathEqualTo(deliberate)).withRequestBody(matchingJsonPath("$[0].type", equalTo("ip"))), NORMAL,
                fixture("threatresponse/deliberate-response-eu-ip-talos-malicious.json").replace("45.146.165.37", HOST_IP));
        json(post(urlPathEqualTo(deliberate)).withRequestBody(matchingJsonPath("$[0].type", equalTo("domain"))), NORMAL,
                fixture("threatresponse/deliberate-response-talos-clean-amp-filerep-empty-legacy-module-type-key.json")
                        .replace("cisco.com", DOMAIN));
        json(post(urlPathEqualTo(deliberate)), NORMAL + 1, fixture("threatresponse/enrich-response-empty-authored.json"));
        String observe = p + "/iroh/iroh-enrich/observe/observables";
        json(post(urlPathEqualTo(observe)).withRequestBody(matchingJsonPath("$[0].type", equalTo("sha256"))), NORMAL,
                fixture("threatresponse/observe-response-sha256-amp-filerep-and-siem-sightings-with-error.json"));
        json(post(urlPathEqualTo(observe)), NORMAL + 1, fixture("threatresponse/enrich-response-empty-authored.json"));
        json(post(urlPathEqualTo(p + "/iroh/iroh-inspect/inspect")), NORMAL, "[]");
        json(get(urlPathEqualTo(p + "/iroh/iroh-enrich/settings")), NORMAL, "{}");
    }

    // --- ISE: MnT sessions (XML) and ERS ANC endpoints/policies (JSON)

    private void ise() {
        String mnt = Product.ISE_MNT.prefix + "/admin/API/mnt";
        String session = fixture("ise/mnt-session-by-ip-dot1x-passed.xml").replace("10.20.30.45", HOST_IP)
                .replace("00:50:56:A1:3C:7E", HOST_MAC.toUpperCase());
        xml(get(urlPathMatching(mnt + "/Session/EndPointIPAddress/.*")), session);
        xml(get(urlPathMatching(mnt + "/Session/MACAddress/.*")), session);
        xml(get(urlPathEqualTo(mnt + "/Session/ActiveCount")), fixture("ise/mnt-active-count.xml"));
        String ers = Product.ISE_ERS.prefix + "/ers/config";
        json(get(urlPathEqualTo(ers + "/ancendpoint")), NORMAL, fixture("ise/ers-ancendpoint-list-empty.json"));
        json(get(urlPathEqualTo(ers + "/ancpolicy")), NORMAL, fixture("ise/ers-ancpolicy-list.json"));
    }

    // --- CMX: Location API v2 clients

    private void cmx() {
        String clients = Product.CMX.prefix + "/api/location/v2/clients";
        String client = fixture("cmx/location-v2-clients-by-ip.json").replace("10.20.30.45", HOST_IP)
                .replace("f4:8c:50:53:bc:09", HOST_MAC);
        json(get(urlPathEqualTo(clients)).withQueryParam("ipAddress", matching(".+")), NORMAL, client);
        json(get(urlPathEqualTo(clients)).withQueryParam("macAddress", matching(".+")), NORMAL, client);
        json(get(urlPathEqualTo(clients + "/count")), NORMAL, fixture("cmx/location-v2-clients-count.json"));
    }

    // --- VirusTotal v3: files, domains, IP addresses, URLs

    private void virusTotal() {
        String p = Product.VIRUSTOTAL.prefix;
        json(get(urlPathMatching(p + "/files/.*")), NORMAL,
                fixture("virustotal/v3-file-malicious-with-threat-classification.json")
                        .replace("001015aafcae8a6942366cbb0e7d39c0738752a7800c41ea1c655d47b0a4d04c", SHA256));
        for (String domain : List.of(DOMAIN, "example.com")) {
            json(get(urlPathEqualTo(p + "/domains/" + domain)), SPECIFIC,
                    fixture("virustotal/v3-domain-haiku-os-org.json").replace("haiku-os.org", domain));
        }
        json(get(urlPathMatching(p + "/domains/.*")), NORMAL, fixture("virustotal/v3-domain-haiku-os-org.json"));
        json(get(urlPathMatching(p + "/ip_addresses/.*")), NORMAL,
                fixture("virustotal/v3-ip-address-8.8.8.8.json").replace("8.8.8.8", HOST_IP));
        json(get(urlPathMatching(p + "/urls/.*")), NORMAL, fixture("virustotal/v3-url-malicious.json"));
    }

    // --- plumbing

    private void json(MappingBuilder request, int priority, String body) {
        wm.register(request.atPriority(priority).willReturn(delayed(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(edited(body)))));
    }

    private void xml(MappingBuilder request, String body) {
        wm.register(request.atPriority(NORMAL).willReturn(delayed(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withBody(edited(body)))));
    }

    private ResponseDefinitionBuilder delayed(ResponseDefinitionBuilder response) {
        return delay.isZero() ? response : response.withFixedDelay((int) delay.toMillis());
    }

    private String edited(String body) {
        String out = body;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            out = out.replace(r.getKey(), r.getValue());
        }
        return out;
    }

    private static String fixture(String path) {
        return Fixtures.text("fixtures/" + path);
    }

    private static JsonNode read(String text) {
        try {
            return io.irflow.json.Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

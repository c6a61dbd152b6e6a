package io.irflow.adapters.ise;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.ise.dto.AncEndpoint;
import io.irflow.adapters.ise.dto.AncPolicy;
import io.irflow.adapters.ise.dto.AncRequest;
import io.irflow.adapters.ise.dto.ErsResponse;
import io.irflow.adapters.ise.dto.ErsSearchResult;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.GetRequest;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/**
 * Raw calls to the ISE External RESTful Services (ERS) API under {@code /ers/config} (JSON, HTTP Basic).
 * Session cookies are kept by the Unirest instance, as ISE wants one reused session.
 */
public final class IseClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IseClient.class);
    static final String BASE = "/ers/config";
    /** Upper bound on per-id GETs when ISE returns more ANC endpoints than the MAC filter should allow. */
    static final int MAX_ANC_LOOKUPS = 20;

    private final ProductHttp http;
    private final String username;
    private final String password;
    private final String host;

    public IseClient(IseConfig config) {
        this.http = new ProductHttp(IseEnrichment.SOURCE, config.url());
        this.host = config.url().host();
        this.username = config.username();
        this.password = config.password();
    }

    /** The ERS host, e.g. "ise.example.com" (what a dry run names). */
    public String host() {
        return host;
    }

    /**
     * The ANC assignment of one MAC, or empty when none: {@code GET /ers/config/ancendpoint?filter=macAddress.EQ.{MAC}}
     * then {@code GET /ers/config/ancendpoint/{id}} (list entries carry no MAC on ISE 2.7).
     * Filtering ANC endpoints is unconfirmed (docs/reference/ise.md#anc-assignments; Cisco's resource definition names
     * the attribute {@code macAddress}), so each fetched entry's MAC is compared here, a 400 falls back to the plain
     * list, and at most {@link #MAX_ANC_LOOKUPS} entries of the first page are fetched.
     */
    public Optional<AncEndpoint> ancEndpointByMac(String upperMac) throws AdapterException {
        ErsSearchResult list;
        try {
            list = ancEndpoints("macAddress.EQ." + upperMac);
        } catch (AdapterException e) {
            if (e.kind() != Kind.BAD_INPUT) {
                throw e;
            }
            list = ancEndpoints(null);
        }
        int checked = 0;
        for (ErsSearchResult.Resource r : list.resources()) {
            if (checked >= MAX_ANC_LOOKUPS) {
                break;
            }
            if (r == null || r.id() == null) {
                continue;
            }
            checked++;
            Optional<AncEndpoint> endpoint = ancEndpoint(r.id());
            if (endpoint.isPresent() && upperMac.equalsIgnoreCase(endpoint.get().macAddress())) {
                return endpoint;
            }
        }
        if (list.total() > checked) {
            LOG.warn("ISE lists {} ANC endpoints; checked {} of them for {}", list.total(), checked, upperMac);
        }
        return Optional.empty();
    }

    /** One ANC endpoint by id, empty on 404: {@code GET /ers/config/ancendpoint/{id}}. */
    public Optional<AncEndpoint> ancEndpoint(String id) throws AdapterException {
        HttpResponse<String> resp = send(get(http.path("ancendpoint", id)));
        if (resp.getStatus() == 404) {
            return Optional.empty();
        }
        AncEndpoint.Envelope env = http.parse(http.expectOk(resp), AncEndpoint.Envelope.class);
        return Optional.ofNullable(env.endpoint());
    }

    /** An ANC policy by its exact name, empty on 404: {@code GET /ers/config/ancpolicy/name/{name}}. */
    public Optional<AncPolicy> ancPolicy(String name) throws AdapterException {
        HttpResponse<String> resp = send(get(http.path("ancpolicy", "name", name)));
        if (resp.getStatus() == 404) {
            return Optional.empty();
        }
        AncPolicy.Envelope env = http.parse(http.expectOk(resp), AncPolicy.Envelope.class);
        return Optional.ofNullable(env.policy());
    }

    /**
     * Applies an ANC policy to a MAC: {@code PUT /ers/config/ancendpoint/apply}; 204 on success,
     * "already associated" answered as {@link AncOutcome#ALREADY_APPLIED}.
     */
    public AncOutcome applyByMac(String upperMac, String policyName) throws AdapterException {
        return applyPolicy(upperMac, policyName).outcome();
    }

    /** As {@link #applyByMac}, with the HTTP status ISE answered. */
    public AncResult applyPolicy(String upperMac, String policyName) throws AdapterException {
        return change("/ancendpoint/apply", upperMac, policyName, AncOutcome.APPLIED);
    }

    /**
     * Clears an ANC policy from a MAC: {@code PUT /ers/config/ancendpoint/clear}; 204 on success,
     * "not associated" answered as {@link AncOutcome#NOT_APPLIED}.
     */
    public AncOutcome clearByMac(String upperMac, String policyName) throws AdapterException {
        return clearPolicy(upperMac, policyName).outcome();
    }

    /** As {@link #clearByMac}, with the HTTP status ISE answered. */
    public AncResult clearPolicy(String upperMac, String policyName) throws AdapterException {
        return change("/ancendpoint/clear", upperMac, policyName, AncOutcome.CLEARED);
    }

    /** A cheap authenticated read: {@code GET /ers/config/ancpolicy?page=1&size=1}. */
    public void ping() throws AdapterException {
        http.expectOk(send(get("/ancpolicy").queryString("page", 1).queryString("size", 1)));
    }

    private ErsSearchResult ancEndpoints(String filter) throws AdapterException {
        GetRequest req = get("/ancendpoint").queryString("page", 1).queryString("size", 100);
        if (filter != null) {
            req = req.queryString("filter", filter);
        }
        return http.parse(http.expectOk(send(req)), ErsSearchResult.class);
    }

    private AncResult change(String path, String upperMac, String policyName, AncOutcome done)
            throws AdapterException {
        String body;
        try {
            body = Json.mapper().writeValueAsString(AncRequest.byMac(upperMac, policyName));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String token = csrfToken();
        HttpRequest<?> req = http.client().put(http.url(BASE + path))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .basicAuth(username, password)
                .body(body);
        if (token != null) {
            req = req.header("X-CSRF-TOKEN", token);
        }
        HttpResponse<String> resp = send(req);
        if (resp.getStatus() >= 200 && resp.getStatus() < 300) {
            return new AncResult(done, resp.getStatus());
        }
        return new AncResult(refusal(resp, policyName), resp.getStatus());
    }

    /** Maps an apply/clear refusal: idempotent answers become outcomes, known business errors become BAD_INPUT. */
    private AncOutcome refusal(HttpResponse<String> resp, String policyName) throws AdapterException {
        int status = resp.getStatus();
        AdapterException generic = http.errorFor(resp);
        if (status == 401 || status == 403 || status == 404 || status == 429) {
            throw generic; // 401 is an HTML page; nothing to read
        }
        String text = ersText(resp.getBody()).toLowerCase(Locale.ROOT);
        if (text.contains("already associated")) {
            return AncOutcome.ALREADY_APPLIED;
        }
        if (text.contains("not associated with a policy")) {
            return AncOutcome.NOT_APPLIED;
        }
        if (text.contains("policy is not configured")) {
            throw new AdapterException(IseEnrichment.SOURCE, Kind.BAD_INPUT,
                    "ISE has no ANC policy named '" + policyName + "'", status, null, null, null);
        }
        if (text.contains("invalid mac address")) {
            throw new AdapterException(IseEnrichment.SOURCE, Kind.BAD_INPUT, "ISE rejected the MAC address", status,
                    null, null, null);
        }
        throw generic;
    }

    /** The ERSResponse message text, or empty when the body is not an ERSResponse (HTML, empty, junk). */
    private static String ersText(String body) {
        if (body == null || !body.trim().startsWith("{")) {
            return "";
        }
        try {
            return Json.mapper().readValue(body, ErsResponse.class).firstText();
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    /**
     * Fetches a CSRF token (docs/reference/ise.md#csrf): any ERS GET with {@code X-CSRF-TOKEN: fetch}; the token comes
     * back in the {@code X-CSRF-Token} header, and the session cookies set by that GET are replayed by the
     * cookie-keeping client. Returns null when ISE has CSRF checks off (no header), in which case the PUT needs
     * nothing.
     */
    private String csrfToken() throws AdapterException {
        HttpResponse<String> resp = send(get("/ancendpoint").queryString("page", 1).queryString("size", 1)
                .header("X-CSRF-TOKEN", "fetch"));
        http.expectOk(resp);
        String token = resp.getHeaders().getFirst("X-CSRF-Token");
        return token == null || token.isBlank() || token.equalsIgnoreCase("fetch") ? null : token.trim();
    }

    private GetRequest get(String path) {
        return http.client().get(http.url(BASE + path))
                .header("Accept", "application/json")
                .basicAuth(username, password);
    }

    private HttpResponse<String> send(HttpRequest<?> request) throws AdapterException {
        return http.send(request::asString);
    }

    @Override
    public void close() {
        http.close();
    }
}

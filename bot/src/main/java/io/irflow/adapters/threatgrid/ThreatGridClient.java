package io.irflow.adapters.threatgrid;

import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.threatgrid.dto.SampleFeed;
import io.irflow.adapters.threatgrid.dto.SubmissionSearch;
import io.irflow.capabilities.AdapterException;
import kong.unirest.core.GetRequest;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpResponse;

import java.util.Map;

/**
 * Raw calls to the Threat Grid v2/v3 API, following docs/reference/threatgrid.md. The API key travels as
 * the {@code api_key} query parameter, so it is in every URL: no URL is ever logged or put in an error.
 */
public final class ThreatGridClient implements AutoCloseable {
    static final String PRODUCT = "Threat Grid";

    private final ProductHttp http;
    private final String apiKey;

    public ThreatGridClient(ThreatGridConfig config) {
        this.http = new ProductHttp(PRODUCT, config.http());
        this.apiKey = config.apiKey();
    }

    /**
     * Finished analyses matching a query, highest threat score first: {@code GET /api/v2/search/submissions}
     * with {@code q}, {@code state=succ}, {@code sort_by=threat_score}, {@code sort_order=desc}, {@code limit}.
     *
     * @param term restricts the fields searched (e.g. "domain", "ip"), or null to search all
     *             (docs/reference/threatgrid.md#submission-search)
     */
    public SubmissionSearch searchSubmissions(String query, String term, int limit) throws AdapterException {
        GetRequest request = get("/api/v2/search/submissions")
                .queryString("q", query)
                .queryString("state", "succ")
                .queryString("sort_by", "threat_score")
                .queryString("sort_order", "desc")
                .queryString("limit", limit);
        if (term != null) {
            request.queryString("term", term);
        }
        return http.parse(send(request), SubmissionSearch.class);
    }

    /** Domains a sample contacted: {@code GET /api/v2/samples/feeds/domains?sample={id}&limit=}. */
    public SampleFeed contactedDomains(String sampleId, int limit) throws AdapterException {
        return feed("/api/v2/samples/feeds/domains", sampleId, limit);
    }

    /** IPs a sample contacted: {@code GET /api/v2/samples/feeds/ips?sample={id}&limit=}. */
    public SampleFeed contactedIps(String sampleId, int limit) throws AdapterException {
        return feed("/api/v2/samples/feeds/ips", sampleId, limit);
    }

    /** Checks the key with the cheapest authenticated call: {@code GET /api/v3/session/whoami}. */
    public void whoami() throws AdapterException {
        send(get("/api/v3/session/whoami"));
    }

    private SampleFeed feed(String path, String sampleId, int limit) throws AdapterException {
        GetRequest request = get(path).queryString(Map.of("sample", sampleId, "limit", limit));
        return http.parse(send(request), SampleFeed.class);
    }

    private GetRequest get(String path) {
        return http.client().get(http.url(path))
                .header("Accept", "application/json")
                .queryString("api_key", apiKey);
    }

    private String send(HttpRequest<?> request) throws AdapterException {
        HttpResponse<String> response;
        try {
            response = http.send(request::asString);
        } catch (AdapterException e) {
            // Drop the transport cause: its text may carry the request URL, and with it the api_key.
            throw new AdapterException(e.product(), e.kind(), e.getMessage(), e.status(), e.retryAfter(),
                    e.trackingId(), null);
        }
        String body = http.expectOk(response);
        if (body.isBlank()) {
            throw http.malformed(new IllegalStateException("empty body"));
        }
        return body;
    }

    @Override
    public void close() {
        http.close();
    }
}

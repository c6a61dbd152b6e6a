package io.irflow.adapters.investigate;

import com.fasterxml.jackson.databind.JavaType;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.investigate.dto.CategoryNames;
import io.irflow.adapters.investigate.dto.DomainCategorization;
import io.irflow.adapters.investigate.dto.LatestDomain;
import io.irflow.adapters.investigate.dto.RiskScore;
import io.irflow.adapters.investigate.dto.SecurityInfo;
import io.irflow.capabilities.AdapterException;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Raw calls to the Umbrella Investigate API (legacy host, static bearer token). Paths and shapes follow
 * docs/reference/umbrella-investigate.md; an HTTP 204 means "nothing known" and is returned as null.
 */
public final class InvestigateClient implements AutoCloseable {
    static final String PRODUCT = "Umbrella Investigate";

    private final ProductHttp http;
    private final String token;

    public InvestigateClient(InvestigateConfig config) {
        this.http = new ProductHttp(PRODUCT, config.http());
        this.token = config.token();
    }

    /**
     * Status and category ids of one domain: {@code GET /domains/categorization/{domain}} (ids, no showLabels).
     *
     * @return the entry for the domain, or null when the answer has none (or is a 204)
     */
    public DomainCategorization categorization(String domain) throws AdapterException {
        String body = get(http.path("domains", "categorization", domain));
        if (body.isBlank()) {
            return null;
        }
        JavaType type = Json.mapper().getTypeFactory()
                .constructMapType(Map.class, String.class, DomainCategorization.class);
        Map<String, DomainCategorization> byDomain = http.parse(body, type);
        if (byDomain == null) {
            return null;
        }
        // Keys are the queried domain, but match case-insensitively and without a trailing dot
        // (docs/reference/umbrella-investigate.md#categorization).
        String wanted = normalise(domain);
        return byDomain.entrySet().stream()
                .filter(e -> normalise(e.getKey()).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Security features of a domain: {@code GET /security/name/{domain}}; null on 204. */
    public SecurityInfo security(String domain) throws AdapterException {
        String body = get(http.path("security", "name", domain));
        return body.isBlank() ? null : http.parse(body, SecurityInfo.class);
    }

    /** Risk score of a domain: {@code GET /domains/risk-score/{domain}}; null on 204. */
    public RiskScore riskScore(String domain) throws AdapterException {
        String body = get(http.path("domains", "risk-score", domain));
        return body.isBlank() ? null : http.parse(body, RiskScore.class);
    }

    /** Malicious domains recently seen on an IP: {@code GET /ips/{ip}/latest_domains}; empty on 204. */
    public List<LatestDomain> latestDomains(String ip) throws AdapterException {
        String body = get(http.path("ips", ip, "latest_domains"));
        if (body.isBlank()) {
            return List.of();
        }
        JavaType type = Json.mapper().getTypeFactory().constructCollectionType(List.class, LatestDomain.class);
        List<LatestDomain> domains = http.parse(body, type);
        return domains == null ? List.of() : domains;
    }

    /**
     * The category id to name catalogue: {@code GET /domains/categories}. The flat-object shape is the legacy one
     * (docs/reference/umbrella-investigate.md#category-names, unconfirmed); any other shape is reported as MALFORMED
     * and callers fall back to showing ids.
     */
    public CategoryNames categories() throws AdapterException {
        String body = get("/domains/categories");
        JavaType type = Json.mapper().getTypeFactory().constructMapType(Map.class, String.class, String.class);
        Map<String, String> byId = body.isBlank() ? Map.of() : http.parse(body, type);
        return new CategoryNames(byId);
    }

    private String get(String path) throws AdapterException {
        String url = http.url(path);
        HttpResponse<String> response = http.send(() -> http.client().get(url)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .asString());
        return http.expectOk(response);
    }

    private static String normalise(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    @Override
    public void close() {
        http.close();
    }
}

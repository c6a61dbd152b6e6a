package io.irflow.adapters.threatresponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.oauth.AccessTokens;
import io.irflow.adapters.threatresponse.dto.EnrichResponse;
import io.irflow.adapters.threatresponse.dto.InspectRequest;
import io.irflow.adapters.threatresponse.dto.TrObservable;
import io.irflow.capabilities.AdapterException;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;

import java.time.Clock;
import java.util.List;

/**
 * Raw calls to the Threat Response / XDR IROH APIs (paths as in
 * docs/reference/threatresponse.md#endpoints, from Cisco's threatresponse module),
 * authorised with a cached OAuth2 token that is refreshed once when a call answers 401.
 */
public final class ThreatResponseClient implements AutoCloseable {
    static final String PRODUCT = "Threat Response";

    private final ProductHttp http;
    private final AccessTokens tokens;
    private final int observeTimeoutMillis;

    public ThreatResponseClient(ThreatResponseConfig config, Clock clock) {
        this.http = new ProductHttp(PRODUCT, config.http());
        // Client credentials with HTTP Basic (https://developer.cisco.com/docs/cisco-xdr/authentication/);
        // docs/reference/threatresponse.md#token: tokens live 600 s.
        this.tokens = new AccessTokens(http, PRODUCT, "the API client credentials", 600,
                () -> http.send(() -> http.client().post(config.tokenUrl())
                        .basicAuth(config.clientId(), config.clientSecret())
                        .header("Accept", "application/json")
                        .contentType("application/x-www-form-urlencoded")
                        .body("grant_type=client_credentials")
                        .asString()), http::expectOk, reason -> reason, clock);
        this.observeTimeoutMillis = (int) config.observeTimeout().toMillis();
    }

    /** {@code POST /iroh/iroh-inspect/inspect}: the observables IROH finds in free text. */
    public List<TrObservable> inspect(String content) throws AdapterException {
        String body = http.expectOk(authorized(token -> http.client().post(http.url("/iroh/iroh-inspect/inspect"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .contentType("application/json")
                .body(json(new InspectRequest(content)))
                .asString()));
        JavaType listType = Json.mapper().getTypeFactory().constructCollectionType(List.class, TrObservable.class);
        List<TrObservable> found = http.parse(body, listType);
        return found == null ? List.of() : found;
    }

    /** {@code POST /iroh/iroh-enrich/deliberate/observables}: fast verdicts from every module. */
    public EnrichResponse deliberate(List<TrObservable> observables) throws AdapterException {
        return enrich("/iroh/iroh-enrich/deliberate/observables", observables, 0);
    }

    /** {@code POST /iroh/iroh-enrich/observe/observables}: verdicts, judgements and sightings (slower). */
    public EnrichResponse observe(List<TrObservable> observables) throws AdapterException {
        return enrich("/iroh/iroh-enrich/observe/observables", observables, observeTimeoutMillis);
    }

    /** {@code GET /iroh/iroh-enrich/settings}: a cheap call that proves the token works. */
    public void settings() throws AdapterException {
        http.expectOk(authorized(token -> http.client().get(http.url("/iroh/iroh-enrich/settings"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .asString()));
    }

    private EnrichResponse enrich(String path, List<TrObservable> observables, int timeoutMillis)
            throws AdapterException {
        String body = http.expectOk(authorized(token -> {
            var request = http.client().post(http.url(path))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .contentType("application/json");
            if (timeoutMillis > 0) {
                request.requestTimeout(timeoutMillis);
            }
            return request.body(json(observables)).asString();
        }));
        EnrichResponse response = http.parse(body, EnrichResponse.class);
        if (response == null) {
            throw http.malformed(new IllegalStateException("empty enrich answer"));
        }
        return response;
    }

    /** Runs a call with the cached token; on 401 drops the token, fetches a new one and retries once. */
    private HttpResponse<String> authorized(Call call) throws AdapterException {
        return tokens.send(token -> http.send(() -> call.send(token)));
    }

    private static String json(Object body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** One HTTP call made with a given bearer token. */
    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send(String token);
    }
}

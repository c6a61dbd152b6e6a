package io.irflow.adapters.umbrella;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.oauth.AccessTokens;
import io.irflow.adapters.umbrella.dto.Destination;
import io.irflow.adapters.umbrella.dto.DestinationRequest;
import io.irflow.adapters.umbrella.dto.DestinationsPage;
import io.irflow.capabilities.AdapterException;
import io.irflow.json.Json;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpResponse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Raw calls to the Umbrella API v2 destination lists ({@code /policies/v2/destinationlists},
 * docs/reference/umbrella-enforcement.md#destination-lists-v2) with an OAuth2 client-credentials token
 * ({@link AccessTokens}: cached until a minute before expiry, renewed once on a 401). Thread-safe; the only state is
 * the token.
 */
public final class UmbrellaDestinationListClient implements AutoCloseable {
    static final int PAGE_LIMIT = 100;
    /** The token lifetime when the answer has no {@code expires_in}. */
    private static final long TOKEN_SECONDS = 3600;

    private final ProductHttp http;
    private final AccessTokens tokens;

    public UmbrellaDestinationListClient(UmbrellaConfig config) {
        this(config, Clock.systemUTC());
    }

    UmbrellaDestinationListClient(UmbrellaConfig config, Clock clock) {
        this.http = new ProductHttp(UmbrellaErrors.PRODUCT, config.v2Http());
        String clientId = Objects.requireNonNull(config.clientId(), "clientId");
        String clientSecret = Objects.requireNonNull(config.clientSecret(), "clientSecret");
        // POST /auth/v2/token with HTTP Basic key:secret and grant_type=client_credentials
        this.tokens = new AccessTokens(http, UmbrellaErrors.PRODUCT, "the API key and secret", TOKEN_SECONDS,
                () -> http.send(() -> http.client().post(http.url("/auth/v2/token"))
                        .basicAuth(clientId, clientSecret)
                        .header("Accept", "application/json")
                        .field("grant_type", "client_credentials")
                        .asString()), response -> UmbrellaErrors.expectOk(http, response), reason -> reason, clock);
    }

    /**
     * GET /policies/v2/destinationlists/{listId}/destinations?page=&limit=100 — the list's entries, for at most
     * {@code maxPages} pages (pages computed from {@code meta.total}).
     */
    public Destinations destinations(String listId, int maxPages) throws AdapterException {
        List<Destination> all = new ArrayList<>();
        String url = http.url(destinationsPath(listId));
        for (int page = 1; page <= maxPages; page++) {
            int p = page;
            DestinationsPage answer = http.parse(call(bearer -> http.client()
                    .get(url)
                    .queryString("page", p).queryString("limit", PAGE_LIMIT)
                    .header("Accept", "application/json").header("Authorization", bearer)), DestinationsPage.class);
            List<Destination> data = answer.data() == null ? List.of() : answer.data();
            data.stream().filter(d -> d != null && d.destination() != null).forEach(all::add);
            Integer total = answer.meta() == null ? null : answer.meta().total();
            boolean more = total != null ? (long) page * PAGE_LIMIT < total : data.size() >= PAGE_LIMIT;
            if (!more || data.isEmpty()) {
                return new Destinations(all, true);
            }
        }
        return new Destinations(all, false);
    }

    /** POST /policies/v2/destinationlists/{listId}/destinations with {@code [{destination, comment}]}; the status. */
    public int addDestination(String listId, String destination, String comment) throws AdapterException {
        String body = json(List.of(new DestinationRequest(destination, comment)));
        String url = http.url(destinationsPath(listId));
        return status(bearer -> http.client().post(url)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .header("Authorization", bearer).body(body));
    }

    /** DELETE /policies/v2/destinationlists/{listId}/destinations/remove with {@code [id]} (numbers); the status. */
    public int removeDestination(String listId, long destinationId) throws AdapterException {
        String body = json(List.of(destinationId));
        String url = http.url(removePath(listId));
        return status(bearer -> http.client().delete(url)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .header("Authorization", bearer).body(body));
    }

    private int status(Function<String, HttpRequest<?>> request) throws AdapterException {
        return exchange(request).getStatus();
    }

    private String call(Function<String, HttpRequest<?>> request) throws AdapterException {
        String body = exchange(request).getBody();
        return body == null ? "" : body;
    }

    /** Sends with the cached token; on a 401 fetches a new token once and repeats. */
    private HttpResponse<String> exchange(Function<String, HttpRequest<?>> request) throws AdapterException {
        HttpResponse<String> response = tokens.send(token -> {
            HttpRequest<?> r = request.apply("Bearer " + token);
            return http.send(r::asString);
        });
        UmbrellaErrors.expectOk(http, response);
        return response;
    }

    private String destinationsPath(String listId) throws AdapterException {
        return http.path("policies", "v2", "destinationlists", listId, "destinations");
    }

    private String removePath(String listId) throws AdapterException {
        return http.path("policies", "v2", "destinationlists", listId, "destinations", "remove");
    }

    private static String json(Object body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A destination list as read.
     *
     * @param destinations the entries read
     * @param complete     false when more pages existed than were read
     */
    public record Destinations(List<Destination> destinations, boolean complete) {

        /** The entry for a domain (case-insensitive, ignoring a trailing dot), or null. */
        public Destination find(String domain) {
            String wanted = UmbrellaBlocking.normal(domain);
            return destinations.stream().filter(d -> UmbrellaBlocking.normal(d.destination()).equals(wanted))
                    .findFirst().orElse(null);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

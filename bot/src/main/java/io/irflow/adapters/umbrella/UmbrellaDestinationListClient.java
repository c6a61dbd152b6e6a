package io.irflow.adapters.umbrella;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.umbrella.dto.Destination;
import io.irflow.adapters.umbrella.dto.DestinationRequest;
import io.irflow.adapters.umbrella.dto.DestinationsPage;
import io.irflow.adapters.umbrella.dto.Token;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Raw calls to the Umbrella API v2 destination lists ({@code /policies/v2/destinationlists},
 * docs/reference/umbrella-enforcement.md#destination-lists-v2) with an
 * OAuth2 client-credentials token that is cached until a minute before expiry and renewed once on a 401.
 * Thread-safe; the only state is the token.
 */
public final class UmbrellaDestinationListClient implements AutoCloseable {
    static final int PAGE_LIMIT = 100;
    private static final Duration EARLY_REFRESH = Duration.ofSeconds(60);

    private final ProductHttp http;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    public UmbrellaDestinationListClient(UmbrellaConfig config) {
        this(config, Clock.systemUTC());
    }

    UmbrellaDestinationListClient(UmbrellaConfig config, Clock clock) {
        this.http = new ProductHttp(UmbrellaErrors.PRODUCT, config.v2Http());
        this.clientId = Objects.requireNonNull(config.clientId(), "clientId");
        this.clientSecret = Objects.requireNonNull(config.clientSecret(), "clientSecret");
        this.clock = clock;
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
        String used = token();
        HttpRequest<?> first = request.apply("Bearer " + used);
        HttpResponse<String> response = http.send(first::asString);
        if (response.getStatus() == 401) {
            dropToken(used);
            HttpRequest<?> again = request.apply("Bearer " + token());
            response = http.send(again::asString);
        }
        UmbrellaErrors.expectOk(http, response);
        return response;
    }

    /** POST /auth/v2/token with HTTP Basic key:secret and {@code grant_type=client_credentials}, cached. */
    private synchronized String token() throws AdapterException {
        if (token != null && clock.instant().isBefore(tokenExpires)) {
            return token;
        }
        HttpRequest<?> request = http.client().post(http.url("/auth/v2/token"))
                .basicAuth(clientId, clientSecret)
                .header("Accept", "application/json")
                .field("grant_type", "client_credentials");
        HttpResponse<String> response = http.send(request::asString);
        if (response.getStatus() == 401 || response.getStatus() == 403) {
            AdapterException mapped = http.errorFor(response);
            throw new AdapterException(UmbrellaErrors.PRODUCT, Kind.UNAUTHORIZED,
                    "Umbrella refused the API key and secret (HTTP " + response.getStatus() + ")",
                    response.getStatus(), null, mapped.trackingId(), null);
        }
        Token answer = http.parse(UmbrellaErrors.expectOk(http, response), Token.class);
        if (answer.accessToken() == null || answer.accessToken().isBlank()) {
            throw new AdapterException(UmbrellaErrors.PRODUCT, Kind.MALFORMED, "Umbrella sent a token answer without a token");
        }
        long seconds = answer.expiresIn() == null ? 3600 : answer.expiresIn();
        token = answer.accessToken();
        tokenExpires = clock.instant().plusSeconds(seconds).minus(EARLY_REFRESH);
        return token;
    }

    private synchronized void dropToken(String used) {
        if (Objects.equals(token, used)) {
            token = null;
        }
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

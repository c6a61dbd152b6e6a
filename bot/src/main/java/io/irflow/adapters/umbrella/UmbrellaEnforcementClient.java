package io.irflow.adapters.umbrella;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.umbrella.dto.BlockedDomain;
import io.irflow.adapters.umbrella.dto.DomainsPage;
import io.irflow.adapters.umbrella.dto.EnforcementEvent;
import io.irflow.adapters.umbrella.dto.EventAccepted;
import io.irflow.capabilities.AdapterException;
import io.irflow.json.Json;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpResponse;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Raw calls to the Umbrella Enforcement API ({@code customerKey} query parameter on every call,
 * docs/reference/umbrella-enforcement.md#enforcement-api).
 * The key is in every URL, so URLs are never logged. Thread-safe and stateless.
 */
public final class UmbrellaEnforcementClient implements AutoCloseable {
    /** A stable id for irflow as the event source (docs/reference/umbrella-enforcement.md#events). */
    static final String DEVICE_ID = "6d1f3c52-8a47-4e0b-9c3e-1f2a7b5d9e40";
    static final String DEVICE_VERSION = "irflow 1.0";
    static final int PAGE_LIMIT = 200;

    private final ProductHttp http;
    private final String customerKey;
    private final String base;
    private final Clock clock;

    public UmbrellaEnforcementClient(UmbrellaConfig config) {
        this(config, Clock.systemUTC());
    }

    UmbrellaEnforcementClient(UmbrellaConfig config, Clock clock) {
        this.http = new ProductHttp(UmbrellaErrors.PRODUCT, config.http());
        this.customerKey = Objects.requireNonNull(config.customerKey(), "customerKey");
        this.base = config.http().base();
        this.clock = clock;
    }

    /**
     * POST /events — submits one event asking Umbrella to block the domain; 202 means queued for evaluation, not
     * blocked (docs/reference/umbrella-enforcement.md#what-202-means). Returns the acknowledgement id, or null when the
     * body has none.
     */
    public String submitBlockEvent(String domain, String description) throws AdapterException {
        String now = timestamp(clock.instant());
        EnforcementEvent event = new EnforcementEvent(now, DEVICE_ID, DEVICE_VERSION, domain, "http://" + domain + "/",
                now, "1.0a", "Security Platform", null, description, null);
        String body;
        try {
            body = Json.mapper().writeValueAsString(List.of(event)); // always an array, even for one event
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest<?> request = http.client().post(http.url("/events"))
                .queryString("customerKey", customerKey)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .body(body);
        String answer = UmbrellaErrors.expectOk(http, http.send(request::asString));
        return answer.isBlank() ? null : http.parse(answer, EventAccepted.class).id();
    }

    /**
     * GET /domains — the integration's block list, following {@code meta.next} (only to the configured host) for at
     * most {@code maxPages} pages.
     */
    public DomainList blockedDomains(int maxPages) throws AdapterException {
        List<BlockedDomain> all = new ArrayList<>();
        HttpRequest<?> request = http.client().get(http.url("/domains"))
                .queryString("customerKey", customerKey).queryString("limit", PAGE_LIMIT)
                .header("Accept", "application/json");
        int pages = 0;
        boolean complete = true;
        while (request != null) {
            HttpRequest<?> current = request;
            DomainsPage page = http.parse(UmbrellaErrors.expectOk(http, http.send(current::asString)), DomainsPage.class);
            pages++;
            if (page.data() != null) {
                page.data().stream().filter(d -> d != null && d.name() != null).forEach(all::add);
            }
            String next = page.meta() == null ? null : page.meta().nextUrl();
            // meta.next already carries customerKey, page and limit, so it is fetched verbatim
            // (docs/reference/umbrella-enforcement.md#domains-list) — but only
            // on the configured host, so the key never goes elsewhere.
            boolean follow = next != null && pages < maxPages && UmbrellaErrors.sameOrigin(next, base);
            complete = next == null;
            request = follow ? http.client().get(next).header("Accept", "application/json") : null;
        }
        return new DomainList(all, complete);
    }

    /** DELETE /domains/{id} — removes one domain by its numeric id (204). */
    public int deleteDomain(long id) throws AdapterException {
        HttpRequest<?> request = http.client().delete(http.url(http.path("domains", Long.toString(id))))
                .queryString("customerKey", customerKey).header("Accept", "application/json");
        HttpResponse<String> response = http.send(request::asString);
        UmbrellaErrors.expectOk(http, response);
        return response.getStatus();
    }

    /**
     * DELETE /domains?where[name]= — removes a domain by name (the bracketed name is URL-encoded). A 2xx does not prove
     * the name was listed (docs/reference/umbrella-enforcement.md#domains-list).
     */
    public int deleteDomainByName(String name) throws AdapterException {
        HttpRequest<?> request = http.client().delete(http.url("/domains"))
                .queryString("customerKey", customerKey).queryString("where[name]", name)
                .header("Accept", "application/json");
        HttpResponse<String> response = http.send(request::asString);
        UmbrellaErrors.expectOk(http, response);
        return response.getStatus();
    }

    /** ISO-8601 UTC with a tenths digit, as irflow and public clients send ({@code 2024-03-05T14:25:11.0Z}). */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ".0Z");
    }

    /**
     * The block list as read.
     *
     * @param domains  the domains read
     * @param complete false when more pages existed than were read
     */
    public record DomainList(List<BlockedDomain> domains, boolean complete) {

        /** The entry for a domain (case-insensitive, ignoring a trailing dot), or null. */
        public BlockedDomain find(String domain) {
            String wanted = UmbrellaBlocking.normal(domain);
            return domains.stream().filter(d -> UmbrellaBlocking.normal(d.name()).equals(wanted)).findFirst().orElse(null);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

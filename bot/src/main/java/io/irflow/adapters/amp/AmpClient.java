package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.ActivityResult;
import io.irflow.adapters.amp.dto.AmpReply;
import io.irflow.adapters.amp.dto.EventPage;
import io.irflow.adapters.amp.dto.EventQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.amp.dto.AmpItem;
import io.irflow.adapters.amp.dto.AmpList;
import io.irflow.adapters.amp.dto.Computer;
import io.irflow.adapters.amp.dto.Event;
import io.irflow.adapters.amp.dto.FileListItem;
import io.irflow.adapters.amp.dto.FileListItemRequest;
import io.irflow.adapters.amp.dto.Isolation;
import io.irflow.adapters.amp.dto.IsolationRequest;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.GetRequest;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpRequestWithBody;
import kong.unirest.core.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Raw calls to the AMP for Endpoints (Cisco Secure Endpoint) v1 API with HTTP Basic client_id:api_key.
 * Thread-safe; the only state is the last reported hourly quota. API reference: https://api-docs.amp.cisco.com
 */
public final class AmpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmpClient.class);
    static final String PRODUCT = "AMP for Endpoints";
    /** ISO-8601 with a numeric offset ("+00:00", never "Z"), as the events API documents start_date. */
    private static final DateTimeFormatter START_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private final AmpConfig config;
    private final ProductHttp http;
    private final AmpRateLimit rateLimit;

    public AmpClient(AmpConfig config) {
        this(config, Clock.systemUTC());
    }

    AmpClient(AmpConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = new ProductHttp(PRODUCT, config.http());
        this.rateLimit = new AmpRateLimit(clock);
    }

    /** The API host, e.g. "api.amp.cisco.com" (what a dry run names). */
    public String host() {
        return config.http().host();
    }

    /** GET /v1/version — the documented smoke test; only checks that the call succeeds. */
    public void version() throws AdapterException {
        fetch(get("/v1/version"));
    }

    /** GET /v1/computers?hostname[]=… — computers whose hostname matches (AMP's matching is not exact). */
    public List<Computer> computersByHostname(String hostname, int limit) throws AdapterException {
        return computers(get("/v1/computers").queryString("hostname[]", hostname).queryString("limit", limit));
    }

    /** GET /v1/computers?internal_ip=… — computers with this internal address. */
    public List<Computer> computersByInternalIp(String ip, int limit) throws AdapterException {
        return computers(get("/v1/computers").queryString("internal_ip", ip).queryString("limit", limit));
    }

    /** GET /v1/computers?external_ip=… — computers seen behind this external address. */
    public List<Computer> computersByExternalIp(String ip, int limit) throws AdapterException {
        return computers(get("/v1/computers").queryString("external_ip", ip).queryString("limit", limit));
    }

    /** GET /v1/computers/{connector_guid} — one computer; an unknown guid throws NOT_FOUND. */
    public Computer computer(String connectorGuid) throws AdapterException {
        String body = fetch(get(http.path("v1", "computers", connectorGuid)));
        AmpItem<Computer> item = http.parse(body, itemOf(Computer.class));
        if (item.data() == null) {
            throw new AdapterException(PRODUCT, Kind.MALFORMED, PRODUCT + " sent a computer without data");
        }
        return item.data();
    }

    /**
     * GET /v1/computers/activity?q=… — computers that observed a SHA-256, IP, URL or file name, following
     * {@code metadata.links.next} for at most {@code maxPages} pages or until {@code maxComputers} were read.
     * A 404 is read as "nobody saw it" because the zero-hit behaviour is unconfirmed (docs/reference/amp.md#activity).
     */
    public ActivityResult activity(String q, int pageSize, int maxPages, int maxComputers) throws AdapterException {
        Map<String, Computer> seen = new LinkedHashMap<>();
        Integer total = null;
        String next = null;
        int pages = 0;
        HttpRequest<?> request = get("/v1/computers/activity").queryString("q", q).queryString("limit", pageSize);
        while (request != null) {
            AmpList<Computer> page;
            try {
                page = http.parse(fetch(request), listOf(Computer.class));
            } catch (AdapterException e) {
                if (e.kind() == Kind.NOT_FOUND && pages == 0) {
                    return new ActivityResult(List.of(), 0, true);
                }
                throw e;
            }
            pages++;
            if (total == null && page.metadata() != null && page.metadata().results() != null) {
                total = page.metadata().results().total();
            }
            for (Computer c : nonNull(page.data())) {
                if (c != null && seen.size() < maxComputers) {
                    seen.putIfAbsent(c.connectorGuid() != null ? c.connectorGuid() : "#" + seen.size(), c);
                }
            }
            next = AmpResponses.nextLink(page.metadata(), config.http().base());
            boolean more = next != null && pages < maxPages && seen.size() < maxComputers;
            request = more ? authed(http.client().get(next)) : null;
        }
        return new ActivityResult(new ArrayList<>(seen.values()), total, next == null);
    }

    /** GET /v1/events with the query's filters — one page, newest first. */
    public List<Event> events(EventQuery query) throws AdapterException {
        return eventPage(query).events();
    }

    /**
     * GET /v1/events with the query's filters — the first page (newest first) and its {@code metadata.links.next}
     * (null when it is the last page or the link points at another host).
     */
    public EventPage eventPage(EventQuery query) throws AdapterException {
        return readEventPage(eventsRequest(query));
    }

    /** GET the {@code next} link of an earlier {@link EventPage} (an absolute /v1/events URL on the API host). */
    public EventPage eventPage(String nextLink) throws AdapterException {
        return readEventPage(authed(http.client().get(nextLink)));
    }

    /**
     * Reads a page event by event: one event whose JSON does not have the documented shape is skipped and logged with
     * its id, so it cannot fail the page (and, for the alert poller, block every later event behind it).
     */
    private EventPage readEventPage(HttpRequest<?> request) throws AdapterException {
        AmpList<JsonNode> page = http.parse(fetch(request), listOf(JsonNode.class));
        List<Event> events = new ArrayList<>();
        for (JsonNode node : nonNull(page.data())) {
            if (node == null || node.isNull()) {
                continue;
            }
            try {
                events.add(Json.mapper().treeToValue(node, Event.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String id = node.path("id").asText("?");
                LOG.warn("{}: skipped event {}: not the documented shape ({})", PRODUCT,
                        id.length() > 40 ? id.substring(0, 40) : id, e.getClass().getSimpleName());
            }
        }
        return new EventPage(events, AmpResponses.nextLink(page.metadata(), config.http().base()));
    }

    private GetRequest eventsRequest(EventQuery query) {
        GetRequest request = get("/v1/events");
        for (String guid : query.connectorGuids()) {
            request = request.queryString("connector_guid[]", guid);
        }
        for (Long type : query.eventTypeIds()) {
            request = request.queryString("event_type[]", type);
        }
        if (query.detectionSha256() != null) {
            request = request.queryString("detection_sha256", query.detectionSha256());
        }
        if (query.startDate() != null) {
            // Unirest form-encodes query values, so the offset's '+' goes out as %2B (docs/reference/amp.md#events).
            request = request.queryString("start_date", START_DATE.format(query.startDate()));
        }
        return request.queryString("limit", query.limit());
    }

    /** GET /v1/computers/{connector_guid}/isolation — the computer's isolation state; an unknown guid throws NOT_FOUND. */
    public Isolation isolation(String connectorGuid) throws AdapterException {
        AmpItem<Isolation> item = http.parse(fetch(get(isolationPath(connectorGuid))), itemOf(Isolation.class));
        return item.data() == null ? new Isolation(null, null, null, null, null) : item.data();
    }

    /**
     * PUT /v1/computers/{connector_guid}/isolation — starts isolation (normally answered with status pending_start and
     * the unlock code); 409 when already isolated, in transition or not allowed, with AMP's reason in the message.
     */
    public AmpReply<Isolation> startIsolation(String connectorGuid, String comment, String unlockCode)
            throws AdapterException {
        String body = json(new IsolationRequest(comment, unlockCode));
        return isolationReply(exchange(withBody(http.client().put(http.url(isolationPath(connectorGuid))), body)));
    }

    /** DELETE /v1/computers/{connector_guid}/isolation — stops isolation (normally answered with pending_stop). */
    public AmpReply<Isolation> stopIsolation(String connectorGuid) throws AdapterException {
        return isolationReply(exchange(authed(http.client().delete(http.url(isolationPath(connectorGuid))))));
    }

    /** GET /v1/file_lists/{guid}/files/{sha256} — the hash's entry on the list, empty when AMP answers 404. */
    public Optional<FileListItem> fileListItem(String listGuid, String sha256) throws AdapterException {
        try {
            AmpItem<FileListItem> item = http.parse(fetch(get(fileListPath(listGuid, sha256))), itemOf(FileListItem.class));
            return Optional.of(item.data() == null ? new FileListItem(sha256, null, null) : item.data());
        } catch (AdapterException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * GET /v1/file_lists/{guid}/files?limit=1 — whether the file list exists (false on 404;
     * docs/reference/amp.md#file-lists); documented on Cisco's API page "GET /v1/file_lists/{:file_list_guid}/files"
     * (stored copy in the search tool's pages corpus).
     */
    public boolean fileListExists(String listGuid) throws AdapterException {
        try {
            fetch(get(http.path("v1", "file_lists", listGuid, "files")).queryString("limit", 1));
            return true;
        } catch (AdapterException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** POST /v1/file_lists/{guid}/files/{sha256} with {@code {"description": …}} — adds the hash (201). */
    public AmpReply<FileListItem> addToFileList(String listGuid, String sha256, String description)
            throws AdapterException {
        String body = json(new FileListItemRequest(description));
        HttpResponse<String> response = exchange(withBody(http.client().post(http.url(fileListPath(listGuid, sha256))),
                body));
        AmpItem<FileListItem> item = response.getBody() == null || response.getBody().isBlank()
                ? null : http.parse(response.getBody(), itemOf(FileListItem.class));
        return new AmpReply<>(response.getStatus(), AmpResponses.trackingId(response), item == null ? null : item.data());
    }

    /** DELETE /v1/file_lists/{guid}/files/{sha256} — removes the hash (200 with {@code data: {}}). */
    public AmpReply<Void> removeFromFileList(String listGuid, String sha256) throws AdapterException {
        HttpResponse<String> response = exchange(authed(http.client().delete(http.url(fileListPath(listGuid, sha256)))));
        return new AmpReply<>(response.getStatus(), AmpResponses.trackingId(response), null);
    }

    private AmpReply<Isolation> isolationReply(HttpResponse<String> response) throws AdapterException {
        String body = response.getBody();
        AmpItem<Isolation> item = body == null || body.isBlank() ? null : http.parse(body, itemOf(Isolation.class));
        return new AmpReply<>(response.getStatus(), AmpResponses.trackingId(response), item == null ? null : item.data());
    }

    private String isolationPath(String connectorGuid) throws AdapterException {
        return http.path("v1", "computers", connectorGuid, "isolation");
    }

    private String fileListPath(String listGuid, String sha256) throws AdapterException {
        return http.path("v1", "file_lists", listGuid, "files", sha256);
    }

    private HttpRequestWithBody authed(HttpRequestWithBody request) {
        return request.basicAuth(config.clientId(), config.apiKey()).header("Accept", "application/json");
    }

    private HttpRequest<?> withBody(HttpRequestWithBody request, String json) {
        return authed(request).header("Content-Type", "application/json").body(json);
    }

    private static String json(Object body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Computer> computers(HttpRequest<?> request) throws AdapterException {
        AmpList<Computer> page = http.parse(fetch(request), listOf(Computer.class));
        return nonNull(page.data()).stream().filter(Objects::nonNull).toList();
    }

    private GetRequest get(String path) {
        return authed(http.client().get(http.url(path)));
    }

    private GetRequest authed(GetRequest request) {
        return request.basicAuth(config.clientId(), config.apiKey()).header("Accept", "application/json");
    }

    /** Sends a request, honouring an exhausted quota, and returns the body of a 2xx answer. */
    private String fetch(HttpRequest<?> request) throws AdapterException {
        HttpResponse<String> response = exchange(request);
        return response.getBody() == null ? "" : response.getBody();
    }

    /** Sends a request, honouring an exhausted quota; returns a 2xx response, throws the mapped error otherwise. */
    private HttpResponse<String> exchange(HttpRequest<?> request) throws AdapterException {
        Duration wait = rateLimit.waitBeforeCall();
        if (wait != null) {
            throw new AdapterException(PRODUCT, Kind.RATE_LIMITED, PRODUCT + " hourly API quota is used up",
                    0, wait, null, null);
        }
        HttpResponse<String> response = http.send(request::asString);
        rateLimit.observe(response.getHeaders());
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return response;
        }
        AdapterException mapped = http.errorFor(response);
        Duration retryAfter = mapped.retryAfter();
        if (status == 429) {
            retryAfter = rateLimit.retryAfter(response.getHeaders());
            rateLimit.blockFor(retryAfter);
        }
        String detail = AmpResponses.errorDetail(response.getBody());
        String message = detail.isEmpty() ? mapped.getMessage() : mapped.getMessage() + ": " + detail;
        throw new AdapterException(PRODUCT, mapped.kind(), message, status, retryAfter, mapped.trackingId(), null);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static JavaType listOf(Class<?> type) {
        return Json.mapper().getTypeFactory().constructParametricType(AmpList.class, type);
    }

    private static JavaType itemOf(Class<?> type) {
        return Json.mapper().getTypeFactory().constructParametricType(AmpItem.class, type);
    }

    @Override
    public void close() {
        http.close();
    }
}

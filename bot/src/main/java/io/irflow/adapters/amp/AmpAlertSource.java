package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.EventPage;
import io.irflow.adapters.amp.dto.EventQuery;
import io.irflow.adapters.amp.dto.Computer;
import io.irflow.adapters.amp.dto.Event;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.AlertSource;
import io.irflow.net.UrlPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Polls AMP for Endpoints' GET /v1/events for the event types that mean compromise and maps them to {@link Alert}s.
 *
 * <p>Cursor: the ISO-8601 instant of the newest event seen so far (AMP's own {@code date}, so only the server's clock
 * counts). Each poll asks for {@code start_date = cursor - overlap} (inclusive, second precision) and walks
 * {@code metadata.links.next} up to {@code maxPages}; events come newest first (docs/reference/amp.md#events), so
 * repeats across polls, events sharing the cursor's second and late uploads within the overlap are fetched again and
 * the caller de-duplicates on {@link Alert#id()} (the AMP event id). The cursor never moves backwards; it stays put
 * when a poll finds nothing, and also when the page bound cut the walk short (the unread pages hold the older events,
 * which a later poll must still see). A null or unreadable cursor starts at now minus the lookback, so history does not
 * flood the room. Requires an {@link AmpConfig} (read-only credential suffices).
 */
public final class AmpAlertSource implements AlertSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmpAlertSource.class);
    /**
     * Event type ids polled by default: the ones that mean a host ran or holds malware
     * (docs/reference/amp.md#event-types).
     */
    public static final List<Long> COMPROMISE_EVENT_TYPES = List.of(
            1090519054L,   // Threat Detected
            1107296272L,   // Executed malware
            2164260880L,   // Quarantine Failure ("threat quarantine failed")
            553648147L,    // Cloud Recall Detection / Retrospective Detection
            1090519084L,   // DFC Threat Detected (network connection to a known-bad address)
            1107296273L,   // Suspected botnet connection
            1107296284L);  // Potential Ransomware
    /** How far back the first poll looks. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    /** How far before the cursor each later poll starts (late uploads, same-second events). */
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(2);
    /** At most this many pages per poll. */
    public static final int DEFAULT_MAX_PAGES = 100;
    /** Page size (AMP's maximum). */
    public static final int PAGE_SIZE = 500;

    private final AmpClient client;
    private final String consoleUrl;
    private final Clock clock;
    private final List<Long> eventTypeIds;
    private final Duration lookback;
    private final Duration overlap;
    private final int maxPages;

    /** A source with the default event types, a 1 h first-poll lookback and a 2 min overlap. */
    public AmpAlertSource(AmpConfig config) {
        this(config, Clock.systemUTC(), COMPROMISE_EVENT_TYPES, DEFAULT_LOOKBACK, DEFAULT_OVERLAP, DEFAULT_MAX_PAGES);
    }

    /**
     * A source with explicit settings.
     *
     * @param eventTypeIds the AMP event type ids to poll (null or empty: {@link #COMPROMISE_EVENT_TYPES})
     * @param lookback     how far back the first poll (null cursor) starts
     * @param overlap      how far before the cursor later polls start (zero allowed)
     * @param maxPages     the page bound per poll
     */
    public AmpAlertSource(AmpConfig config, Clock clock, List<Long> eventTypeIds, Duration lookback, Duration overlap,
                          int maxPages) {
        this.client = new AmpClient(config, clock);
        this.consoleUrl = config.consoleUrl();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.eventTypeIds = eventTypeIds == null || eventTypeIds.isEmpty() ? COMPROMISE_EVENT_TYPES
                : List.copyOf(eventTypeIds);
        this.lookback = lookback == null ? DEFAULT_LOOKBACK : lookback;
        this.overlap = overlap == null || overlap.isNegative() ? Duration.ZERO : overlap;
        this.maxPages = Math.max(1, maxPages);
    }

    @Override
    public String source() {
        return AmpClient.PRODUCT;
    }

    @Override
    public Batch poll(String cursor) throws AdapterException {
        Instant mark = parseCursor(cursor);
        Instant from = mark == null ? clock.instant().minus(lookback) : mark.minus(overlap);
        EventQuery query = new EventQuery(null, eventTypeIds, null,
                OffsetDateTime.ofInstant(from.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC), PAGE_SIZE);
        Map<String, Alert> seen = new LinkedHashMap<>();
        EventPage page = client.eventPage(query);
        int pages = 1;
        collect(page, seen);
        while (page.next() != null && pages < maxPages) {
            page = client.eventPage(page.next());
            pages++;
            collect(page, seen);
        }
        boolean complete = page.next() == null;
        List<Alert> alerts = new ArrayList<>(seen.values());
        alerts.sort(Comparator.comparing(Alert::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Alert::id));
        Instant next = mark == null ? from : mark;
        if (complete) {
            for (Alert a : alerts) {
                if (a.at() != null && a.at().isAfter(next) && !a.at().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
                    next = a.at();
                }
            }
        }
        return new Batch(alerts, next.toString());
    }

    /** One event that cannot be mapped is skipped and logged; the rest of the page still counts. */
    private void collect(EventPage page, Map<String, Alert> seen) {
        for (Event e : page.events()) {
            if (e.id() == null) {
                LOG.warn("{}: skipped an event without an id", source());
                continue;
            }
            try {
                seen.putIfAbsent(Long.toString(e.id()), toAlert(e));
            } catch (RuntimeException ex) {
                LOG.warn("{}: skipped event {}: {}", source(), e.id(), ex.toString());
            }
        }
    }

    /** The cursor as an instant, or null when absent or unreadable (then the poll starts from the lookback). */
    static Instant parseCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(cursor.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Maps one AMP event to an alert. */
    Alert toAlert(Event e) {
        Event.EventComputer c = e.computer();
        String guid = c != null && c.connectorGuid() != null ? c.connectorGuid() : e.connectorGuid();
        Computer.NetworkAddress nic = c == null ? null : primaryNic(c.networkAddresses());
        Alert.AlertHost host = new Alert.AlertHost(c == null ? null : c.hostname(),
                nic == null ? null : blankToNull(nic.ip()),
                nic == null || blankToNull(nic.mac()) == null ? null : nic.mac().trim().toLowerCase(Locale.ROOT), guid);
        Event.EventFile f = e.file();
        String sha256 = f == null || f.identity() == null || blankToNull(f.identity().sha256()) == null ? null
                : f.identity().sha256().trim().toLowerCase(Locale.ROOT);
        String title = e.eventType() != null ? e.eventType() : "AMP event " + e.eventTypeId();
        return new Alert(AmpClient.PRODUCT, Long.toString(e.id()), when(e), title, e.detection(), e.severity(), host,
                sha256, f == null ? null : f.fileName(), f == null ? null : f.disposition(), link(guid, sha256));
    }

    /** The first interface with both IP and MAC, else the first with either. */
    private static Computer.NetworkAddress primaryNic(List<Computer.NetworkAddress> nics) {
        if (nics == null) {
            return null;
        }
        List<Computer.NetworkAddress> present = nics.stream().filter(Objects::nonNull).toList();
        return present.stream().filter(n -> blankToNull(n.ip()) != null && blankToNull(n.mac()) != null).findFirst()
                .orElse(present.stream().filter(n -> blankToNull(n.ip()) != null || blankToNull(n.mac()) != null)
                        .findFirst().orElse(null));
    }

    private static Instant when(Event e) {
        if (e.date() != null) {
            try {
                return OffsetDateTime.parse(e.date().trim()).toInstant();
            } catch (DateTimeParseException ignored) {
                // fall back to the epoch seconds
            }
        }
        return e.timestamp() == null ? null : Instant.ofEpochSecond(e.timestamp());
    }

    /**
     * Device trajectory in the console, else file trajectory (docs/reference/amp.md#console-links); null without a
     * console URL.
     */
    private String link(String guid, String sha256) {
        if (consoleUrl == null) {
            return null;
        }
        String path = guid != null ? UrlPaths.orNull("computers", guid, "trajectory2")
                : sha256 == null ? null : UrlPaths.orNull("file", "trajectory", sha256);
        return path == null ? null : consoleUrl + path;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public void close() {
        client.close();
    }
}

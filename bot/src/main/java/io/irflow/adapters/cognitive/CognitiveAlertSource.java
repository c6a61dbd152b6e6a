package io.irflow.adapters.cognitive;

import io.irflow.adapters.cognitive.dto.PollResponse;
import io.irflow.adapters.cognitive.dto.StixIncident;
import io.irflow.adapters.cognitive.dto.StixIndicator;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.AlertSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Polls the configured Cognitive Intelligence TAXII 1.1 feed and maps its STIX incidents to {@link Alert}s, one per
 * incident and related indicator (id {@code <incident id>#<indicator id>}, docs/reference/cognitive.md#alert-mapping),
 * with the affected host's address ({@code cIP}), file, threat and portal link.
 *
 * <p>Cursor: the {@code Inclusive_End_Timestamp} of the last complete response, sent back verbatim as the next
 * {@code Exclusive_Begin_Timestamp} (docs/reference/cognitive.md#response). Multi-part results are fetched with
 * Poll_Fulfillment up to {@code maxParts}; the cursor only advances once every part was read, and stays put when the
 * response carried no end timestamp. A null or unreadable cursor starts at now minus the lookback (rather than the
 * whole feed history). Package-level indicators of generic feeds (watchlists) name no affected host and are not alerts.
 * Requires a {@link CognitiveConfig}; the service was retired in 2023 (docs/reference/cognitive.md#status), so callers
 * ship it disabled by default.
 */
public final class CognitiveAlertSource implements AlertSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CognitiveAlertSource.class);
    /** How far back the first poll looks. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    /** At most this many parts of a multi-part result per poll. */
    public static final int DEFAULT_MAX_PARTS = 100;
    private static final DateTimeFormatter XS_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private final CognitiveClient client;
    private final Clock clock;
    private final Duration lookback;
    private final int maxParts;

    /** A source with a 1 h first-poll lookback. */
    public CognitiveAlertSource(CognitiveConfig config) {
        this(config, Clock.systemUTC(), DEFAULT_LOOKBACK, DEFAULT_MAX_PARTS);
    }

    /**
     * A source with explicit settings.
     *
     * @param lookback how far back the first poll starts; null or zero sends no begin timestamp (the whole feed)
     * @param maxParts the bound on multi-part results per poll
     */
    public CognitiveAlertSource(CognitiveConfig config, Clock clock, Duration lookback, int maxParts) {
        this.client = new CognitiveClient(config);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lookback = lookback;
        this.maxParts = Math.max(1, maxParts);
    }

    @Override
    public String source() {
        return CognitiveClient.PRODUCT;
    }

    @Override
    public Batch poll(String cursor) throws AdapterException {
        String begin = validCursor(cursor) ? cursor.trim() : firstBegin();
        Map<String, Alert> alerts = new LinkedHashMap<>();
        PollResponse part = client.poll(begin, null);
        collect(part, alerts);
        String end = part.inclusiveEndTimestamp();
        int parts = 1;
        while (part.more() && part.resultId() != null && parts < maxParts) {
            int number = (part.resultPartNumber() == null ? parts : part.resultPartNumber()) + 1;
            part = client.fulfill(part.resultId(), number);
            parts++;
            collect(part, alerts);
            if (part.inclusiveEndTimestamp() != null) {
                end = part.inclusiveEndTimestamp();
            }
        }
        boolean complete = !(part.more() && part.resultId() != null);
        List<Alert> sorted = new ArrayList<>(alerts.values());
        sorted.sort(Comparator.comparing(Alert::at).thenComparing(Alert::id));
        String next = complete && validCursor(end) ? end.trim() : begin;
        return new Batch(sorted, next);
    }

    private String firstBegin() {
        if (lookback == null || lookback.isZero() || lookback.isNegative()) {
            return null;
        }
        return XS_DATE_TIME.format(OffsetDateTime.ofInstant(clock.instant().minus(lookback), ZoneOffset.UTC));
    }

    /** Whether a cursor is an xs:dateTime with an offset (anything else would be sent to the server unchecked). */
    static boolean validCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return false;
        }
        try {
            OffsetDateTime.parse(cursor.trim());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** One incident that cannot be mapped is skipped and logged; the rest of the response still counts. */
    private void collect(PollResponse response, Map<String, Alert> out) {
        for (StixIncident incident : response.incidents()) {
            try {
                if (incident.indicators().isEmpty()) {
                    Alert a = toAlert(incident, null);
                    out.putIfAbsent(a.id(), a);
                }
                for (StixIndicator indicator : incident.indicators()) {
                    Alert a = toAlert(incident, indicator);
                    out.putIfAbsent(a.id(), a);
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: skipped incident {}: {}", source(), incident.id(), e.toString());
            }
        }
    }

    /** Maps an incident and one of its indicators (or none) to an alert. */
    Alert toAlert(StixIncident incident, StixIndicator indicator) {
        String id = incident.id() != null ? incident.id() : "incident";
        if (indicator != null && indicator.id() != null) {
            id = id + "#" + indicator.id();
        }
        String url = indicator == null ? null : indicator.property("csUrl");
        String domain = host(url);
        String activity = indicator == null ? null : indicator.title();
        String threat = activity == null ? domain : domain == null ? activity : activity + ": " + domain;
        String sha256 = indicator == null ? null : indicator.property("scSHA256");
        Alert.AlertHost host = new Alert.AlertHost(null, indicator == null ? null : indicator.property("cIP"), null,
                null);
        String title = incident.title() != null ? incident.title() : "Cognitive Intelligence incident";
        String severity = incident.riskCategory() != null ? incident.riskCategory() : incident.confidence();
        return new Alert(CognitiveClient.PRODUCT, id, when(incident, indicator), title, threat, severity, host,
                sha256 == null ? null : sha256.toLowerCase(Locale.ROOT),
                indicator == null ? null : indicator.property("scFileName"), null, incident.url());
    }

    /**
     * The flow's epoch-millisecond timestamp, else the package timestamp, else now
     * (docs/reference/cognitive.md#alert-mapping).
     */
    private Instant when(StixIncident incident, StixIndicator indicator) {
        if (indicator != null) {
            for (String name : List.of("timestamp", "startTime", "endTime")) {
                String ms = indicator.property(name);
                if (ms != null) {
                    try {
                        return Instant.ofEpochMilli(Long.parseLong(ms));
                    } catch (NumberFormatException ignored) {
                        // try the next one
                    }
                }
            }
        }
        if (incident.packageTimestamp() != null) {
            try {
                return OffsetDateTime.parse(incident.packageTimestamp().trim()).toInstant();
            } catch (DateTimeParseException ignored) {
                // fall through
            }
        }
        return clock.instant();
    }

    /** The host name of a URL (the domain to investigate), or null. */
    private static String host(String url) {
        if (url == null) {
            return null;
        }
        try {
            String h = URI.create(url.contains("://") ? url : "http://" + url).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

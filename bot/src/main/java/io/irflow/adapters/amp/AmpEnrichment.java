package io.irflow.adapters.amp;

import io.irflow.adapters.ConcurrentCalls;
import io.irflow.adapters.amp.dto.ActivityResult;
import io.irflow.adapters.amp.dto.EventQuery;
import io.irflow.adapters.amp.dto.Computer;
import io.irflow.adapters.amp.dto.Event;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.ImpactPreview;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Probe;
import io.irflow.net.UrlPaths;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * AMP for Endpoints (Cisco Secure Endpoint) as an enrichment source and probe.
 * <ul>
 *   <li>HOSTNAME, IPV4, IPV6: finds computers (GET /v1/computers by hostname[], or by internal_ip and, when that finds
 *   none, external_ip) and their threat events of the last 30 days (GET /v1/events, which needs the computers'
 *   connector guids, so it follows them); verdict from the worst event type.</li>
 *   <li>SHA256, DOMAIN, URL, IPV4: which computers saw it (GET /v1/computers/activity, bounded page walk); for SHA256
 *   also detection events (GET /v1/events?detection_sha256=), which alone can make it suspicious or malicious.</li>
 *   <li>Independent calls run side by side ({@link ConcurrentCalls}): for an IP, the activity search beside the
 *   computer search; for a SHA-256, activity beside detection events. external_ip stays a fallback after an empty
 *   internal_ip answer (asking it every time would spend the hourly quota on an answer that is dropped).</li>
 *   <li>Not MD5, SHA1 or MAC: activity only takes SHA-256, and computers cannot be searched by MAC.</li>
 *   <li>Probe: GET /v1/version.</li>
 * </ul>
 * Config: {@link AmpConfig} — API base URL of the credential's cloud, console URL for links, client ID and API key.
 */
public final class AmpEnrichment implements Enrichment, Probe, ImpactPreview, AutoCloseable {
    static final int COMPUTER_LIMIT = 20;
    static final int DETAILED_HOSTS = 5;
    static final int EVENT_LIMIT = 50;
    static final Duration LOOKBACK = Duration.ofDays(30);
    static final int ACTIVITY_PAGE_SIZE = 50;
    static final int ACTIVITY_PAGES = 5;
    static final int ACTIVITY_HOSTS = 100;
    private static final int NAMES_SHOWN = 10;
    private static final Threats NO_THREATS = new Threats(List.of(), null);

    private final AmpClient client;
    private final String console;
    private final Clock clock;
    private final ConcurrentCalls calls;
    private final HostnameSearches searches;

    public AmpEnrichment(AmpConfig config) {
        this(config, Clock.systemUTC());
    }

    AmpEnrichment(AmpConfig config, Clock clock) {
        this(config, clock, new HostnameSearches());
    }

    /** An enrichment that takes the host directory's hostname searches (see {@link HostnameSearches}). */
    AmpEnrichment(AmpConfig config, Clock clock, HostnameSearches searches) {
        this.searches = searches;
        this.client = new AmpClient(config, clock);
        this.console = config.consoleUrl();
        this.clock = clock;
        this.calls = ConcurrentCalls.of(AmpClient.PRODUCT, config.http());
    }

    @Override
    public String source() {
        return AmpClient.PRODUCT;
    }

    @Override
    public boolean supports(ObservableType type) {
        return switch (type) {
            case HOSTNAME, IPV4, IPV6, SHA256, DOMAIN, URL -> true;
            default -> false;
        };
    }

    @Override
    public void probe() throws AdapterException {
        client.version();
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        String value = observable.value().trim();
        return switch (observable.type()) {
            case HOSTNAME -> byHostname(value);
            case IPV4 -> byIp(value, true);
            case IPV6 -> byIp(value, false);
            case SHA256 -> byFile(value);
            // docs/reference/amp.md#activity lists SHA-256, IP, URL and file name for q; a domain is passed as a URL
            // fragment.
            case DOMAIN, URL -> byActivity(value);
            default -> throw new AdapterException(source(), Kind.BAD_INPUT,
                    source() + " cannot look up " + observable.type());
        };
    }

    @Override
    public boolean previews(ContainmentKind kind) {
        return kind == ContainmentKind.BLOCK_DOMAIN || kind == ContainmentKind.BLOCK_HASH;
    }

    /**
     * The computers that contacted the domain or hold the file: one page of the activity search (AMP's total counts
     * them all), the way {@link #enrich} asks about a domain or a SHA-256 (docs/reference/amp.md#activity).
     */
    @Override
    public Impact preview(ContainmentKind kind, String target) throws AdapterException {
        if (!previews(kind)) {
            throw new AdapterException(source(), Kind.BAD_INPUT, source() + " cannot preview " + kind.verb());
        }
        ActivityResult activity = client.activity(target.trim(), ACTIVITY_PAGE_SIZE, 1, ACTIVITY_PAGE_SIZE);
        List<String> names = activity.computers().stream()
                .map(c -> c.hostname() == null ? c.connectorGuid() : c.hostname())
                .filter(Objects::nonNull).limit(Impact.NAMES).toList();
        return new Impact(source(), activity.count(), names, List.of());
    }

    private Finding byHostname(String hostname) throws AdapterException {
        List<Computer> hits = searches.take(client, hostname, COMPUTER_LIMIT);
        if (hits.isEmpty()) {
            return Finding.nothingKnown(source());
        }
        List<Computer> matches = ComputerView.matchingHostname(hits, hostname);
        FindingDraft draft = new FindingDraft();
        if (matches.isEmpty()) {
            matches = hits;
            draft.headline("Match", "no exact hostname match; AMP's closest hits");
        }
        EventQuery query = threatQuery(matches);
        addComputers(draft, matches, null, query == null ? NO_THREATS : threats(query));
        draft.link("Search in AMP", searchLink(hostname));
        return draft.finish(source());
    }

    private Finding byIp(String ip, boolean withActivity) throws AdapterException {
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<ActivityResult> activitySearch = withActivity
                    ? lookup.start(() -> client.activity(ip, ACTIVITY_PAGE_SIZE, ACTIVITY_PAGES, ACTIVITY_HOSTS))
                    : null;
            FindingDraft draft = new FindingDraft();
            List<Computer> computers = withIp(client.computersByInternalIp(ip, COMPUTER_LIMIT), ip);
            if (computers.isEmpty()) {
                computers = withIp(client.computersByExternalIp(ip, COMPUTER_LIMIT), ip);
                if (!computers.isEmpty()) {
                    draft.headline("Match", "external (NAT) address; computers behind it may share it");
                }
            }
            // The events call needs the computers' guids; it goes out now, beside an activity search still running.
            EventQuery query = threatQuery(computers);
            ConcurrentCalls.Pending<List<Event>> events =
                    query == null ? null : lookup.start(() -> client.events(query));
            ActivityResult activity = new ActivityResult(List.of(), 0, true);
            if (activitySearch != null) {
                try {
                    activity = activitySearch.join();
                } catch (AdapterException e) {
                    if (computers.isEmpty()) {
                        throw e;
                    }
                    draft.headline("Seen on", "activity search unavailable (" + e.getMessage() + ")");
                }
            }
            if (computers.isEmpty() && activity.computers().isEmpty()) {
                return Finding.nothingKnown(source());
            }
            addComputers(draft, computers, ip, events == null ? NO_THREATS : threats(events::join));
            addActivity(draft, activity, "Connected computers");
            draft.link("Search in AMP", searchLink(ip));
            return draft.finish(source());
        }
    }

    private Finding byFile(String sha256) throws AdapterException {
        ActivityResult activity;
        Threats detections;
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<List<Event>> events =
                    lookup.start(() -> client.events(new EventQuery(null, null, sha256, null, EVENT_LIMIT)));
            activity = client.activity(sha256, ACTIVITY_PAGE_SIZE, ACTIVITY_PAGES, ACTIVITY_HOSTS);
            detections = threats(events::join);
        }
        if (activity.computers().isEmpty() && detections.events().isEmpty() && detections.error() == null) {
            return Finding.nothingKnown(source());
        }
        FindingDraft draft = new FindingDraft();
        addThreats(draft, detections, "Detections", "no detection events");
        addActivity(draft, activity, "Seen on");
        for (Event e : detections.events()) {
            if (!draft.hasHost(ThreatEvents.connectorGuid(e)) && e.computer() != null) {
                draft.host(ComputerView.brief(e.computer().hostname(), ThreatEvents.connectorGuid(e),
                        e.computer().externalIp() == null ? List.of() : List.of(e.computer().externalIp()),
                        ComputerView.macs(e.computer().networkAddresses(), null), e.computer().user()));
            }
        }
        String trajectory = UrlPaths.orNull("file", "trajectory", sha256);
        if (console != null && trajectory != null) {
            draft.link("File trajectory", console + trajectory);
        }
        return draft.finish(source());
    }

    private Finding byActivity(String value) throws AdapterException {
        ActivityResult activity = client.activity(value, ACTIVITY_PAGE_SIZE, ACTIVITY_PAGES, ACTIVITY_HOSTS);
        if (activity.computers().isEmpty()) {
            return Finding.nothingKnown(source());
        }
        FindingDraft draft = new FindingDraft();
        addActivity(draft, activity, "Seen on");
        draft.link("Search in AMP", searchLink(value));
        return draft.finish(source());
    }

    /** Host details, facts, threat events and trajectory links for computers that matched the lookup. */
    private void addComputers(FindingDraft draft, List<Computer> computers, String askedIp, Threats threats) {
        if (computers.isEmpty()) {
            return;
        }
        List<Computer> shown = shown(computers);
        if (computers.size() > 1) {
            draft.headline("Matches", computers.size() + " computers, ambiguous: " + names(computers, NAMES_SHOWN));
        }
        addThreats(draft, threats, "Threat events", "none in the last " + LOOKBACK.toDays() + " days");
        for (Computer c : shown) {
            draft.host(ComputerView.host(c, askedIp, threats.events()));
            if (Boolean.TRUE.equals(c.isCompromised())) {
                draft.verdict(Disposition.SUSPICIOUS, "AMP marks " + c.hostname() + " as compromised");
            }
            String trajectory = c.connectorGuid() == null ? null
                    : UrlPaths.orNull("computers", c.connectorGuid(), "trajectory2");
            if (console != null && trajectory != null) {
                draft.link("Device trajectory: " + c.hostname(), console + trajectory);
            }
        }
        if (threats.error() == null && ThreatEvents.threats(threats.events()).isEmpty()) {
            draft.verdict(Disposition.CLEAN, "No threat events in the last " + LOOKBACK.toDays() + " days");
        }
        if (computers.size() == 1) {
            Computer c = computers.get(0);
            draft.detail("Connector", c.connectorVersion() == null ? null
                    : c.connectorVersion() + (Boolean.FALSE.equals(c.active()) ? " (inactive)" : ""));
            draft.detail("Group", ComputerView.group(c));
            draft.detail("Policy", c.policy() == null ? null : c.policy().name());
            draft.detail("Isolation", ComputerView.isolation(c));
            draft.detail("Last seen", c.lastSeen());
        } else {
            shown.forEach(c -> draft.detail(c.hostname() == null ? "(no hostname)" : c.hostname(),
                    ComputerView.summary(c)));
        }
    }

    /** Threat-event facts and the verdict they imply; a failed events call is shown, not thrown. */
    private void addThreats(FindingDraft draft, Threats threats, String title, String noneText) {
        if (threats.error() != null) {
            draft.headline(title, "unavailable (" + threats.error() + ")");
            draft.verdict(Disposition.UNKNOWN, title + " unavailable");
            return;
        }
        List<Event> events = ThreatEvents.threats(threats.events());
        if (events.isEmpty()) {
            draft.headline(title, noneText);
            return;
        }
        Event worst = ThreatEvents.worst(events);
        draft.verdict(ThreatEvents.dispositionOf(worst), ThreatEvents.describe(worst));
        draft.headline(title, events.size() + " on " + ThreatEvents.computerCount(events) + " computer(s): "
                + ThreatEvents.countsByType(events));
        draft.headline("Worst event", ThreatEvents.describe(worst));
    }

    /** The computers an activity search found, as hosts and one "seen on N computers" fact. */
    private void addActivity(FindingDraft draft, ActivityResult activity, String title) {
        if (activity.computers().isEmpty()) {
            return;
        }
        int count = activity.count();
        int read = activity.computers().size();
        String more = read < count || !activity.complete() ? " (first " + read + " read)" : "";
        draft.headline(title, count + " computer(s): " + names(activity.computers(), NAMES_SHOWN) + more);
        draft.verdict(Disposition.UNKNOWN, "Seen on " + count + " computer(s)");
        for (Computer c : activity.computers()) {
            draft.host(ComputerView.brief(c.hostname(), c.connectorGuid(), List.of(), List.of(), null));
        }
    }

    /** The computers shown in detail (and whose events are read). */
    private static List<Computer> shown(List<Computer> computers) {
        return computers.subList(0, Math.min(DETAILED_HOSTS, computers.size()));
    }

    /**
     * The threat events of the computers shown in detail, from the last {@link #LOOKBACK}: a call that needs their
     * connector guids, so it always follows the computer search. Null when no computer has a guid.
     */
    private EventQuery threatQuery(List<Computer> computers) {
        List<String> guids = shown(computers).stream().map(Computer::connectorGuid).filter(Objects::nonNull).toList();
        return guids.isEmpty() ? null : new EventQuery(guids, ThreatEvents.allTypes(), null,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minus(LOOKBACK)
                        .truncatedTo(ChronoUnit.SECONDS), EVENT_LIMIT);
    }

    /** The computers that really carry the IP (addresses are trimmed); all of them if none does, to lose nothing. */
    private static List<Computer> withIp(List<Computer> computers, String ip) {
        List<Computer> exact = computers.stream().filter(c -> ComputerView.hasIp(c, ip)).toList();
        return exact.isEmpty() ? computers : exact;
    }

    private Threats threats(EventQuery query) {
        return threats(() -> client.events(query));
    }

    private static Threats threats(ConcurrentCalls.Call<List<Event>> events) {
        try {
            return new Threats(events.run(), null);
        } catch (AdapterException e) {
            return new Threats(List.of(), e.getMessage());
        }
    }

    private String searchLink(String value) {
        return console == null ? null : console + "/search?query=" + UrlPaths.queryValue(value);
    }

    private static String names(List<Computer> computers, int max) {
        String shown = computers.stream().limit(max)
                .map(c -> c.hostname() == null ? c.connectorGuid() : c.hostname())
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
        return computers.size() > max ? shown + ", …" : shown;
    }

    @Override
    public void close() {
        calls.close();
        client.close();
    }

    /** Events from one call, or the reason the call failed. */
    private record Threats(List<Event> events, String error) {
    }
}

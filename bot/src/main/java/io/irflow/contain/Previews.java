package io.irflow.contain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.ImpactPreview;
import io.irflow.capabilities.ImpactPreview.Impact;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gathers a confirmation card's impact preview: every product that previews the action ({@link ImpactPreview}) is
 * asked in parallel, and for a quarantine or isolation the host's user, location, groups and profile come from the
 * investigation that found it (remembered here from every host investigation, so they cost no product call), or from
 * a new investigation (through the product caches) when none is remembered. Everything runs under one short deadline:
 * a part that is late or fails is named as unavailable and the card comes without it. Never throws.
 */
public final class Previews {
    private static final Logger LOG = LoggerFactory.getLogger(Previews.class);
    private static final Set<ObservableType> HOST_TYPES = Set.of(ObservableType.HOSTNAME, ObservableType.IPV4,
            ObservableType.IPV6, ObservableType.MAC);
    /** The facts of a host investigation worth stating before a quarantine or isolation, by their title. */
    private static final Set<String> HOST_FACTS = Set.of("group", "policy", "endpoint profile");
    private static final String HOST_DETAILS = "host details";

    private final List<ImpactPreview> products;
    private final Investigation investigation;
    private final ExecutorService pool;
    private final Duration deadline;
    private final Cache<String, InvestigationResult> recent;

    /**
     * @param products      the products that preview actions, in card order
     * @param investigation where host details come from when no recent investigation knows the host (null: none)
     * @param pool          where the preview calls run
     * @param deadline      how long a confirmation card waits for its preview, in all
     * @param fresh         how long a host investigation's answer is used for previews
     */
    public Previews(List<ImpactPreview> products, Investigation investigation, ExecutorService pool,
                    Duration deadline, Duration fresh, Ticker ticker) {
        this.products = List.copyOf(products);
        this.investigation = investigation;
        this.pool = pool;
        this.deadline = deadline;
        this.recent = Caffeine.newBuilder().expireAfterWrite(fresh).maximumSize(2_000).ticker(ticker).build();
    }

    /**
     * Remembers a finished host investigation under every identifier of the hosts it found (name, MAC, AMP connector
     * guid), for the confirmation that may follow. Given to {@link Investigation#listen}.
     */
    public void remember(InvestigationResult result) {
        if (!HOST_TYPES.contains(result.observable().type())) {
            return; // a hash's or domain's answer lists many computers; it says nothing about one of them
        }
        recent.put(normal(result.observable().value()), result);
        for (HostDetails h : hosts(result)) {
            identifiers(h).forEach(id -> recent.put(id, result));
        }
    }

    /** The preview for an action about to be confirmed; {@link Preview#NONE} for an undo or nothing to say. */
    public Preview of(PendingAction a) {
        if (a.undo()) {
            return Preview.NONE;
        }
        Map<String, Future<Impact>> parts = new LinkedHashMap<>();
        for (ImpactPreview p : products) {
            if (p.previews(a.kind())) {
                parts.put(p.source(), pool.submit(() -> p.preview(a.kind(), a.target())));
            }
        }
        List<Impact> impacts = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        Future<InvestigationResult> host = null;
        InvestigationResult known = null;
        if (a.kind() == ContainmentKind.QUARANTINE || a.kind() == ContainmentKind.ISOLATE) {
            known = remembered(a);
            if (known == null && investigation != null && hostObservable(a) != null) {
                Observable o = hostObservable(a);
                host = pool.submit(() -> investigation.run(o, false));
            }
        }
        long end = System.nanoTime() + deadline.toNanos();
        for (Map.Entry<String, Future<Impact>> part : parts.entrySet()) {
            try {
                impacts.add(part.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                unavailable.add(why(part.getKey(), e.getCause()));
            } catch (TimeoutException e) {
                part.getValue().cancel(true);
                unavailable.add(part.getKey() + " timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable.add(part.getKey() + " interrupted");
            }
        }
        if (host != null) {
            try {
                known = host.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                LOG.warn("preview of {} {}: host investigation failed", a.verb(), a.target(), e.getCause());
                unavailable.add(HOST_DETAILS + " failed");
            } catch (TimeoutException e) {
                host.cancel(true);
                unavailable.add(HOST_DETAILS + " timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable.add(HOST_DETAILS + " interrupted");
            }
        }
        if (known != null) {
            hostImpact(known, a).ifPresent(impacts::add);
            unavailable.addAll(failedSources(known));
        }
        return new Preview(impacts, unavailable);
    }

    /** "AMP for Endpoints refused the credentials" and the like; the product's own words stay in the log. */
    private static String why(String source, Throwable cause) {
        if (cause instanceof AdapterException e) {
            LOG.info("preview: {} did not answer: {}", source, e.getMessage());
            return source + " " + switch (e.kind()) {
                case UNAUTHORIZED -> "refused the credentials";
                case RATE_LIMITED -> "is rate-limiting irflow";
                case TIMEOUT -> "timed out";
                case UNAVAILABLE -> "is unavailable";
                default -> "failed";
            } + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "");
        }
        LOG.warn("preview: {} failed", source, cause);
        return source + " failed";
    }

    /** The remembered investigation of the action's host, by its target (MAC, guid) or the name in its label. */
    private InvestigationResult remembered(PendingAction a) {
        InvestigationResult r = recent.getIfPresent(normal(a.target()));
        String name = hostName(a);
        return r != null || name == null ? r : recent.getIfPresent(normal(name));
    }

    /** What to investigate for a host no recent investigation knows: its name, else a MAC target; null for neither. */
    private static Observable hostObservable(PendingAction a) {
        String name = hostName(a);
        if (name != null) {
            return new Observable(ObservableType.HOSTNAME, name);
        }
        return a.kind() == ContainmentKind.QUARANTINE ? new Observable(ObservableType.MAC, a.target()) : null;
    }

    /** The host name in the action's label ("WKS-FIN-042 (00:50:…)" or "WKS-FIN-042"), or null. */
    static String hostName(PendingAction a) {
        String label = a.targetLabel() == null ? "" : a.targetLabel().trim();
        int paren = label.indexOf(" (");
        String name = paren > 0 ? label.substring(0, paren).trim() : label;
        return name.isEmpty() || name.equalsIgnoreCase(a.target()) || name.contains(" ") ? null : name;
    }

    /** The host's user, location and each source's group, policy and endpoint profile. */
    private static java.util.Optional<Impact> hostImpact(InvestigationResult r, PendingAction a) {
        List<Fact> facts = new ArrayList<>();
        String user = hosts(r).stream().filter(h -> identifiers(h).contains(normal(a.target())))
                .map(HostDetails::user).filter(u -> u != null && !u.isBlank()).findFirst().orElse(r.hostUser());
        add(facts, "User", user);
        add(facts, "Location", r.hostLocation());
        for (SourceResult s : r.results()) {
            if (s.status() != SourceStatus.FOUND || s.finding() == null) {
                continue;
            }
            for (Fact f : s.finding().facts()) {
                if (f.title() != null && HOST_FACTS.contains(f.title().toLowerCase(Locale.ROOT))) {
                    add(facts, f.title() + " (" + s.source() + ")", f.value());
                }
            }
        }
        return facts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new Impact("", null, List.of(),
                facts));
    }

    /** The sources of a host investigation that did not answer, named as the card's other parts are. */
    private static List<String> failedSources(InvestigationResult r) {
        List<String> out = new ArrayList<>();
        for (SourceResult s : r.results()) {
            switch (s.status()) {
                case TIMED_OUT -> out.add(s.source() + " timed out");
                case REFUSED_CREDENTIALS -> out.add(s.source() + " refused the credentials");
                case RATE_LIMITED -> out.add(s.source() + " is rate-limiting irflow");
                case ERROR -> out.add(s.source() + " failed");
                default -> {
                }
            }
        }
        return out;
    }

    private static void add(List<Fact> facts, String title, String value) {
        if (value != null && !value.isBlank() && facts.stream().noneMatch(f -> f.title().equals(title))) {
            facts.add(new Fact(title, value));
        }
    }

    private static List<HostDetails> hosts(InvestigationResult r) {
        return r.results().stream().filter(s -> s.status() == SourceStatus.FOUND && s.finding() != null)
                .map(SourceResult::finding).map(Finding::hosts).flatMap(List::stream).toList();
    }

    private static Set<String> identifiers(HostDetails h) {
        Set<String> ids = new java.util.HashSet<>();
        if (h.hostname() != null) {
            ids.add(normal(h.hostname()));
        }
        h.macs().forEach(m -> ids.add(normal(m)));
        if (h.id() != null) {
            ids.add(normal(h.id().value()));
        }
        ids.remove("");
        return ids;
    }

    private static String normal(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}

package io.irflow.adapters.amp;

import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A finding being assembled from several AMP calls; keeps the worst verdict and the headline facts first. */
final class FindingDraft {
    private static final int MAX_FACTS = 8;

    private Verdict verdict = Verdict.unknown();
    private final List<Fact> headline = new ArrayList<>();
    private final List<Fact> details = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<String, HostDetails> hosts = new LinkedHashMap<>();

    /** Keeps this verdict when it is worse than the current one (or the first with a reason). */
    void verdict(Disposition disposition, String reason) {
        boolean worse = disposition.compareTo(verdict.disposition()) < 0;
        boolean firstReason = disposition == verdict.disposition() && verdict.reason().isEmpty();
        if (worse || firstReason) {
            verdict = new Verdict(disposition, reason);
        }
    }

    /** A fact the verdict rests on; shown before the details. */
    void headline(String title, String value) {
        if (value != null && !value.isBlank()) {
            headline.add(new Fact(title, value));
        }
    }

    /** A descriptive fact; dropped first when there are too many. */
    void detail(String title, String value) {
        if (value != null && !value.isBlank()) {
            details.add(new Fact(title, value));
        }
    }

    /** A console link; skipped when the console URL is not configured. */
    void link(String title, String url) {
        if (url != null) {
            links.add(new Link(title, url));
        }
    }

    /** A host, once per connector guid (the first, most detailed record wins). */
    void host(HostDetails host) {
        String key = host.id() != null ? host.id().value() : "#" + hosts.size();
        hosts.putIfAbsent(key, host);
    }

    /** Whether a host with this connector guid is already listed. */
    boolean hasHost(String connectorGuid) {
        return connectorGuid != null && hosts.containsKey(connectorGuid);
    }

    /** The finished finding (known). */
    Finding finish(String source) {
        List<Fact> facts = new ArrayList<>(headline);
        facts.addAll(details);
        return new Finding(source, true, verdict, facts.subList(0, Math.min(MAX_FACTS, facts.size())), links,
                new ArrayList<>(hosts.values()), null);
    }
}

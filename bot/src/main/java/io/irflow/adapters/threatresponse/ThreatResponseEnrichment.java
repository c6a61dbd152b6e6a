package io.irflow.adapters.threatresponse;

import io.irflow.adapters.ConcurrentCalls;
import io.irflow.adapters.threatresponse.dto.EnrichResponse;
import io.irflow.adapters.threatresponse.dto.JudgementDoc;
import io.irflow.adapters.threatresponse.dto.ModuleData;
import io.irflow.adapters.threatresponse.dto.ModuleError;
import io.irflow.adapters.threatresponse.dto.ModuleResult;
import io.irflow.adapters.threatresponse.dto.TrObservable;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.ObservableExtraction;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Verdict;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cisco Threat Response / SecureX / XDR (IROH) enrichment across every module the organisation has configured.
 *
 * <p>Operations: {@link #inspect} (free text to typed observables; CTIM types irflow does not handle are skipped),
 * {@link #enrich} (deliberate for fast per-module verdicts and, side by side with it (see {@link ConcurrentCalls}),
 * observe for sightings and the hosts that saw the observable; if observe fails or is slow the verdicts are still
 * returned; observe is cut off at the lookup's budget, when the investigation stops waiting anyway) and
 * {@link #probe}. Accepts every irflow observable type (sha256, sha1, md5, domain, ip, ipv6, url, hostname,
 * mac_address). Required config: the regional IROH base URL, API client id and password; optional token URL and
 * observe timeout.
 *
 * <p>Overall verdict is the worst module verdict (Malicious, then Suspicious, then Clean/Common); each module's own
 * verdict is one fact, so disagreement stays visible. Module errors ({@code errors[]} with HTTP 200) become
 * "unavailable" facts; warnings keep the module's data.
 */
public final class ThreatResponseEnrichment implements Enrichment, Probe, ObservableExtraction, AutoCloseable {
    private static final int MAX_MODULE_FACTS = 6;
    private static final int MAX_SEEN_ON = 3;
    private static final int MAX_LINKS = 4;

    private final ThreatResponseClient client;
    private final ConcurrentCalls calls;

    public ThreatResponseEnrichment(ThreatResponseConfig config) {
        this(config, Clock.systemUTC());
    }

    /** An adapter whose token expiry runs on the given clock (tests). */
    public ThreatResponseEnrichment(ThreatResponseConfig config, Clock clock) {
        this.client = new ThreatResponseClient(config, clock);
        this.calls = ConcurrentCalls.of(ThreatResponseClient.PRODUCT, config.http());
    }

    @Override
    public String source() {
        return ThreatResponseClient.PRODUCT;
    }

    @Override
    public boolean supports(ObservableType type) {
        return CtimTypes.toCtim(type) != null;
    }

    @Override
    public List<Observable> extract(String text) throws AdapterException {
        return inspect(text);
    }

    /** Pulls the observables irflow handles out of free text, normalised and without duplicates. */
    public List<Observable> inspect(String freeText) throws AdapterException {
        if (freeText == null || freeText.isBlank()) {
            return List.of();
        }
        Set<Observable> found = new LinkedHashSet<>();
        for (TrObservable o : client.inspect(freeText)) {
            if (o == null || o.value() == null || o.value().isBlank()) {
                continue;
            }
            CtimTypes.fromCtim(o.type()).ifPresent(type -> found.add(
                    new Observable(type, CtimTypes.normalise(type, o.value()))));
        }
        return List.copyOf(found);
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        List<TrObservable> query = List.of(new TrObservable(CtimTypes.toCtim(observable.type()), observable.value()));
        EnrichResponse deliberate;
        EnrichResponse observe = null;
        String observeProblem = null;
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<EnrichResponse> observing = lookup.start(() -> client.observe(query));
            deliberate = client.deliberate(query);
            try {
                observe = observing.join();
            } catch (AdapterException e) {
                // Observe fans out to slow modules; the fast verdicts are still worth showing.
                observeProblem = e.getMessage();
            }
        }
        Map<String, ModuleSummary> modules = new LinkedHashMap<>();
        SightedHosts hosts = new SightedHosts();
        List<Link> links = new ArrayList<>();
        read(deliberate, observable, modules, hosts, links);
        if (observe != null) {
            read(observe, observable, modules, hosts, links);
        }
        return toFinding(modules, hosts, links, observeProblem);
    }

    @Override
    public void probe() throws AdapterException {
        client.settings();
    }

    private void read(EnrichResponse response, Observable observable, Map<String, ModuleSummary> modules,
                      SightedHosts hosts, List<Link> links) {
        for (ModuleResult result : nonNull(response.data())) {
            if (result == null) {
                continue;
            }
            ModuleSummary module = modules.computeIfAbsent(ModuleSummary.nameOf(result), ModuleSummary::new);
            ModuleData data = result.data();
            if (data == null) {
                continue;
            }
            if (data.verdicts() != null) {
                nonNull(data.verdicts().docs()).stream()
                        .filter(v -> v != null && about(v.observable(), observable))
                        .forEach(module::verdict);
            }
            if (data.sightings() != null) {
                module.sightings(data.sightings());
                nonNull(data.sightings().docs()).stream().filter(s -> s != null).forEach(hosts::add);
            }
            if (data.judgements() != null) {
                for (JudgementDoc j : nonNull(data.judgements().docs())) {
                    if (j != null && about(j.observable(), observable)) {
                        link(links, j.source() == null ? module.module() : j.source(), j.sourceUri());
                    }
                }
            }
        }
        for (ModuleError error : nonNull(response.errors())) {
            if (error != null) {
                String name = error.module() == null ? "unnamed module" : error.module();
                modules.computeIfAbsent(name, ModuleSummary::new).problem(error.type(), error.code());
            }
        }
    }

    private Finding toFinding(Map<String, ModuleSummary> modules, SightedHosts hosts, List<Link> links,
                              String observeProblem) throws AdapterException {
        boolean known = hosts.count() > 0 || modules.values().stream().anyMatch(ModuleSummary::knows);
        boolean allFailed = !modules.isEmpty() && modules.values().stream().allMatch(ModuleSummary::failed);
        if (allFailed) {
            throw new AdapterException(source(), Kind.UNAVAILABLE, "every Threat Response module failed: "
                    + modules.values().stream().map(m -> m.module() + " " + m.describe())
                    .collect(Collectors.joining(", ")));
        }
        List<Fact> facts = new ArrayList<>();
        List<ModuleSummary> worthShowing = modules.values().stream()
                .filter(m -> m.describe() != null)
                .sorted((a, b) -> Boolean.compare(a.failed(), b.failed()))
                .toList();
        worthShowing.stream().limit(MAX_MODULE_FACTS).forEach(m -> facts.add(new Fact(m.module(), m.describe())));
        if (worthShowing.size() > MAX_MODULE_FACTS) {
            facts.add(new Fact("Other modules", (worthShowing.size() - MAX_MODULE_FACTS) + " more"));
        }
        if (hosts.count() > 0) {
            facts.add(new Fact("Seen on", seenOn(hosts)));
        }
        if (observeProblem != null) {
            facts.add(new Fact("Sightings", "not available: " + observeProblem));
        }
        if (!known && facts.isEmpty()) {
            return Finding.nothingKnown(source());
        }
        return new Finding(source(), known, verdict(modules), facts, links, hosts.hosts(), null);
    }

    private static Verdict verdict(Map<String, ModuleSummary> modules) {
        Disposition worst = modules.values().stream().map(ModuleSummary::disposition)
                .min(Disposition::compareTo).orElse(Disposition.UNKNOWN);
        if (worst == Disposition.UNKNOWN) {
            return new Verdict(Disposition.UNKNOWN, "no module has a verdict");
        }
        // "Malicious per Talos Intelligence; Clean per AMP File Reputation": worst first, module wording kept.
        Map<String, List<String>> byName = new LinkedHashMap<>();
        modules.values().stream()
                .filter(m -> m.disposition() != Disposition.UNKNOWN && m.dispositionName() != null)
                .sorted((a, b) -> a.disposition().compareTo(b.disposition()))
                .forEach(m -> byName.computeIfAbsent(m.dispositionName(), k -> new ArrayList<>()).add(m.module()));
        String reason = byName.entrySet().stream()
                .map(e -> e.getKey() + " per " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
        return new Verdict(worst, reason);
    }

    private static String seenOn(SightedHosts hosts) {
        List<String> names = hosts.hosts().stream()
                .map(h -> h.hostname() != null ? h.hostname() : !h.ips().isEmpty() ? h.ips().get(0) : h.id() == null ? null : h.id().value())
                .filter(n -> n != null).limit(MAX_SEEN_ON).toList();
        int more = hosts.count() - names.size();
        return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
    }

    private static boolean about(TrObservable seen, Observable asked) {
        // Docs without an observable are taken as answering the question asked.
        return seen == null || seen.value() == null || seen.value().trim().equalsIgnoreCase(asked.value());
    }

    private static void link(List<Link> links, String title, String url) {
        if (links.size() < MAX_LINKS && url != null && (url.startsWith("https://") || url.startsWith("http://"))
                && links.stream().noneMatch(l -> l.url().equals(url))) {
            links.add(new Link(title, url));
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    @Override
    public void close() {
        calls.close();
        client.close();
    }
}

package io.irflow.adapters.threatgrid;

import io.irflow.adapters.ConcurrentCalls;
import io.irflow.adapters.threatgrid.dto.SampleFeed;
import io.irflow.adapters.threatgrid.dto.Submission;
import io.irflow.adapters.threatgrid.dto.Submission.Behavior;
import io.irflow.adapters.threatgrid.dto.Submission.FileDescription;
import io.irflow.adapters.threatgrid.dto.SubmissionSearch;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Verdict;
import io.irflow.net.UrlPaths;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Threat Grid (Secure Malware Analytics) as an enrichment source.
 * <ul>
 *   <li>SHA256, SHA1, MD5: finished analyses of the file (count, highest threat score, behaviours, file name and type)
 *       and the domains and IPs the highest-scoring sample contacted (at most 3 calls: the search, then the two sample
 *       feeds side by side, see {@link ConcurrentCalls}; the feeds need the sample id the search returns).</li>
 *   <li>DOMAIN, IPV4: the analysed samples that contacted it, highest threat score first (1 call).</li>
 *   <li>Probe: {@code GET /api/v3/session/whoami}.</li>
 * </ul>
 * Needs {@link ThreatGridConfig}: the cloud or appliance base URL and a user API key.
 */
public final class ThreatGridEnrichment implements Enrichment, Probe, AutoCloseable {
    // Thresholds as in the Cortex ThreatGrid analyzer (docs/reference/threatgrid.md gives none, and the search API
    // returns a score but no verdict): >=90 malicious, >=50 suspicious, below that "low". Every score is shown with its
    // band (band()), so a card never says "no verdict" beside a score of 95. Below 50 the disposition is UNKNOWN rather
    // than clean, because a quiet sandbox run is not proof of a harmless file.
    static final int MALICIOUS_SCORE = 90;
    static final int SUSPICIOUS_SCORE = 50;
    static final int SEARCH_LIMIT = 25;
    static final int FEED_LIMIT = 20;
    private static final int SHOWN = 5;
    private static final int SHOWN_BEHAVIOURS = 3;
    private static final int MAX_TYPE_LENGTH = 80;
    private static final Set<Kind> TOLERATED_FOR_FEEDS = Set.of(Kind.NOT_FOUND, Kind.MALFORMED, Kind.UNAVAILABLE);
    private static final Comparator<Submission> HIGHEST_SCORE_THEN_NEWEST = Comparator
            .comparing((Submission s) -> s.threatScore() == null ? -1 : s.threatScore())
            .thenComparing(s -> s.submittedAt() == null ? "" : s.submittedAt());

    private final ThreatGridClient client;
    private final String portal;
    private final ConcurrentCalls calls;

    public ThreatGridEnrichment(ThreatGridConfig config) {
        this.client = new ThreatGridClient(config);
        this.portal = config.http().base();
        this.calls = ConcurrentCalls.of(ThreatGridClient.PRODUCT, config.http());
    }

    @Override
    public String source() {
        return ThreatGridClient.PRODUCT;
    }

    @Override
    public boolean supports(ObservableType type) {
        return type.isHash() || type == ObservableType.DOMAIN || type == ObservableType.IPV4;
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        if (!supports(observable.type()) || observable.value().isBlank()) {
            throw new AdapterException(source(), Kind.BAD_INPUT, "Threat Grid cannot look up " + observable.type());
        }
        return observable.type().isHash() ? file(observable) : network(observable);
    }

    @Override
    public void probe() throws AdapterException {
        client.whoami();
    }

    private Finding file(Observable hash) throws AdapterException {
        // No `term`: the official example searches a hash with q and state=succ only
        // (docs/reference/threatgrid.md#submission-search). Hits may also be
        // other samples that merely contain the file, so analyses of the file itself are picked by their hashes.
        SubmissionSearch result = client.searchSubmissions(hash.value(), null, SEARCH_LIMIT);
        List<Submission> hits = result.submissions();
        if (hits.isEmpty()) {
            return Finding.nothingKnown(source());
        }
        List<Submission> analyses = hits.stream().filter(s -> hash.value().equalsIgnoreCase(hashOf(s, hash.type())))
                .toList();
        if (analyses.isEmpty()) {
            return related(hits, result.total(), "no analysis of this file; found in ", "");
        }
        Submission top = analyses.stream().max(HIGHEST_SCORE_THEN_NEWEST).orElseThrow();
        int count = analyses.size() == hits.size() ? Math.max(result.total(), hits.size()) : analyses.size();
        String newest = analyses.stream().map(Submission::submittedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).map(d -> d.length() >= 10 ? d.substring(0, 10) : d).orElse(null);

        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Analyses", count + (newest == null ? "" : ", most recent " + newest)));
        facts.add(new Fact("Threat score", top.threatScore() == null ? "none"
                : top.threatScore() + " (" + band(top.threatScore()) + ")"));
        addIfAny(facts, "File name", fileName(top));
        addIfAny(facts, "File type", fileType(top));
        addIfAny(facts, "Behaviours", behaviours(top));
        if (top.sample() != null) {
            try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
                String sample = top.sample();
                ConcurrentCalls.Pending<SampleFeed> ips = lookup.start(() -> client.contactedIps(sample, FEED_LIMIT));
                String domains = contacted(() -> client.contactedDomains(sample, FEED_LIMIT), SampleFeed.Item::domain);
                addIfAny(facts, "Contacted domains", domains);
                addIfAny(facts, "Contacted IPs", contacted(ips::join, SampleFeed.Item::ip));
            }
        }
        return new Finding(source(), true, verdict(top), facts, links(top), List.of(), null);
    }

    private Finding network(Observable observable) throws AdapterException {
        // term values "domain" and "ip" are the sample search terms listed by the pythreatgrid2 client
        // (sample_search_types); docs/reference/threatgrid.md#submission-search marks the term list unconfirmed but
        // names `domain` as an example.
        String term = observable.type() == ObservableType.DOMAIN ? "domain" : "ip";
        SubmissionSearch result = client.searchSubmissions(observable.value(), term, SEARCH_LIMIT);
        if (result.submissions().isEmpty()) {
            return Finding.nothingKnown(source());
        }
        return related(result.submissions(), result.total(), "contacted by ",
                "; that is the samples' score, no verdict on the " + (term.equals("domain") ? "domain" : "IP") + " itself");
    }

    /**
     * Samples that contacted (or contain) the observable. Malware also talks to benign hosts (time.windows.com,
     * CDNs; docs/reference/threatgrid.md#sample-feeds), so their scores say little about the observable itself: the
     * verdict stays UNKNOWN, and the reason says the score is the samples'.
     */
    private Finding related(List<Submission> samples, int total, String reasonPrefix, String reasonSuffix) {
        int count = Math.max(total, samples.size());
        Submission top = samples.stream().max(HIGHEST_SCORE_THEN_NEWEST).orElseThrow();
        String reason = reasonPrefix + count + " analysed sample" + (count == 1 ? "" : "s")
                + (top.threatScore() == null ? "" : ", max threat score " + scoreWithName(top) + reasonSuffix);
        List<String> listed = samples.stream().sorted(HIGHEST_SCORE_THEN_NEWEST.reversed()).limit(SHOWN)
                .map(ThreatGridEnrichment::scoreWithName).toList();
        List<Fact> facts = List.of(
                new Fact("Samples", String.valueOf(count)),
                new Fact("Highest scoring", String.join("; ", listed)));
        return new Finding(source(), true, new Verdict(Disposition.UNKNOWN, reason), facts, links(top), List.of(), null);
    }

    /** The verdict from the highest threat score, e.g. "threat score 95 (malicious, sample.exe)". */
    static Verdict verdict(Submission top) {
        Integer score = top.threatScore();
        if (score == null) {
            return new Verdict(Disposition.UNKNOWN, "analysed, no threat score");
        }
        String reason = "threat score " + scoreWithName(top);
        if (score >= MALICIOUS_SCORE) {
            return new Verdict(Disposition.MALICIOUS, reason);
        }
        if (score >= SUSPICIOUS_SCORE) {
            return new Verdict(Disposition.SUSPICIOUS, reason);
        }
        return new Verdict(Disposition.UNKNOWN, reason);
    }

    private String contacted(ConcurrentCalls.Call<SampleFeed> call, Function<SampleFeed.Item, String> value)
            throws AdapterException {
        SampleFeed feed;
        try {
            feed = call.run();
        } catch (AdapterException e) {
            if (TOLERATED_FOR_FEEDS.contains(e.kind())) {
                return null;
            }
            throw e;
        }
        List<String> values = feed.items().stream().map(value).filter(v -> v != null && !v.isBlank())
                .distinct().toList();
        return abbreviatedList(values, SHOWN);
    }

    private List<Link> links(Submission top) {
        // Portal page, never the API report URL (it would carry the api_key;
        // docs/reference/threatgrid.md#portal-links).
        String path = top.sample() == null ? null : UrlPaths.orNull("mask", "samples", top.sample());
        return path == null ? List.of() : List.of(new Link("Threat Grid sample", portal + path));
    }

    /** "95 (malicious, sample.exe)", "60 (suspicious)", "? (sample.exe)". */
    private static String scoreWithName(Submission s) {
        String name = fileName(s);
        Integer score = s.threatScore();
        String band = score == null ? null : band(score);
        String inBrackets = band == null ? name : name == null ? band : band + ", " + name;
        return (score == null ? "?" : String.valueOf(score)) + (inBrackets == null ? "" : " (" + inBrackets + ")");
    }

    /** Threat Grid's verdict for a threat score: "malicious", "suspicious" or "low" (see the thresholds above). */
    static String band(int score) {
        return score >= MALICIOUS_SCORE ? "malicious" : score >= SUSPICIOUS_SCORE ? "suspicious" : "low";
    }

    private static String fileName(Submission s) {
        if (s.filename() != null && !s.filename().isBlank()) {
            return s.filename();
        }
        FileDescription file = firstFile(s);
        return file == null ? null : file.filename();
    }

    private static String fileType(Submission s) {
        FileDescription file = firstFile(s);
        if (file == null) {
            return null;
        }
        String type = file.magic() != null && !file.magic().isBlank() ? file.magic() : file.type();
        return type == null || type.length() <= MAX_TYPE_LENGTH ? type : type.substring(0, MAX_TYPE_LENGTH) + "…";
    }

    private static FileDescription firstFile(Submission s) {
        if (s.analysis() == null || s.analysis().metadata() == null) {
            return null;
        }
        var metadata = s.analysis().metadata();
        if (metadata.malwareDesc() != null && !metadata.malwareDesc().isEmpty() && metadata.malwareDesc().get(0) != null) {
            return metadata.malwareDesc().get(0);
        }
        return metadata.submittedFile();
    }

    private static String behaviours(Submission s) {
        if (s.analysis() == null || s.analysis().behaviors() == null) {
            return null;
        }
        List<String> titles = s.analysis().behaviors().stream()
                .filter(b -> b != null && (b.title() != null || b.name() != null))
                .sorted(Comparator.comparing((Behavior b) -> b.threat() == null ? 0 : b.threat()).reversed())
                .map(b -> (b.title() != null ? b.title() : b.name()) + (b.threat() == null ? "" : " (" + b.threat() + ")"))
                .toList();
        return abbreviatedList(titles, SHOWN_BEHAVIOURS);
    }

    private static String hashOf(Submission s, ObservableType type) {
        return switch (type) {
            case SHA256 -> s.sha256();
            case SHA1 -> s.sha1();
            default -> s.md5();
        };
    }

    private static String abbreviatedList(List<String> items, int max) {
        if (items.isEmpty()) {
            return null;
        }
        List<String> shown = items.subList(0, Math.min(max, items.size()));
        String more = items.size() > shown.size() ? " (+" + (items.size() - shown.size()) + " more)" : "";
        return String.join("; ", shown) + more;
    }

    private static void addIfAny(List<Fact> facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new Fact(title, value));
        }
    }

    @Override
    public void close() {
        calls.close();
        client.close();
    }
}

package io.irflow.adapters.investigate;

import io.irflow.adapters.ConcurrentCalls;
import io.irflow.adapters.investigate.dto.DomainCategorization;
import io.irflow.adapters.investigate.dto.LatestDomain;
import io.irflow.adapters.investigate.dto.RiskScore;
import io.irflow.adapters.investigate.dto.SecurityInfo;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.ImpactPreview;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Verdict;
import io.irflow.net.UrlPaths;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Umbrella Investigate as an enrichment source.
 * <ul>
 *   <li>DOMAIN (and URL, by its host): status and categories, security features and risk score
 *       (3 independent calls side by side, see {@link ConcurrentCalls}; when categorization answers 404 the other
 *       two go unread, two calls for nothing; the category catalogue is fetched once per process on top).</li>
 *   <li>IPV4 (and URL with an IP host): the malicious domains Umbrella recently saw on the IP (1 call).</li>
 *   <li>Probe: {@code GET /domains/categories}, which also warms the category catalogue.</li>
 * </ul>
 * Needs {@link InvestigateConfig}: base URL and an Investigate API bearer token.
 */
public final class InvestigateEnrichment implements Enrichment, Probe, AutoCloseable, ImpactPreview {
    /**
     * Risk score from which an unclassified or benign domain is called suspicious (no scale given,
     * docs/reference/umbrella-investigate.md#risk-score; our choice).
     */
    static final int HIGH_RISK_SCORE = 70;
    private static final int MAX_LISTED_DOMAINS = 5;
    // Console pages are not in Cisco's reference (docs/reference/umbrella-investigate.md#console-links); these forms
    // are the ones public integrations and Cisco's own book text link to
    // (code search: "investigate.umbrella.com/domain-view/name/{domain}/view", ".../ip-view/{ip}").
    private static final String CONSOLE = "https://investigate.umbrella.com";
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Set<Kind> TOLERATED_FOR_CONTEXT = Set.of(Kind.NOT_FOUND, Kind.MALFORMED, Kind.UNAVAILABLE);

    private final InvestigateClient client;
    private final CategoryCatalog catalog;
    private final ConcurrentCalls calls;

    public InvestigateEnrichment(InvestigateConfig config) {
        this.client = new InvestigateClient(config);
        this.catalog = new CategoryCatalog(client, Clock.systemUTC());
        this.calls = ConcurrentCalls.of(InvestigateClient.PRODUCT, config.http());
    }

    @Override
    public String source() {
        return InvestigateClient.PRODUCT;
    }

    @Override
    public boolean supports(ObservableType type) {
        return type == ObservableType.DOMAIN || type == ObservableType.URL || type == ObservableType.IPV4;
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        String subject = observable.type() == ObservableType.URL ? hostOf(observable.value()) : observable.value();
        subject = subject.trim().toLowerCase(Locale.ROOT);
        if (subject.endsWith(".")) {
            subject = subject.substring(0, subject.length() - 1);
        }
        if (IPV4.matcher(subject).matches()) {
            return ip(subject);
        }
        if (observable.type() == ObservableType.IPV4 || !DOMAIN.matcher(subject).matches()) {
            throw badInput(observable);
        }
        return domain(subject);
    }

    @Override
    public boolean previews(ContainmentKind kind) {
        return kind == ContainmentKind.BLOCK_DOMAIN;
    }

    /**
     * What the domain is, by Umbrella's status and categories (docs/reference/umbrella-investigate.md#categorization).
     * The reference documents no query-volume call, so no volume is given.
     */
    @Override
    public Impact preview(ContainmentKind kind, String target) throws AdapterException {
        String domain = target.trim().toLowerCase(Locale.ROOT);
        if (kind != ContainmentKind.BLOCK_DOMAIN || !DOMAIN.matcher(domain).matches()) {
            throw new AdapterException(source(), Kind.BAD_INPUT, source() + " cannot preview " + kind.verb());
        }
        DomainCategorization cat;
        try {
            cat = client.categorization(domain);
        } catch (AdapterException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return new Impact(source(), null, List.of(), List.of(new Fact("Status", statusText(0))));
            }
            throw e;
        }
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Status", statusText(cat == null || cat.status() == null ? 0 : cat.status())));
        addIfAny(facts, "Security categories", String.join(", ", catalog.names(
                cat == null ? null : cat.securityCategories())));
        addIfAny(facts, "Content categories", String.join(", ", catalog.names(
                cat == null ? null : cat.contentCategories())));
        return new Impact(source(), null, List.of(), facts);
    }

    @Override
    public void probe() throws AdapterException {
        catalog.remember(client.categories());
    }

    private Finding domain(String domain) throws AdapterException {
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<SecurityInfo> security = lookup.start(() -> client.security(domain));
            ConcurrentCalls.Pending<RiskScore> risk = lookup.start(() -> client.riskScore(domain));
            DomainCategorization cat;
            try {
                cat = client.categorization(domain);
            } catch (AdapterException e) {
                if (e.kind() == Kind.NOT_FOUND) {
                    return Finding.nothingKnown(source());
                }
                throw e;
            }
            return domain(domain, cat, context(security::join), context(risk::join));
        }
    }

    private Finding domain(String domain, DomainCategorization cat, SecurityInfo security, RiskScore risk) {

        int status = cat == null || cat.status() == null ? 0 : cat.status();
        List<String> securityNames = catalog.names(cat == null ? null : cat.securityCategories());
        List<String> contentNames = catalog.names(cat == null ? null : cat.contentCategories());
        Integer riskScore = risk == null ? null : risk.riskScore();
        boolean hasSecurity = security != null && security.hasData();
        if (status == 0 && securityNames.isEmpty() && contentNames.isEmpty() && !hasSecurity && riskScore == null) {
            return Finding.nothingKnown(source());
        }

        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Status", statusText(status)));
        addIfAny(facts, "Security categories", String.join(", ", securityNames));
        addIfAny(facts, "Content categories", String.join(", ", contentNames));
        if (riskScore != null) {
            facts.add(new Fact("Risk score", riskScore + "/100"));
        }
        if (hasSecurity) {
            addIfAny(facts, "Attack", security.attack());
            addIfAny(facts, "Threat type", security.threatType());
            addIfAny(facts, "SecureRank2", number(security.secureRank2()));
            addIfAny(facts, "DGA score", number(security.dgaScore()));
        }
        Verdict verdict = verdict(status, securityNames, riskScore);
        return new Finding(source(), true, verdict, facts, console("domain-view", "name", domain, "view"), List.of(),
                null);
    }

    private Finding ip(String ip) throws AdapterException {
        List<LatestDomain> domains;
        try {
            domains = client.latestDomains(ip);
        } catch (AdapterException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Finding.nothingKnown(source());
            }
            throw e;
        }
        List<String> names = domains.stream()
                .map(LatestDomain::name)
                .filter(n -> n != null && !n.isBlank())
                .distinct()
                .toList();
        if (names.isEmpty()) {
            return Finding.nothingKnown(source());
        }
        // A shared host can serve bad and good sites alike, so bad neighbours make the IP suspicious, not malicious.
        Verdict verdict = new Verdict(Disposition.SUSPICIOUS,
                "hosts " + names.size() + " malicious domain" + (names.size() == 1 ? "" : "s"));
        List<Fact> facts = List.of(
                new Fact("Malicious domains", String.valueOf(names.size())),
                new Fact("Latest", abbreviatedList(names)));
        return new Finding(source(), true, verdict, facts, console("ip-view", ip), List.of(), null);
    }

    /**
     * Status is authoritative (docs/reference/umbrella-investigate.md#categorization); the risk score only raises an
     * otherwise unmalicious domain.
     */
    static Verdict verdict(int status, List<String> securityNames, Integer riskScore) {
        if (status == -1) {
            String why = securityNames.isEmpty() ? "" : ": " + String.join(", ", securityNames);
            return new Verdict(Disposition.MALICIOUS, "Umbrella classifies it as malicious" + why);
        }
        if (riskScore != null && riskScore >= HIGH_RISK_SCORE) {
            return new Verdict(Disposition.SUSPICIOUS, "risk score " + riskScore + "/100");
        }
        if (status == 1) {
            return new Verdict(Disposition.CLEAN, "Umbrella classifies it as benign");
        }
        return new Verdict(Disposition.UNKNOWN, "not yet classified by Umbrella");
    }

    /** Runs a supporting call; its absence or failure must not hide the authoritative status. */
    private static <T> T context(Call<T> call) throws AdapterException {
        try {
            return call.run();
        } catch (AdapterException e) {
            if (TOLERATED_FOR_CONTEXT.contains(e.kind())) {
                return null;
            }
            throw e;
        }
    }

    /** The Investigate console page at these path segments, or no link when a segment cannot be encoded. */
    private static List<Link> console(String... segments) {
        String path = UrlPaths.orNull(segments);
        return path == null ? List.of() : List.of(new Link("Umbrella Investigate", CONSOLE + path));
    }

    private static String statusText(int status) {
        return switch (status) {
            case -1 -> "malicious";
            case 1 -> "benign";
            default -> "not classified";
        };
    }

    private static String hostOf(String url) {
        try {
            String withScheme = url.contains("://") ? url : "http://" + url;
            String host = new URI(withScheme).getHost();
            return host == null ? "" : host;
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static String abbreviatedList(List<String> items) {
        List<String> shown = items.subList(0, Math.min(MAX_LISTED_DOMAINS, items.size()));
        String more = items.size() > shown.size() ? " (+" + (items.size() - shown.size()) + " more)" : "";
        return String.join(", ", shown) + more;
    }

    private static String number(Double value) {
        return value == null ? null : String.format(Locale.ROOT, "%.1f", value);
    }

    private static void addIfAny(List<Fact> facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new Fact(title, value));
        }
    }

    private AdapterException badInput(Observable observable) {
        return new AdapterException(source(), Kind.BAD_INPUT,
                "Umbrella Investigate cannot look up " + observable.type().name().toLowerCase(Locale.ROOT)
                        + " values like this one");
    }

    @Override
    public void close() {
        calls.close();
        client.close();
    }

    /** A client call that may fail with an adapter error. */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws AdapterException;
    }
}

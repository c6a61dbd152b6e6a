package io.irflow.adapters.virustotal;

import io.irflow.adapters.virustotal.dto.AnalysisStats;
import io.irflow.adapters.virustotal.dto.VtAttributes;
import io.irflow.adapters.virustotal.dto.VtObject;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * VirusTotal API v3 reputation lookups.
 *
 * <p>Operations: {@link #enrich} (file report by SHA-256/SHA-1/MD5, domain, IPv4/IPv6 address, URL) and
 * {@link #probe} (one documented IP lookup; it costs one quota slot like every call). Required config: API base
 * (default {@code https://www.virustotal.com/api/v3}), API key, requests per minute (4 on the public API, enforced
 * client-side: when spent the call fails at once with RATE_LIMITED and the time a slot frees up).
 *
 * <p>Verdict: {@value #MALICIOUS_ENGINES} or more engines saying "malicious" is MALICIOUS (one or two engines alone
 * are often false positives); any malicious or suspicious engine below that is SUSPICIOUS; none, with at least one
 * engine having run, is CLEAN. The ratio shown is "malicious/total" as VirusTotal's own page shows it ("53 / 62
 * security vendors flagged this file as malicious"), so a responder who opens the console sees the same number; the
 * suspicious count is shown apart, never added to the numerator. See {@code Counts} for the total.
 * A 404 means VirusTotal has never seen the object: {@link Finding#nothingKnown}.
 */
public final class VirusTotalEnrichment implements Enrichment, Probe, AutoCloseable {
    /** Engines flagging "malicious" needed for a MALICIOUS verdict. */
    public static final int MALICIOUS_ENGINES = 3;
    private static final String GUI = "https://www.virustotal.com/gui/";
    private static final String PROBE_IP = "8.8.8.8";
    private static final int MAX_FACTS = 8;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final VirusTotalClient client;

    public VirusTotalEnrichment(VirusTotalConfig config) {
        this(config, Clock.systemUTC());
    }

    /** An adapter whose quota window runs on the given clock (tests). */
    public VirusTotalEnrichment(VirusTotalConfig config, Clock clock) {
        this.client = new VirusTotalClient(config, clock);
    }

    @Override
    public String source() {
        return VirusTotalClient.PRODUCT;
    }

    @Override
    public boolean supports(ObservableType type) {
        return type.isHash() || type.isIp() || type == ObservableType.DOMAIN || type == ObservableType.URL;
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        String value = observable.value().trim();
        Optional<VtObject> found = switch (observable.type()) {
            case SHA256, SHA1, MD5 -> client.file(checkedHash(observable.type(), value));
            case DOMAIN -> client.domain(value);
            case IPV4, IPV6 -> client.ipAddress(value);
            case URL -> client.url(urlId(value));
            default -> throw new AdapterException(source(), Kind.BAD_INPUT,
                    "VirusTotal cannot look up a " + observable.type());
        };
        return found.map(object -> toFinding(observable, object)).orElseGet(() -> Finding.nothingKnown(source()));
    }

    @Override
    public void probe() throws AdapterException {
        client.ipAddress(PROBE_IP);
    }

    /** The v3 URL identifier: the URL as unpadded URL-safe base64 (docs/reference/virustotal.md#url-identifiers). */
    public static String urlId(String url) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }

    private String checkedHash(ObservableType type, String hash) throws AdapterException {
        int length = switch (type) {
            case SHA256 -> 64;
            case SHA1 -> 40;
            default -> 32;
        };
        String lower = hash.toLowerCase(java.util.Locale.ROOT);
        if (lower.length() != length || !HEX.matcher(lower).matches()) {
            // Checked before spending quota on a lookup that cannot succeed.
            throw new AdapterException(source(), Kind.BAD_INPUT, "not a " + type + " hash: " + hash);
        }
        return lower;
    }

    private Finding toFinding(Observable observable, VtObject object) {
        VtAttributes a = object.attributes() == null ? emptyAttributes() : object.attributes();
        List<Fact> facts = new ArrayList<>();
        Counts counts = Counts.of(a.lastAnalysisStats());
        if (counts.ran() > 0) {
            facts.add(new Fact("Detections", counts.ratio() + " engines" + counts.suspiciousNote()));
        }
        switch (observable.type()) {
            case SHA256, SHA1, MD5 -> fileFacts(a, facts);
            case DOMAIN -> domainFacts(a, facts);
            case IPV4, IPV6 -> ipFacts(a, facts);
            default -> urlFacts(a, facts);
        }
        if (a.reputation() != null) {
            facts.add(new Fact("Reputation", a.reputation() + votes(a)));
        }
        add(facts, "Last analysed", time(a.lastAnalysisDate(), MINUTE));
        List<Link> links = link(observable, object).map(List::of).orElse(List.of());
        return new Finding(source(), true, verdict(counts), facts.stream().limit(MAX_FACTS).toList(), links,
                List.of(), null);
    }

    private static Verdict verdict(Counts c) {
        if (c.ran() == 0) {
            return new Verdict(Disposition.UNKNOWN, "VirusTotal has no finished analysis for it");
        }
        String ratio = c.ratio() + " engines flag it" + c.suspiciousNote();
        if (c.malicious() >= MALICIOUS_ENGINES) {
            return new Verdict(Disposition.MALICIOUS, ratio);
        }
        if (c.malicious() + c.suspicious() > 0) {
            return new Verdict(Disposition.SUSPICIOUS, ratio + " (below the " + MALICIOUS_ENGINES + "-engine threshold)");
        }
        return new Verdict(Disposition.CLEAN, ratio);
    }

    private static void fileFacts(VtAttributes a, List<Fact> facts) {
        if (a.popularThreatClassification() != null) {
            add(facts, "Threat label", a.popularThreatClassification().suggestedThreatLabel());
        }
        add(facts, "Type", a.typeDescription());
        if (a.size() != null) {
            facts.add(new Fact("Size", String.format(java.util.Locale.ROOT, "%,d bytes", a.size())));
        }
        String name = a.meaningfulName() != null ? a.meaningfulName()
                : a.names() == null || a.names().isEmpty() ? null : a.names().get(0);
        add(facts, "Name", name);
        add(facts, "First seen", time(a.firstSubmissionDate(), DAY));
    }

    private static void domainFacts(VtAttributes a, List<Fact> facts) {
        add(facts, "Categories", categories(a));
        add(facts, "Registrar", a.registrar());
        add(facts, "Created", time(a.creationDate(), DAY));
    }

    private static void ipFacts(VtAttributes a, List<Fact> facts) {
        String owner = a.asOwner() == null ? null : a.asOwner() + (a.asn() == null ? "" : " (AS" + a.asn() + ")");
        add(facts, "Owner", owner);
        add(facts, "Country", a.country());
        add(facts, "Network", a.network());
    }

    private static void urlFacts(VtAttributes a, List<Fact> facts) {
        add(facts, "Threat names", a.threatNames() == null || a.threatNames().isEmpty()
                ? null : String.join(", ", a.threatNames()));
        add(facts, "Final URL", a.lastFinalUrl());
        add(facts, "Title", a.title());
        add(facts, "Categories", categories(a));
    }

    private static String categories(VtAttributes a) {
        if (a.categories() == null || a.categories().isEmpty()) {
            return null;
        }
        return String.join(", ", a.categories().values().stream().filter(Objects::nonNull).distinct().limit(3).toList());
    }

    private static String votes(VtAttributes a) {
        if (a.totalVotes() == null) {
            return "";
        }
        int harmless = n(a.totalVotes().harmless());
        int malicious = n(a.totalVotes().malicious());
        return harmless + malicious == 0 ? "" : " (votes: " + harmless + " harmless, " + malicious + " malicious)";
    }

    private static Optional<Link> link(Observable observable, VtObject object) {
        String id = object.id();
        String path = switch (observable.type()) {
            case SHA256, SHA1, MD5 -> "file/";
            case DOMAIN -> "domain/";
            case IPV4, IPV6 -> "ip-address/";
            default -> "url/";
        };
        if (id == null || id.isBlank()) {
            // File and URL pages need VT's SHA-256 id; domains and IPs are their own id.
            if (observable.type().isHash() || observable.type() == ObservableType.URL) {
                return Optional.empty();
            }
            id = observable.value();
        }
        return Optional.of(new Link("VirusTotal", GUI + path + id));
    }

    private static String time(Long epochSeconds, DateTimeFormatter format) {
        return epochSeconds == null || epochSeconds <= 0 ? null : format.format(Instant.ofEpochSecond(epochSeconds));
    }

    private static void add(List<Fact> facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new Fact(title, value));
        }
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }

    private static VtAttributes emptyAttributes() {
        return new VtAttributes(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Engine counts of the last analysis, absent keys as zero.
     *
     * <p>The total ({@code ran}) is malicious + suspicious + undetected + harmless: the engines that gave an answer.
     * VirusTotal's page leaves out the engines that could not: {@code type-unsupported}, {@code timeout},
     * {@code confirmed-timeout} and {@code failure} (the 53/62 of a Word document whose stats also hold 13
     * type-unsupported engines), and so do we, so the figure matches the console. Suspicious engines are in the total
     * (they answered) but not in the numerator, which counts "malicious" only, as VirusTotal's does.
     */
    private record Counts(int malicious, int suspicious, int ran) {
        static Counts of(AnalysisStats s) {
            if (s == null) {
                return new Counts(0, 0, 0);
            }
            int ran = n(s.malicious()) + n(s.suspicious()) + n(s.undetected()) + n(s.harmless());
            return new Counts(n(s.malicious()), n(s.suspicious()), ran);
        }

        /** "malicious/total", e.g. {@code 53/62}. */
        String ratio() {
            return malicious + "/" + ran;
        }

        /** ", 3 suspicious" when any engine called it suspicious, else "". */
        String suspiciousNote() {
            return suspicious > 0 ? ", " + suspicious + " suspicious" : "";
        }
    }
}

package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Location;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The investigation card: verdict first (with its reason and source), the host summary (user, location,
 * isolation/quarantine) when the sources describe hosts, irflow's own containment state (the ledger) ahead of any
 * product's view, then a compact section per source that found something,
 * and one line for the sources that did not. Pure: no I/O, no clock. Product text is escaped; sizes are bounded.
 */
public final class InvestigationCard {
    static final int MAX_FACTS = 8;
    static final int MAX_VALUE = 300;
    static final int MAX_HOSTS = 5;
    static final int MAX_LINKS = 3;
    /** Webex documents no card size limit but refuses "too big" payloads; stay well under. */
    static final int MAX_CARD_BYTES = 24_000;
    /** Webex's markdown limit is 7439 bytes; leave room. */
    static final int MAX_FALLBACK_BYTES = 7_000;
    private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s()<>\\[\\]`\"]+");

    private InvestigationCard() {
    }

    /** Renders the card for one observable's result, with the given buttons (at most five). */
    public static Card render(InvestigationResult result, List<ObjectNode> actions) {
        return render(result, List.of(), actions);
    }

    /**
     * Renders the card with irflow's own containment state for the hosts (or the domain or hash) it shows: the
     * ledger's rows come first, ahead of what any product (possibly from its cache) says.
     *
     * @param held what irflow holds contained on what the card shows, from the ledger
     */
    public static Card render(InvestigationResult result, List<ContainedTargetStore.Row> held, List<ObjectNode> actions) {
        for (int facts = MAX_FACTS; ; facts = facts / 2) {
            ObjectNode card = Cards.card(body(result, held, facts), actions);
            if (card.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_CARD_BYTES || facts <= 1) {
                return new Card(card, fallback(result, held));
            }
        }
    }

    private static List<ObjectNode> body(InvestigationResult result, List<ContainedTargetStore.Row> held, int maxFacts) {
        List<ObjectNode> body = new ArrayList<>();
        InvestigationResult.Overall v = result.overall();
        body.add(Cards.colored(icon(v.disposition()) + " " + v.disposition().name() + " — "
                + Markdown.escape(result.observable().value(), 200), color(v.disposition())).put("size", "Large"));
        body.add(Cards.subtle(typeName(result.observable().type()) + " · " + found(result) + " of "
                + asked(result) + " sources answered with something · " + result.elapsed().toMillis() + " ms"));
        if (!v.source().isEmpty()) {
            String also = v.agreeing().isEmpty() ? "" : " Also: " + Markdown.escape(String.join(", ", v.agreeing())) + ".";
            body.add(Cards.text("**" + Markdown.escape(v.source()) + "**: " + Markdown.escape(v.reason(), MAX_VALUE) + also));
        } else {
            body.add(Cards.text(Markdown.escape(v.reason())));
        }
        if (!held.isEmpty()) {
            List<ObjectNode> lines = new ArrayList<>();
            lines.add(Cards.text("**Contained by irflow**"));
            held.stream().limit(MAX_HOSTS).forEach(r -> lines.add(Cards.colored(ContainmentCards.held(r), "Attention")));
            body.add(Cards.section(lines));
        }
        hostSummary(result, held).ifPresent(body::add);
        for (SourceResult r : result.results()) {
            if (r.status() == SourceStatus.FOUND && r.finding() != null) {
                body.add(section(r, maxFacts));
            }
        }
        String others = otherSources(result);
        if (!others.isEmpty()) {
            body.add(Cards.section(List.of(Cards.subtle(others))));
        }
        return body;
    }

    private static ObjectNode section(SourceResult r, int maxFacts) {
        Finding f = r.finding();
        List<ObjectNode> items = new ArrayList<>();
        String when = r.cachedAt() != null ? " · cached" : " · " + r.elapsed().toMillis() + " ms";
        items.add(Cards.text("**" + Markdown.escape(r.source()) + "** — " + dispositionWord(f.verdict().disposition()) + when));
        if (!f.verdict().reason().isBlank()) {
            items.add(Cards.subtle(Markdown.escape(f.verdict().reason(), MAX_VALUE)));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (Fact fact : f.facts()) {
            if (facts.size() >= maxFacts) {
                break;
            }
            facts.putIfAbsent(Markdown.escape(fact.title(), 60), Markdown.escape(fact.value(), MAX_VALUE));
        }
        if (!facts.isEmpty()) {
            items.add(Cards.facts(facts));
        }
        String links = links(f.links());
        if (!links.isEmpty()) {
            items.add(Cards.text(links));
        }
        return Cards.section(items);
    }

    private static java.util.Optional<ObjectNode> hostSummary(InvestigationResult result, List<ContainedTargetStore.Row> held) {
        List<HostDetails> hosts = new ArrayList<>();
        Location location = null;
        for (SourceResult r : result.results()) {
            if (r.finding() == null || r.status() != SourceStatus.FOUND) {
                continue;
            }
            hosts.addAll(r.finding().hosts());
            if (location == null) {
                location = r.finding().location();
            }
        }
        if (hosts.isEmpty() && location == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> facts = new LinkedHashMap<>();
        putFirst(facts, "Host", hosts.stream().map(HostDetails::hostname).toList());
        putFirst(facts, "User", hosts.stream().map(HostDetails::user).toList());
        putFirst(facts, "IP", hosts.stream().flatMap(h -> h.ips().stream()).toList());
        putFirst(facts, "MAC", hosts.stream().flatMap(h -> h.macs().stream()).toList());
        putFirst(facts, "OS", hosts.stream().map(HostDetails::os).toList());
        List<String> states = hosts.stream().map(HostDetails::containment).filter(s -> s != null && !s.isBlank()).distinct().toList();
        String products = Markdown.escape(String.join(" · ", states), MAX_VALUE);
        if (!held.isEmpty()) {
            String irflow = String.join(", ", held.stream().map(r -> ContainmentCards.pastTense(r.kind().verb()))
                    .distinct().toList());
            facts.put("Containment", irflow + " by irflow (see above)" + (states.isEmpty() ? "" : " · products say: " + products));
        } else {
            facts.put("Containment", states.isEmpty() ? "not isolated or quarantined as far as the sources know" : products);
        }
        if (location != null) {
            facts.put("Location", Markdown.escape(location.mapHierarchy(), MAX_VALUE)
                    + (location.lastLocated() == null ? "" : " (seen " + location.lastLocated() + ")"));
        }
        // Records without a host name (ISE sessions, CMX clients) describe the named host, not another one.
        long distinct = hosts.stream().map(HostDetails::hostname).filter(h -> h != null && !h.isBlank())
                .map(String::toLowerCase).distinct().count();
        List<ObjectNode> items = new ArrayList<>();
        items.add(Cards.text("**Host" + (distinct > 1 ? "s (" + Math.min(distinct, MAX_HOSTS) + (distinct > MAX_HOSTS ? "+" : "")
                + ")" : "") + "**"));
        items.add(Cards.facts(facts));
        return java.util.Optional.of(Cards.section(items));
    }

    private static void putFirst(Map<String, String> facts, String title, List<String> values) {
        List<String> distinct = values.stream().filter(v -> v != null && !v.isBlank()).distinct().limit(MAX_HOSTS).toList();
        if (!distinct.isEmpty()) {
            facts.put(title, Markdown.escape(String.join(", ", distinct), MAX_VALUE));
        }
    }

    private static String links(List<Link> links) {
        List<String> md = new ArrayList<>();
        for (Link l : links) {
            if (md.size() >= MAX_LINKS) {
                break;
            }
            if (l.url() != null && SAFE_URL.matcher(l.url()).matches()) {
                md.add("[" + Markdown.escape(l.title(), 60) + "](" + l.url() + ")");
            }
        }
        return String.join(" · ", md);
    }

    private static String otherSources(InvestigationResult result) {
        Map<SourceStatus, List<String>> by = new LinkedHashMap<>();
        for (SourceResult r : result.results()) {
            if (r.status() == SourceStatus.FOUND) {
                continue;
            }
            String detail = r.detail() == null || r.detail().isBlank() ? "" : " (" + Markdown.escape(r.detail(), 80) + ")";
            by.computeIfAbsent(r.status(), k -> new ArrayList<>()).add(Markdown.escape(r.source(), 60) + detail);
        }
        List<String> parts = new ArrayList<>();
        by.forEach((status, names) -> parts.add(capitalize(status.label()) + ": " + String.join(", ", names)));
        return String.join(" · ", parts);
    }

    /** The markdown fallback for clients without cards and for notifications, bounded in bytes. */
    static String fallback(InvestigationResult result) {
        return fallback(result, List.of());
    }

    static String fallback(InvestigationResult result, List<ContainedTargetStore.Row> held) {
        InvestigationResult.Overall v = result.overall();
        StringBuilder md = new StringBuilder();
        md.append("**").append(v.disposition().name()).append("** — ").append(Markdown.escape(result.observable().value(), 200));
        if (!v.source().isEmpty()) {
            md.append("  \n").append(Markdown.escape(v.source())).append(": ").append(Markdown.escape(v.reason(), MAX_VALUE));
        }
        held.stream().limit(MAX_HOSTS).forEach(r -> md.append("  \n").append(ContainmentCards.held(r)));
        for (SourceResult r : result.results()) {
            String line = "\n- " + Markdown.escape(r.source()) + ": " + (r.status() == SourceStatus.FOUND && r.finding() != null
                    ? dispositionWord(r.finding().verdict().disposition()) : r.status().label());
            if (md.toString().getBytes(StandardCharsets.UTF_8).length + line.getBytes(StandardCharsets.UTF_8).length
                    > MAX_FALLBACK_BYTES) {
                break;
            }
            md.append(line);
        }
        return md.toString();
    }

    private static long found(InvestigationResult r) {
        return r.results().stream().filter(s -> s.status() == SourceStatus.FOUND).count();
    }

    private static long asked(InvestigationResult r) {
        return r.results().stream().filter(s -> s.status() != SourceStatus.NOT_CONFIGURED).count();
    }

    private static String dispositionWord(Disposition d) {
        return switch (d) {
            case MALICIOUS -> "malicious";
            case SUSPICIOUS -> "suspicious";
            case CLEAN -> "clean";
            case UNKNOWN -> "no verdict";
        };
    }

    private static String icon(Disposition d) {
        return switch (d) {
            case MALICIOUS -> "🔴";
            case SUSPICIOUS -> "🟠";
            case CLEAN -> "🟢";
            case UNKNOWN -> "⚪";
        };
    }

    private static String color(Disposition d) {
        return switch (d) {
            case MALICIOUS -> "Attention";
            case SUSPICIOUS -> "Warning";
            case CLEAN -> "Good";
            case UNKNOWN -> "Default";
        };
    }

    private static String typeName(io.irflow.capabilities.ObservableType t) {
        return switch (t) {
            case HOSTNAME -> "Host";
            case IPV4, IPV6 -> "IP address";
            case MAC -> "MAC address";
            case DOMAIN -> "Domain";
            case URL -> "URL";
            case SHA256 -> "SHA-256";
            case SHA1 -> "SHA-1";
            case MD5 -> "MD5";
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

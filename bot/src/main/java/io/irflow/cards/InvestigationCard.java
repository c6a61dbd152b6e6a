package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Link;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The investigation card, compact: the verdict, the one-line why, the host line (name, user, where, containment state
 * with irflow's own actions first), which sources answered, then the buttons; each source's detail waits behind
 * "Details" (an Action.ShowCard in an ActionSet of its own, both of which Webex renders). Every fact shows once:
 * what the front shows is left out of the Details. Times, states and plurals come from {@link Words}. Pure: no I/O, no clock. Product text is escaped; sizes
 * are bounded.
 */
public final class InvestigationCard {
    static final int MAX_FACTS = 8;
    static final int MAX_VALUE = 300;
    static final int MAX_HOSTS = HostLine.MAX_HOSTS;
    static final int MAX_LINKS = 3;
    /** Buttons a caller may pass: the fifth action is Details. */
    public static final int MAX_BUTTONS = Cards.MAX_ACTIONS - 1;
    /** Webex documents no card size limit but refuses "too big" payloads; stay well under. */
    static final int MAX_CARD_BYTES = 24_000;
    /** Webex's markdown limit is 7439 bytes; leave room. */
    static final int MAX_FALLBACK_BYTES = 7_000;
    private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s()<>\\[\\]`\"]+");
    /**
     * A row of buttons fits in this much: the demo's 620 px card less its padding, with a little room; a button is
     * about 8.3 px per character of its title plus 38 px of padding and gap (measured in the demo's browser test).
     */
    private static final int ROW_PX = 580;
    private static final int CHAR_TENTHS_PX = 83;
    private static final int BUTTON_PADDING_PX = 38;
    private static final Pattern SCORE = Pattern.compile("(?i)threat score (\\d{1,3})");

    private InvestigationCard() {
    }

    /**
     * Renders the card for one observable's result with irflow's own containment state for what it shows (the
     * ledger's rows come first, ahead of what any product, possibly from its cache, says) and the given buttons.
     *
     * @param held    what irflow holds contained on what the card shows, from the ledger
     * @param actions at most {@link #MAX_BUTTONS} buttons; Details comes after them
     * @param words   the vocabulary as of now, in the team's zone
     */
    public static Card render(InvestigationResult result, List<ContainedTargetStore.Row> held, List<ObjectNode> actions,
                              Words words) {
        List<ObjectNode> buttons = actions.stream().limit(MAX_BUTTONS).toList();
        HostLine line = HostLine.of(result, held, words);
        for (int facts = MAX_FACTS; ; facts = facts / 2) {
            List<ObjectNode> body = front(result, line, words);
            List<ObjectNode> details = details(result, line, facts, words);
            if (!details.isEmpty()) {
                // on its own row under the summary, so the containment buttons keep their row to themselves
                body.add(Cards.actionSet(List.of(Cards.showCard("Details", details, List.of())))
                        .put("spacing", "Small"));
            }
            List<List<ObjectNode>> rows = rows(buttons);
            for (List<ObjectNode> row : rows.subList(0, Math.max(0, rows.size() - 1))) {
                body.add(Cards.actionSet(row));
            }
            ObjectNode card = Cards.card(body, rows.isEmpty() ? List.of() : rows.get(rows.size() - 1));
            if (card.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_CARD_BYTES || facts <= 1) {
                return new Card(card, fallback(result, held, words));
            }
        }
    }

    /**
     * The buttons in rows that fit the card's width (renderers do not wrap a row of buttons: the last ones would be
     * cut off), estimated from their titles; all rows but the last go into the body as ActionSets.
     */
    static List<List<ObjectNode>> rows(List<ObjectNode> buttons) {
        List<List<ObjectNode>> rows = new ArrayList<>();
        List<ObjectNode> row = new ArrayList<>();
        int width = 0;
        for (ObjectNode b : buttons) {
            int w = BUTTON_PADDING_PX + CHAR_TENTHS_PX * b.path("title").asText().length() / 10;
            if (!row.isEmpty() && width + w > ROW_PX) {
                rows.add(row);
                row = new ArrayList<>();
                width = 0;
            }
            row.add(b);
            width += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static List<ObjectNode> front(InvestigationResult result, HostLine line, Words words) {
        List<ObjectNode> body = new ArrayList<>();
        InvestigationResult.Overall v = result.overall();
        body.add(Cards.colored(v.disposition().name() + " — " + Markdown.escape(subject(result), 200),
                color(v.disposition())).put("size", "Large"));
        if (result.observable().type().isHash() || result.observable().value().length() > 60) {
            // the full value, copyable, never clipped: the title shows it shortened
            body.add(Cards.text(Markdown.escape(result.observable().value(), 2100)).put("fontType", "Monospace")
                    .put("size", "Small").put("spacing", "None"));
        }
        body.add(Cards.text(why(v, words)));
        if (!line.facts().isEmpty()) {
            body.add(Cards.facts(line.facts()));
        }
        String sources = SourcesLine.of(result);
        body.add(Cards.subtle(typeName(result.observable().type()) + (sources.isEmpty() ? "" : " · " + sources)
                + " · " + seconds(result.elapsed().toMillis())));
        return body;
    }

    /** "**AMP for Endpoints**: Executed malware: … · Threat Response agrees", or the reason nobody judges it. */
    private static String why(InvestigationResult.Overall v, Words words) {
        if (v.source().isEmpty()) {
            return Markdown.escape(v.reason());
        }
        String agree = v.agreeing().isEmpty() ? "" : " · " + Markdown.escape(SourcesLine.list(v.agreeing()))
                + (v.agreeing().size() == 1 ? " agrees" : " agree");
        return "**" + Markdown.escape(v.source()) + "**: "
                + Markdown.escape(ProductText.words(v.reason(), words), MAX_VALUE)
                + agree;
    }

    /** The title's subject: a host as the products spell it, a hash or long URL shortened (shown in full below). */
    static String subject(InvestigationResult result) {
        String value = HostLine.spelled(result);
        if (result.observable().type().isHash()) {
            return typeName(result.observable().type()) + " " + Words.shortId(value);
        }
        return value.length() > 60 ? Markdown.truncate(value, 60) : value;
    }

    /** Each source that found something, then the rest, without what the front already shows. */
    private static List<ObjectNode> details(InvestigationResult result, HostLine line, int maxFacts, Words words) {
        Set<String> shown = new HashSet<>(line.shown());
        shown.add(ProductText.key(result.overall().reason()));
        shown.add(ProductText.key(ProductText.words(result.overall().reason(), words)));
        List<ObjectNode> items = new ArrayList<>();
        for (SourceResult r : result.results()) {
            if (r.status() == SourceStatus.FOUND && r.finding() != null) {
                items.add(section(r, shown, maxFacts, words));
            }
        }
        List<String> rest = new ArrayList<>();
        for (SourceResult r : result.results()) {
            boolean why = r.detail() != null && !r.detail().isBlank();
            if (r.status() == SourceStatus.TIMED_OUT || r.status() == SourceStatus.RATE_LIMITED
                    || r.status() == SourceStatus.REFUSED_CREDENTIALS) {
                rest.add(Markdown.escape(r.source(), 60) + ": " + r.status().label()
                        + (why ? " (" + Markdown.escape(ProductText.words(r.detail(), words), 80) + ")" : ""));
            }
        }
        String notConfigured = SourcesLine.notConfigured(result);
        if (!notConfigured.isEmpty()) {
            rest.add(notConfigured);
        }
        if (!rest.isEmpty()) {
            items.add(Cards.subtle(String.join(" · ", rest)));
        }
        return items;
    }

    private static ObjectNode section(SourceResult r, Set<String> shown, int maxFacts, Words words) {
        Finding f = r.finding();
        List<ObjectNode> items = new ArrayList<>();
        String when = r.cachedAt() != null ? " · cached " + words.time(r.cachedAt())
                : " · " + seconds(r.elapsed().toMillis());
        items.add(Cards.text("**" + Markdown.escape(r.source()) + "** — " + sourceWord(f) + when));
        String reason = ProductText.words(f.verdict().reason(), words);
        if (!reason.isBlank() && firstTime(shown, f.verdict().reason(), reason)) {
            items.add(Cards.subtle(Markdown.escape(reason, MAX_VALUE)));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (Fact fact : f.facts()) {
            if (facts.size() >= maxFacts) {
                break;
            }
            String value = ProductText.words(fact.value(), words);
            // left out: what the front shows, and the same fact from another source ("Location" from CMX and ISE)
            if (value.isBlank() || shown.contains(ProductText.key(fact.value()))
                    || shown.contains(ProductText.key(value))
                    || !shown.add(ProductText.key(fact.title()) + "\u0000" + ProductText.key(value))) {
                continue;
            }
            facts.putIfAbsent(Markdown.escape(fact.title(), 60), Markdown.escape(value, MAX_VALUE));
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

    /** Whether neither the raw value nor its worded form was shown yet; remembers both. */
    private static boolean firstTime(Set<String> shown, String raw, String worded) {
        boolean first = !shown.contains(ProductText.key(raw)) && !shown.contains(ProductText.key(worded));
        shown.add(ProductText.key(raw));
        shown.add(ProductText.key(worded));
        return first;
    }

    /**
     * The source's judgement as a word; a source that gives a threat score but no verdict (samples that merely
     * contacted a domain) says what the score means instead of "no verdict".
     */
    static String sourceWord(Finding f) {
        if (f.verdict().disposition() != Disposition.UNKNOWN) {
            return dispositionWord(f.verdict().disposition());
        }
        Matcher m = SCORE.matcher(f.verdict().reason());
        if (m.find()) {
            int score = Integer.parseInt(m.group(1));
            return "related samples score " + score + " (" + scoreWord(score) + ")";
        }
        return "no verdict";
    }

    /** Threat Grid's bands: 90 and up malicious, 50 and up suspicious, below that low. */
    static String scoreWord(int score) {
        return score >= 90 ? "malicious" : score >= 50 ? "suspicious" : "low";
    }

    private static String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
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

    /** The markdown fallback for clients without cards and for notifications, bounded in bytes. */
    static String fallback(InvestigationResult result, List<ContainedTargetStore.Row> held, Words words) {
        InvestigationResult.Overall v = result.overall();
        StringBuilder md = new StringBuilder();
        md.append("**").append(v.disposition().name()).append("** — ").append(Markdown.escape(subject(result), 200));
        if (!v.source().isEmpty()) {
            md.append("  \n").append(Markdown.escape(v.source())).append(": ")
                    .append(Markdown.escape(ProductText.words(v.reason(), words), MAX_VALUE));
        }
        HostLine line = HostLine.of(result, held, words);
        line.facts().forEach((k, val) -> md.append("  \n").append(k).append(": ").append(val));
        for (SourceResult r : result.results()) {
            String line2 = "\n- " + Markdown.escape(r.source()) + ": " + (r.status() == SourceStatus.FOUND
                    && r.finding() != null ? sourceWord(r.finding()) : r.status().label());
            if (md.toString().getBytes(StandardCharsets.UTF_8).length + line2.getBytes(StandardCharsets.UTF_8).length
                    > MAX_FALLBACK_BYTES) {
                break;
            }
            md.append(line2);
        }
        return md.toString();
    }

    private static String dispositionWord(Disposition d) {
        return switch (d) {
            case MALICIOUS -> "malicious";
            case SUSPICIOUS -> "suspicious";
            case CLEAN -> "clean";
            case UNKNOWN -> "no verdict";
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

    static String typeName(io.irflow.capabilities.ObservableType t) {
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
}

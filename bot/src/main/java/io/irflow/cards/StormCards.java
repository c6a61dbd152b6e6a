package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an alert storm posts: its announcement and end, one digest card per threat and the digest's updates. Pure. */
public final class StormCards {
    /** How many hosts a digest names. */
    public static final int TOP = 5;

    private StormCards() {
    }

    /** One host of a digest and its event count. */
    public record Host(String name, int events) {
    }

    /**
     * One threat's digest as it stands.
     *
     * @param key    the digest's key, which the buttons carry (the hosts are looked up by it, never read from the card)
     * @param hosts  how many hosts it has hit
     * @param top    the hosts with most events, most first (at most {@link #TOP} are shown)
     */
    public record Digest(String key, String source, String threat, String sha256, int hosts, long events,
                         Instant firstSeen, Instant lastSeen, List<Host> top) {
        public Digest {
            top = List.copyOf(top);
        }
    }

    /** The room switches to storm mode. */
    public static String started(int newGroups, int threshold, Duration window) {
        return "🌩️ **Alert storm:** " + newGroups + " hosts with new alerts within " + words(window) + " (more than "
                + threshold + "). Until it calms down this room gets **one digest card per threat**, kept current in "
                + "its thread, instead of one card per host. Every event is still recorded (`/alerts events`) and "
                + "automatic quarantine still applies per host.";
    }

    /** The storm is over. */
    public static String ended(long events, int hosts, Duration window) {
        return "🌤️ **Alert storm over:** no new host for " + words(window) + ". The digests recorded " + events
                + " events on " + hosts + " hosts; single-host cards resume.";
    }

    /** A threat's digest card, with List hosts, Open incident and I'm on it buttons. */
    public static Card digest(Digest d) {
        String head = "🌩️ Alert storm: " + Markdown.escape(label(d), 120);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Hosts affected", String.valueOf(d.hosts()));
        facts.put("Events", String.valueOf(d.events()));
        facts.put("First seen", String.valueOf(d.firstSeen()));
        facts.put("Last seen", String.valueOf(d.lastSeen()));
        if (d.sha256() != null) {
            facts.put("SHA-256", d.sha256());
        }
        facts.put("Source", Markdown.escape(d.source(), 100));
        String top = top(d);
        facts.put("Top hosts", top);
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.colored(head, "Attention").put("size", "Medium"));
        body.add(Cards.facts(facts));
        body.add(Cards.subtle("Updates follow in this thread while the storm lasts."));
        List<ObjectNode> actions = List.of(
                Cards.submit("List all hosts", Map.of("action", ActionIds.STORM_HOSTS, ActionIds.DIGEST, d.key())),
                Cards.submit("Open incident for the storm", Map.of("action", ActionIds.STORM_INCIDENT, ActionIds.DIGEST,
                        d.key())),
                Cards.submit(AlertCard.ON_IT, Map.of("action", ActionIds.ALERT_ACK, ActionIds.DIGEST, d.key())));
        StringBuilder fallback = new StringBuilder("**" + head + "**");
        facts.forEach((k, v) -> fallback.append("\n- ").append(k).append(": ").append(v));
        return new Card(Cards.card(body, actions), Markdown.truncate(fallback.toString(), 6000));
    }

    /** The threaded update that keeps a digest current. */
    public static String update(Digest d) {
        return "**Now " + d.hosts() + " hosts, " + d.events() + " events** of " + Markdown.escape(label(d), 120)
                + "; last seen " + d.lastSeen() + ". Top hosts: " + top(d) + ".";
    }

    /** Every host of a digest, as the List all hosts reply. */
    public static String hostList(String threat, List<Host> hosts) {
        StringBuilder md = new StringBuilder("**" + hosts.size() + " hosts** in the storm digest of "
                + Markdown.escape(threat, 120) + ":");
        for (Host h : hosts) {
            md.append("\n- ").append(Markdown.escape(h.name(), 100)).append(" (").append(h.events())
                    .append(h.events() == 1 ? " event)" : " events)");
        }
        return Markdown.truncate(md.toString(), 7000);
    }

    private static String top(Digest d) {
        List<String> names = new ArrayList<>();
        d.top().stream().limit(TOP).forEach(h -> names.add(Markdown.escape(h.name(), 60) + " (" + h.events() + ")"));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String label(Digest d) {
        return d.threat() != null && !d.threat().isBlank() ? d.threat() : d.sha256() != null ? d.sha256() : "unnamed threat";
    }

    private static String words(Duration d) {
        long m = d.toMinutes();
        return m > 0 && d.equals(Duration.ofMinutes(m)) ? m + (m == 1 ? " minute" : " minutes") : d.toSeconds() + " seconds";
    }
}

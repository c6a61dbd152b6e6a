package io.irflow.chat.commands;

import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.AlertSourceStore;
import io.irflow.alerts.AlertStormStore;
import io.irflow.cards.StormCards;
import io.irflow.incidents.IncidentSeedStore;
import io.irflow.incidents.IncidentService;
import io.irflow.cards.Markdown;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.chat.CardActionRequest;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;
import io.irflow.chat.Router;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /alerts} (each source's state, who took which alert), {@code /alerts pause|resume [source]} for responders,
 * and the alert card's Investigate and I'm on it buttons.
 */
public final class AlertCommands {
    /** How many of a storm's hosts its incident lists. */
    static final int MAX_STORM_HOSTS = 200;
    /** How many events {@code /alerts events} lists. */
    static final int MAX_EVENTS = 20;
    private final AlertSourceStore sourceStore;
    private final AlertOutboxStore outbox;
    private final AlertSeenStore seen;
    private final List<String> sources;
    private final InvestigateCommands investigate;
    private final AlertStormStore storms;
    private final IncidentService incidents;
    private final Clock clock;
    private final AlertAcks acks;
    private final java.util.function.Supplier<io.irflow.cards.Words> words;

    /**
     * @param investigate runs investigations for the Investigate button, or null when no product is configured
     * @param storms      the storm digests, for their List all hosts and Open incident buttons
     * @param incidents   opens the storm's incident
     */
    public AlertCommands(AlertSourceStore sourceStore, AlertOutboxStore outbox, AlertSeenStore seen, List<String> sources,
                         InvestigateCommands investigate, AlertStormStore storms, IncidentService incidents, Clock clock) {
        this(sourceStore, outbox, seen, sources, investigate, storms, incidents, clock,
                () -> io.irflow.cards.Words.utc(clock.instant()));
    }

    /** As above; {@code words} shows times in the team's zone (who is on an alert since when). */
    public AlertCommands(AlertSourceStore sourceStore, AlertOutboxStore outbox, AlertSeenStore seen,
                         List<String> sources, InvestigateCommands investigate, AlertStormStore storms,
                         IncidentService incidents, Clock clock,
                         java.util.function.Supplier<io.irflow.cards.Words> words) {
        this.acks = new AlertAcks(seen.acks(), incidents, clock, words);
        this.words = words;
        this.storms = storms;
        this.incidents = incidents;
        this.sourceStore = sourceStore;
        this.outbox = outbox;
        this.seen = seen;
        this.sources = List.copyOf(sources);
        this.investigate = investigate;
        this.clock = clock;
    }

    /** Registers the command and the button. */
    public void register(Router router) {
        router.command(new Command("alerts", List.of(), "/alerts [events [host:x] [threat:x] [since:2h] | pause|resume [source]]",
                "Alert sources: last poll, cursor, errors, alerts today; every recorded event by host, threat and time "
                        + "(storm digests included); responders can pause and resume sources.", Role.ANALYST,
                this::handle).responderWhen(AlertCommands::pauseOrResume));
        router.action(AlertPipeline.INVESTIGATE_ACTION, Role.ANALYST, this::investigate);
        router.action(ActionIds.STORM_HOSTS, Role.ANALYST, this::stormHosts);
        router.action(ActionIds.STORM_INCIDENT, Role.RESPONDER, this::stormIncident);
        router.action(ActionIds.ALERT_ACK, Role.ANALYST, acks::press);
    }

    /** {@code /alerts events host:x threat:y since:2h}: the newest recorded events matching every filter given. */
    Reply events(String args) {
        String host = null;
        String threat = null;
        java.time.Instant since = null;
        for (String w : args.isBlank() ? new String[0] : args.strip().split("\\s+")) {
            String[] kv = w.split(":", 2);
            String k = kv[0].toLowerCase();
            if (kv.length == 2 && !kv[1].isBlank() && kv[1].length() <= 256 && k.equals("host")) {
                host = kv[1];
            } else if (kv.length == 2 && !kv[1].isBlank() && kv[1].length() <= 256 && k.equals("threat")) {
                threat = kv[1];
            } else if (kv.length == 2 && k.equals("since") && kv[1].toLowerCase().matches("\\d{1,6}[mhd]")) {
                String n = kv[1].substring(0, kv[1].length() - 1);
                java.time.temporal.ChronoUnit unit = switch (Character.toLowerCase(kv[1].charAt(kv[1].length() - 1))) {
                    case 'm' -> java.time.temporal.ChronoUnit.MINUTES;
                    case 'h' -> java.time.temporal.ChronoUnit.HOURS;
                    default -> java.time.temporal.ChronoUnit.DAYS;
                };
                since = clock.instant().minus(Long.parseLong(n), unit);
            } else {
                return Reply.text("Filters: `host:<name, IP or MAC>`, `threat:<name or SHA-256>`, `since:<30m|2h|1d>`; "
                        + "not " + Markdown.code(w) + ".");
            }
        }
        List<AlertSeenStore.Found> found = seen.find(host, threat, since, MAX_EVENTS + 1);
        if (found.isEmpty()) {
            return Reply.text("No recorded event matches.");
        }
        StringBuilder md = new StringBuilder("**Recorded events** (newest first" + (found.size() > MAX_EVENTS
                ? ", the first " + MAX_EVENTS + "; narrow with host:, threat: or since:" : "") + ")");
        io.irflow.cards.Words w = words.get();
        for (AlertSeenStore.Found f : found.subList(0, Math.min(MAX_EVENTS, found.size()))) {
            Alert.AlertHost h = f.host();
            String name = h.hostname() != null ? h.hostname() : h.ip() != null ? h.ip() : h.mac() != null ? h.mac() : "no host";
            md.append("\n- ").append(f.at()).append(" · ").append(Markdown.escape(name, 100)).append(" · ")
                    .append(Markdown.escape(f.threat() != null ? f.threat() : f.title(), 120)).append(" (")
                    .append(Markdown.escape(f.source(), 60)).append(')');
            if (f.takenBy() != null) {
                md.append(" · taken by ").append(Markdown.escape(f.takenBy(), 100)).append(' ')
                        .append(w.time(f.takenAt()));
            }
        }
        return Reply.text(md.toString());
    }

    /** List all hosts on a storm digest: every host its events named, from the store. */
    Reply stormHosts(CardActionRequest r) {
        return storms.events(r.input(ActionIds.DIGEST)).map(d -> Reply.text(StormCards.hostList(label(d),
                d.counts().stream().map(h -> new StormCards.Host(h.host(), h.events())).toList())))
                .orElseGet(() -> Reply.text("That storm digest is not known to me any more."));
    }

    /**
     * Open incident on a storm digest: one incident for the threat and its hosts (up to {@link #MAX_STORM_HOSTS}),
     * opened once however often and wherever the button is pressed (its reference is derived from the digest).
     */
    Reply stormIncident(CardActionRequest r) {
        String key = r.input(ActionIds.DIGEST);
        Optional<AlertStormStore.DigestEvents> found = storms.events(key);
        if (found.isEmpty()) {
            return Reply.text("That storm digest is not known to me any more.");
        }
        AlertStormStore.DigestEvents d = found.get();
        List<Observable> what = new ArrayList<>();
        if (d.sha256() != null) {
            what.add(new Observable(ObservableType.SHA256, d.sha256()));
        }
        d.hosts().stream().map(AlertCommands::observable).filter(java.util.Objects::nonNull).distinct()
                .limit(MAX_STORM_HOSTS).forEach(what::add);
        String title = "Alert storm: " + Markdown.truncate(label(d), 150) + " on " + d.counts().size() + " hosts";
        IncidentService.Opened opened = incidents.openFrom(stormRef(key), new IncidentSeedStore.Seed(title, what,
                d.firstSeen(), java.util.Map.of()), r.personEmail());
        return Reply.text((opened.existing() ? "This storm already has incident " : "Opened incident ")
                + Markdown.code(opened.incident().id()) + ": " + Markdown.escape(title) + ".");
    }

    private static String label(AlertStormStore.DigestEvents d) {
        return d.threat() != null ? d.threat() : d.sha256() != null ? d.sha256() : "unnamed threat";
    }

    private static Observable observable(Alert.AlertHost h) {
        if (h.hostname() != null && !h.hostname().isBlank()) {
            return new Observable(ObservableType.HOSTNAME, h.hostname().toLowerCase());
        }
        if (h.ip() != null) {
            return new Observable(h.ip().contains(":") ? ObservableType.IPV6 : ObservableType.IPV4, h.ip());
        }
        return h.mac() != null ? new Observable(ObservableType.MAC, h.mac()) : null;
    }

    /** The incident reference of a digest (64 characters at most, like a card's). */
    static String stormRef(String digestKey) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(digestKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "storm-" + java.util.HexFormat.of().formatHex(d).substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code /alerts pause|resume ...} changes what is polled: a responder's job. */
    static boolean pauseOrResume(String args) {
        String verb = args.strip().split("\\s+", 2)[0].toLowerCase();
        return verb.equals("pause") || verb.equals("resume");
    }

    Reply handle(MessageRequest r, String args) {
        String[] words = args.isBlank() ? new String[0] : args.strip().split("\\s+", 2);
        if (words.length == 0) {
            return status();
        }
        String verb = words[0].toLowerCase();
        if (verb.equals("events")) {
            return events(words.length > 1 ? words[1] : "");
        }
        if (!verb.equals("pause") && !verb.equals("resume")) {
            return Reply.text("Use `/alerts`, `/alerts events [host:x] [threat:x] [since:2h]`, `/alerts pause [source]` "
                    + "or `/alerts resume [source]`.");
        }
        List<String> chosen = words.length > 1 ? sources.stream()
                .filter(s -> s.toLowerCase().contains(words[1].toLowerCase())).toList() : sources;
        if (chosen.isEmpty()) {
            return Reply.text("No alert source matches " + Markdown.code(words[1]) + ". Sources: " + String.join(", ", sources) + ".");
        }
        chosen.forEach(s -> sourceStore.setPaused(s, verb.equals("pause")));
        return Reply.text((verb.equals("pause") ? "Paused" : "Resumed") + ": " + Markdown.escape(String.join(", ", chosen))
                + " (by " + Markdown.escape(r.personEmail()) + ").");
    }

    private Reply status() {
        var today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<AlertSourceStore.SourceState> states = sourceStore.sources(today);
        StringBuilder md = new StringBuilder("**Alert sources**");
        for (String s : sources) {
            Optional<AlertSourceStore.SourceState> st = states.stream().filter(x -> x.source().equals(s)).findFirst();
            md.append("\n- **").append(Markdown.escape(s)).append("**: ");
            if (st.isEmpty()) {
                md.append("not polled yet");
                continue;
            }
            AlertSourceStore.SourceState x = st.get();
            md.append(x.paused() ? "paused" : "active").append(" · last poll ")
                    .append(x.lastPollAt() == null ? "never" : x.lastPollAt().toString())
                    .append(" · cursor ").append(x.cursor() == null ? "none" : Markdown.code(x.cursor()))
                    .append(" · ").append(x.seenToday()).append(" alert(s) today")
                    .append(x.lastError() == null ? "" : " · last error: " + Markdown.escape(x.lastError(), 200));
        }
        md.append("\n\nPosts waiting for Webex: ").append(outbox.pendingPosts()).append('.');
        md.append(acks.status());
        return Reply.text(md.toString());
    }

    private Reply investigate(CardActionRequest r) {
        if (investigate == null) {
            return Reply.text("No product is configured to investigate with.");
        }
        Optional<Alert.AlertHost> host = seen.hostOf(r.input(ActionIds.REF));
        if (host.isEmpty()) {
            return Reply.text("That alert is not known to me any more, so there is nothing to investigate.");
        }
        List<Observable> what = new ArrayList<>();
        Alert.AlertHost h = host.get();
        if (h.hostname() != null && !h.hostname().isBlank()) {
            what.add(new Observable(ObservableType.HOSTNAME, h.hostname().toLowerCase()));
        } else if (h.ip() != null) {
            what.add(new Observable(h.ip().contains(":") ? ObservableType.IPV6 : ObservableType.IPV4, h.ip()));
        } else if (h.mac() != null) {
            what.add(new Observable(ObservableType.MAC, h.mac()));
        }
        return what.isEmpty() ? Reply.text("The alert names no host I can look up.") : investigate.runAll(what, false, r.roomId(),
                r.personEmail());
    }
}

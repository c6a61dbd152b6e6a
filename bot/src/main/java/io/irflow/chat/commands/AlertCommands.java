package io.irflow.chat.commands;

import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.AlertSourceStore;
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

/** {@code /alerts} (each source's state), {@code /alerts pause|resume [source]} for responders, and the alert card's Investigate button. */
public final class AlertCommands {
    private final AlertSourceStore sourceStore;
    private final AlertOutboxStore outbox;
    private final AlertSeenStore seen;
    private final List<String> sources;
    private final InvestigateCommands investigate;
    private final Clock clock;

    /** @param investigate runs investigations for the Investigate button, or null when no product is configured */
    public AlertCommands(AlertSourceStore sourceStore, AlertOutboxStore outbox, AlertSeenStore seen, List<String> sources,
                         InvestigateCommands investigate, Clock clock) {
        this.sourceStore = sourceStore;
        this.outbox = outbox;
        this.seen = seen;
        this.sources = List.copyOf(sources);
        this.investigate = investigate;
        this.clock = clock;
    }

    /** Registers the command and the button. */
    public void register(Router router) {
        router.command(new Command("alerts", List.of(), "/alerts [pause|resume [source]]",
                "Alert sources: last poll, cursor, errors, alerts today; responders can pause and resume them.", Role.ANALYST,
                this::handle).responderWhen(AlertCommands::pauseOrResume));
        router.action(AlertPipeline.INVESTIGATE_ACTION, Role.ANALYST, this::investigate);
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
        if (!verb.equals("pause") && !verb.equals("resume")) {
            return Reply.text("Use `/alerts`, `/alerts pause [source]` or `/alerts resume [source]`.");
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

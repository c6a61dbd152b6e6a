package io.irflow.chat.commands;

import io.irflow.alerts.AlertAckStore;
import io.irflow.cards.Markdown;
import io.irflow.cards.Words;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.chat.CardActionRequest;
import io.irflow.chat.Reply;
import io.irflow.incidents.IncidentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * "I'm on it" on alert cards and storm digests: records who took the alert group (the presser, by the email Webex
 * reports for them, never anything the card carries) and says so in the card's thread; the first press wins, a later
 * one by someone else is told who is on it, one by the same person changes nothing. The group comes from the card's
 * reference or digest key, looked up in the store; an unknown one is refused. Also what {@code /alerts} shows of it.
 */
final class AlertAcks {
    private static final Logger LOG = LoggerFactory.getLogger(AlertAcks.class);
    /** How far back {@code /alerts} lists who took what. */
    static final Duration RECENT = Duration.ofHours(24);
    /** How many acknowledgements {@code /alerts} lists. */
    static final int MAX_LISTED = 10;
    /** The answer to a reference or digest key no card of this bot carries (or one older than the retention). */
    static final String UNKNOWN = "I don't know that alert: the button's reference is not one I issued, or the alert "
            + "is older than what I keep. Nothing was recorded.";

    private final AlertAckStore acks;
    private final IncidentService incidents;
    private final Clock clock;
    private final Supplier<Words> words;

    AlertAcks(AlertAckStore acks, IncidentService incidents, Clock clock, Supplier<Words> words) {
        this.acks = acks;
        this.incidents = incidents;
        this.clock = clock;
        this.words = words;
    }

    /** A press of I'm on it. */
    Reply press(CardActionRequest r) {
        String digest = r.input(ActionIds.DIGEST);
        Optional<AlertAckStore.Target> found = digest.isEmpty() ? acks.ofAlert(r.input(ActionIds.REF))
                : acks.ofDigest(digest);
        if (found.isEmpty()) {
            LOG.info("{} pressed I'm on it with an unknown alert reference; refused", r.personEmail());
            return Reply.text(UNKNOWN);
        }
        AlertAckStore.Target t = found.get();
        if (t.ended()) {
            return Reply.text("That card is from an earlier run of alerts on " + Markdown.escape(t.label(), 200)
                    + "; a newer card was posted since. Press **I'm on it** on the newest card. Nothing was recorded.");
        }
        AlertAckStore.Outcome o = acks.acknowledge(t, r.personEmail(), r.personId(), clock.instant());
        AlertAckStore.Ack ack = o.ack();
        Words w = words.get();
        if (o.fresh()) {
            LOG.info("{} acknowledged alert group {} ({})", r.personEmail(), Markdown.truncate(t.groupKey(), 120),
                    Markdown.truncate(t.label(), 120));
            onIncidents(r.personEmail(), t);
            return Reply.text("🙋 **" + Markdown.escape(ack.by(), 100) + " is on it** — " + w.time(ack.at()) + " ("
                    + Markdown.escape(ack.label(), 200) + ").");
        }
        if (ack.by().equalsIgnoreCase(r.personEmail())) {
            return Reply.text("You are already on it since " + w.time(ack.at()) + "; nothing changed.");
        }
        return Reply.text(Markdown.escape(r.personEmail(), 100) + ": **" + Markdown.escape(ack.by(), 100)
                + " is already on it** since " + w.time(ack.at()) + ". Nothing was recorded for you; talk to them "
                + "before acting on it.");
    }

    /** The lines {@code /alerts} adds: who took what in the last day, and how many alert groups nobody took yet. */
    String status() {
        Instant since = clock.instant().minus(RECENT);
        List<AlertAckStore.Ack> recent = acks.since(since, MAX_LISTED + 1);
        int untaken = acks.untaken(since);
        Words w = words.get();
        StringBuilder md = new StringBuilder("\n\n**Taken (I'm on it), last 24 h**");
        if (recent.isEmpty()) {
            md.append(": none.");
        }
        for (AlertAckStore.Ack a : recent.subList(0, Math.min(MAX_LISTED, recent.size()))) {
            md.append("\n- ").append(Markdown.escape(a.label(), 160)).append(" · ").append(Markdown.escape(a.by(), 100))
                    .append(" · ").append(w.time(a.at()));
        }
        if (recent.size() > MAX_LISTED) {
            md.append("\n- … and more (the newest ").append(MAX_LISTED).append(" are shown)");
        }
        md.append("\n\nNot taken yet: ").append(Words.plural(untaken, "alert thread"))
                .append(" with events in the last 24 h.");
        return md.toString();
    }

    /** Puts the acknowledgement on the timeline of every open incident covering the group's hosts. */
    private void onIncidents(String actor, AlertAckStore.Target t) {
        if (incidents == null || t.hostKeys().isEmpty()) {
            return;
        }
        try {
            incidents.acknowledged(actor, t.label(), t.hostKeys());
        } catch (RuntimeException e) {
            LOG.warn("could not put the acknowledgement of {} on incident timelines: {}",
                    Markdown.truncate(t.label(), 120), e.getMessage());
        }
    }
}

package io.irflow.incidents;

import io.irflow.capabilities.Observable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps each incident room's summary card current. The card is stored with a key of everything it shows; after any
 * change to an incident the key is computed again, and when it differs the card is replaced. Webex cannot edit a card
 * (PUT /messages takes text only, see docs/reference), so a new card is posted and the old one deleted: the old one is
 * first recorded as retired in the database, so a crash or a failed delete in between is finished later
 * ({@link #finish}) instead of leaving two cards. Instances sharing the database settle on a compare-and-set of the
 * stored message id: the loser deletes its own card and looks again.
 */
final class SummaryCards {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryCards.class);
    /** A retired card that still is the current one after this long belongs to a replacement that never finished. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    /** A replaced card Webex would not delete for this long (the bot left the room, say) is given up on. */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    /** Rounds against concurrent replacements before leaving it to the next change. */
    private static final int ROUNDS = 3;

    private final IncidentStore repo;
    private final Rooms rooms;
    private final String ticketProduct;
    private final Function<Incident, List<ContainmentStep>> steps;
    private final TicketOutboxStore outbox;
    private final Clock clock;

    /** @param steps the containment steps on an incident's hosts */
    SummaryCards(IncidentStore repo, TicketOutboxStore outbox, Rooms rooms, String ticketProduct,
                 Function<Incident, List<ContainmentStep>> steps, Clock clock) {
        this.repo = repo;
        this.outbox = outbox;
        this.rooms = rooms;
        this.ticketProduct = ticketProduct;
        this.steps = steps;
        this.clock = clock;
    }

    /** What a card shows of an incident beyond the record itself. */
    private record Shown(Incident incident, List<String> unsynced, List<String> containment) {
    }

    /** Posts a new room's first card; failures are thrown for the caller to report. */
    void post(Incident i) {
        Shown s = shown(i);
        String message = rooms.postSummaryCard(i.roomId(), i, s.unsynced(), ticketProduct, s.containment());
        if (message != null) {
            repo.swapSummary(i.id(), null, message, key(s));
        }
    }

    /** Replaces the incident's card when what it shows changed; failures are logged, the next change tries again. */
    synchronized void refresh(String id) {
        try {
            for (int round = 0; round < ROUNDS && !replaceOnce(id); round++) {
                LOG.debug("another instance replaced {}'s summary card first; looking again", id);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not replace the summary card of {}: {}", id, e.getMessage());
        }
        finish(id);
    }

    /** True when the card is current (or cannot be), false when another instance replaced it meanwhile. */
    private boolean replaceOnce(String id) {
        Incident i = repo.find(id).orElse(null);
        Optional<String[]> card = repo.summary(id);
        if (i == null || i.roomId() == null || card.isEmpty()) {
            return true;
        }
        Shown s = shown(i);
        String key = key(s);
        String old = card.get()[0];
        if (key.equals(card.get()[1])) {
            return true;
        }
        repo.retireSummary(id, old, clock.instant());
        String message = rooms.postSummaryCard(i.roomId(), i, s.unsynced(), ticketProduct, s.containment());
        if (message == null) {
            repo.summaryDeleted(old);
            return true;
        }
        if (repo.swapSummary(id, old, message, key)) {
            delete(old);
            return true;
        }
        repo.retireSummary(id, message, clock.instant());
        delete(message);
        return false;
    }

    /**
     * Finishes replacements a crash or a failed delete left: retired cards no longer current are deleted (given up on
     * after {@link #GIVE_UP_AFTER}, so a message Webex refuses to delete is not retried forever); one still current
     * after {@link #ABANDONED_AFTER} belonged to a replacement that never posted, and stays. For one incident, or
     * (null) for all.
     */
    void finish(String id) {
        List<IncidentStore.Retired> left;
        try {
            left = repo.retiredSummaries(id);
        } catch (RuntimeException e) {
            LOG.warn("could not read the summary cards left to delete: {}", e.getMessage());
            return;
        }
        for (IncidentStore.Retired r : left) {
            try {
                if (!r.current() && r.at().isBefore(clock.instant().minus(GIVE_UP_AFTER))) {
                    LOG.warn("giving up deleting {}'s old summary card {} (retired at {})", r.incidentId(),
                            r.messageId(), r.at());
                    repo.summaryDeleted(r.messageId());
                } else if (!r.current()) {
                    delete(r.messageId());
                } else if (r.at().isBefore(clock.instant().minus(ABANDONED_AFTER))) {
                    repo.summaryDeleted(r.messageId());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not delete {}'s old summary card: {}", r.incidentId(), e.getMessage());
            }
        }
    }

    private void delete(String messageId) {
        rooms.deleteMessage(messageId);
        repo.summaryDeleted(messageId);
    }

    private Shown shown(Incident i) {
        List<String> lines = steps.apply(i).stream().filter(ContainmentStep::effective).map(s -> IncidentReport.time(s.at())
                + " · " + s.event().toLowerCase() + " " + s.action().toLowerCase() + " of " + s.target() + " via "
                + s.product() + " by " + s.actor()).toList();
        return new Shown(i, stuck(i.id()), lines);
    }

    /**
     * Ticket changes the ticketing system refused or did not answer at least once, in words: what the card lists as
     * not yet synced (changes on their way for the first time are not news, and would make the card stale a second
     * later). Without the number of tries: a count going up at every retry would replace the card every few minutes
     * while the ticketing system is down.
     */
    private List<String> stuck(String id) {
        return outbox.pending(id).stream().filter(c -> c.attempts() > 0).map(c -> c.summary() + (c.lastError() == null
                ? "" : " (last: " + c.lastError() + ")")).toList();
    }

    /**
     * A digest of everything the card shows: the record's fields the card renders, the ticket product, the changes
     * not yet synced and the containment lines.
     */
    private String key(Shown s) {
        Incident i = s.incident();
        StringBuilder b = new StringBuilder();
        for (Object part : new Object[]{i.id(), i.title(), i.severity(), i.status(), i.openedBy(), i.openedAt(),
                i.assignee(), ticketProduct, i.ticketNumber(), i.ticketUrl(), i.resolution()}) {
            b.append(part).append('\u0000');
        }
        for (Observable o : i.observables()) {
            b.append(o.type()).append(':').append(o.value()).append('\u0001');
        }
        s.unsynced().forEach(u -> b.append(u).append('\u0002'));
        s.containment().forEach(c -> b.append(c).append('\u0003'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.irflow.incidents;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Ticketing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Drains the ticket outbox into the ticketing system, oldest first and in order per incident (an incident's later
 * changes wait behind a failing one; instances sharing the database claim an incident's changes, see
 * {@link TicketOutboxStore#claim}), retrying with exponential backoff capped at {@code maxBackoff}. Nothing is
 * dropped: a change stays queued until the ticketing system takes it, and {@code /incident} shows what waits.
 */
public final class TicketSync implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TicketSync.class);
    private static final int BATCH = 100;
    /** The ticketing system's clock may differ from ours. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private final TicketOutboxStore outbox;
    private final IncidentStore incidents;
    private final Ticketing ticketing;
    private final Rooms rooms;
    private final Clock clock;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final String assignmentGroup;
    private volatile java.util.function.Consumer<String> synced = id -> { };
    /** Incidents a pass tried changes for, kept one more pass (a summary card posted meanwhile may have missed them). */
    private Set<String> lastTouched = Set.of();

    /** @param assignmentGroup the group new tickets are assigned to, or null */
    public TicketSync(TicketOutboxStore outbox, IncidentStore incidents, Ticketing ticketing, Rooms rooms, Clock clock,
                      Duration baseBackoff, Duration maxBackoff, String assignmentGroup) {
        this.assignmentGroup = assignmentGroup;
        this.outbox = outbox;
        this.incidents = incidents;
        this.ticketing = ticketing;
        this.rooms = rooms;
        this.clock = clock;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Who hears of an incident whose ticket side changed: right after its ticket was created (before the ticket's link
     * and its other changes go out), and after each pass for every incident that pass (or the one before) tried
     * changes for. The incident service replaces a summary card that no longer tells the truth about the ticket.
     */
    public TicketSync onSynced(java.util.function.Consumer<String> listener) {
        this.synced = listener;
        return this;
    }

    /** Sends what is due; called on a schedule from one thread. */
    @Override
    public void run() {
        try {
            runOnce();
        } catch (RuntimeException | Error e) {
            // Anything thrown out of a scheduleWithFixedDelay task cancels it silently: log and let the next run go.
            LOG.error("ticket sync failed; will retry", e);
        }
    }

    /**
     * One pass over the queue; returns how many changes were taken. Each incident's oldest due change is claimed, and
     * while the claim's changes go through, the incident's next change is claimed after it: one instance works on an
     * incident at a time, in order, and incidents held elsewhere or waiting on a failed change are skipped.
     */
    public int runOnce() {
        Set<String> touched = new java.util.LinkedHashSet<>();
        int sent = 0;
        for (TicketOutboxStore.Change head : outbox.claimable(clock.instant(), BATCH)) {
            Optional<TicketOutboxStore.Change> change = outbox.claim(head.id(), clock.instant());
            while (change.isPresent()) {
                touched.add(head.incidentId());
                if (!attempt(change.get())) {
                    break;
                }
                sent++;
                // A change claimed is a change tried: past the batch, the next one is left for the next pass.
                change = sent >= BATCH ? Optional.empty() : outbox.pending(head.incidentId()).stream().findFirst()
                        .flatMap(next -> outbox.claim(next.id(), clock.instant()));
            }
        }
        Set<String> tell = new java.util.LinkedHashSet<>(touched);
        tell.addAll(lastTouched);
        lastTouched = touched;
        tell.forEach(this::tell);
        return sent;
    }

    private boolean attempt(TicketOutboxStore.Change change) {
        Optional<Incident> incident = incidents.find(change.incidentId());
        if (incident.isEmpty()) {
            outbox.retryLater(change.id(), change.attempts() + 1, clock.instant().plus(maxBackoff), "incident not found");
            return false;
        }
        try {
            if (change.op() == TicketOutboxStore.Op.CREATE) {
                create(incident.get(), change, change.attempts() > 0);
            } else {
                Optional<String> sysId = incidents.ticketSysId(change.incidentId());
                if (sysId.isEmpty()) {
                    // Only possible when the CREATE row was lost; recreate rather than wait forever (looking first).
                    create(incident.get(), change, true);
                }
                Incident fresh = incidents.find(change.incidentId()).orElseThrow();
                ticketing.update(new Ticketing.TicketRef(fresh.ticketNumber(), incidents.ticketSysId(fresh.id()).orElseThrow(),
                        fresh.ticketUrl()), new Ticketing.TicketChange(change.status(), change.severity(), change.workNote(),
                        change.resolution(), change.assignee()));
            }
            outbox.sent(change.id(), clock.instant());
            return true;
        } catch (AdapterException | RuntimeException e) {
            int attempts = change.attempts() + 1;
            Duration wait = backoff(attempts, e instanceof AdapterException a ? a.retryAfter() : null);
            String why = e instanceof AdapterException a ? a.kind() + (a.status() > 0 ? " (HTTP " + a.status() + ")" : "")
                    : e.getClass().getSimpleName();
            outbox.retryLater(change.id(), attempts, clock.instant().plus(wait), why);
            LOG.warn("ticket change {} for {} failed (attempt {}, {}); retry in {} s", change.id(), change.incidentId(),
                    attempts, why, wait.toSeconds());
            return false;
        }
    }

    /**
     * Creates the incident's ticket. On a retry ({@code lookFirst}) the ticketing system is first asked for a ticket
     * irflow already created for this incident: the failed try may have been a 5xx or a timeout after the system had
     * created it, and creating again would make a second ticket. The outbox does not keep how the last try failed,
     * and the lookup is one read, so every retry looks. Only tickets created since shortly before the incident was
     * opened count. A first try does not look: nothing can exist yet unless irflow stopped between a create and
     * saving its number, which is not covered.
     */
    private void create(Incident i, TicketOutboxStore.Change change, boolean lookFirst) throws AdapterException {
        Optional<Ticketing.TicketRef> found = lookFirst
                ? ticketing.findCreated(i.id(), i.openedAt().minus(CLOCK_SKEW)) : Optional.empty();
        found.ifPresent(r -> LOG.warn("{} ticket {} for {} already existed (an earlier create had worked); adopted",
                ticketing.product(), r.number(), i.id()));
        Ticketing.TicketRef ref = found.isPresent() ? found.get() : ticketing.create(new Ticketing.NewTicket(
                "[" + i.id() + "] " + i.title(), change.workNote() == null ? i.title() : change.workNote(),
                i.openedBy(), i.severity(), assignmentGroup, i.id()));
        incidents.setTicket(i.id(), ref.number(), ref.sysId(), ref.url());
        incidents.append(i.id(), new TimelineEntry(clock.instant(), "irflow", TimelineEntry.Kind.TICKET,
                ticketing.product() + " ticket " + ref.number() + (found.isPresent() ? " found (created by an earlier "
                + "try whose answer was lost)" : " created")));
        // The summary card is replaced before the link and before any other change goes out: what follows in the room
        // (and in the ticket) comes after the card that shows the ticket.
        tell(i.id());
        if (i.roomId() != null) {
            try {
                rooms.postTicket(i.roomId(), ticketing.product(), ref.number(), ref.url());
            } catch (RuntimeException e) {
                LOG.warn("could not post the ticket link to {}'s room: {}", i.id(), e.getMessage());
            }
        }
    }

    private void tell(String incidentId) {
        try {
            synced.accept(incidentId);
        } catch (RuntimeException e) {
            LOG.warn("summary refresh for {} failed: {}", incidentId, e.getMessage());
        }
    }

    private Duration backoff(int attempts, Duration retryAfter) {
        long millis = baseBackoff.toMillis() << Math.min(attempts - 1, 20);
        Duration wait = Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}

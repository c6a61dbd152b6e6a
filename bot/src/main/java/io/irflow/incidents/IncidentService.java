package io.irflow.incidents;

import io.irflow.capabilities.Observable;
import io.irflow.pictures.TimelineChart;
import io.irflow.capabilities.Ticketing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens and works incidents: the record, its Webex room with the responders, the summary card, the timeline, and the
 * ticket changes queued for the ticketing system (when one is configured). Room and ticket failures never undo the
 * record: they are reported and the ticket side retries from the outbox.
 */
public final class IncidentService {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentService.class);
    /** Who the timeline names for what irflow does by itself. */
    public static final String IRFLOW = "irflow";

    private final IncidentStore repo;
    private final TicketOutboxStore outbox;
    private final Rooms rooms;
    private final List<String> responders;
    private final String ticketProduct;
    private final ContainmentStep.Source containment;
    private final Clock clock;
    private final java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> sameHost;
    private final SummaryCards summaries;
    private final Acknowledgement.Source acks;

    /**
     * @param responders    emails added to every incident room
     * @param ticketProduct the ticketing product's name, or null when none is configured (then nothing is queued)
     * @param containment   the containment steps per room (the audit log)
     */
    public IncidentService(IncidentStore repo, TicketOutboxStore outbox, Rooms rooms, List<String> responders,
                           String ticketProduct, ContainmentStep.Source containment, Clock clock) {
        this(repo, outbox, rooms, responders, ticketProduct, containment, clock, java.util.Set::copyOf);
    }

    /**
     * As above; {@code sameHost} widens host keys to every identifier irflow knows for those hosts (see
     * {@code hosts.HostLookup.sameHostAs}), so an incident that knew a host by name covers it when an alert or a
     * step names its MAC or connector guid.
     */
    public IncidentService(IncidentStore repo, TicketOutboxStore outbox, Rooms rooms, List<String> responders,
                           String ticketProduct, ContainmentStep.Source containment, Clock clock,
                           java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> sameHost) {
        this(repo, outbox, rooms, responders, ticketProduct, containment, clock, sameHost, Acknowledgement.Source.NONE);
    }

    /** As above; {@code acks} are the "I'm on it" presses on alert cards, for the report's time to acknowledge. */
    public IncidentService(IncidentStore repo, TicketOutboxStore outbox, Rooms rooms, List<String> responders,
                           String ticketProduct, ContainmentStep.Source containment, Clock clock,
                           java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> sameHost,
                           Acknowledgement.Source acks) {
        this.acks = acks;
        this.sameHost = sameHost;
        this.repo = repo;
        this.outbox = outbox;
        this.rooms = rooms;
        this.responders = List.copyOf(responders);
        this.ticketProduct = ticketProduct;
        this.containment = containment;
        this.clock = clock;
        this.summaries = new SummaryCards(repo, outbox, rooms, ticketProduct, this::steps, clock);
    }

    /**
     * A freshly opened incident and what did not work while opening it.
     *
     * @param incident the incident as stored after opening
     * @param problems room or membership failures, in words
     * @param existing true when nothing was opened: the card had opened this incident before
     */
    public record Opened(Incident incident, List<String> problems, boolean existing) {
        public Opened(Incident incident, List<String> problems) {
            this(incident, problems, false);
        }
    }

    /** Opens an incident: record, room, members, summary card, and the ticket (queued). */
    public Opened open(String title, int severity, List<Observable> observables, String opener, Instant detectedAt) {
        Instant now = clock.instant();
        String id = repo.create(new IncidentStore.NewIncident(title, severity, opener, now, detectedAt, observables))
                .id();
        return start(id, title, opener, now, null);
    }

    /**
     * Opens the incident a card's button stands for, once: when the card already opened one (an earlier or concurrent
     * press, here or on another instance) that one is returned, marked existing, and nothing else happens. The
     * incident takes the seed's severity, hosts (with who was on them and where), verdicts and host keys.
     *
     * @param ref the reference the button carries
     */
    public Opened openFrom(String ref, IncidentSeedStore.Seed seed, String opener) {
        Instant now = clock.instant();
        IncidentStore.Created created = repo.create(new IncidentStore.NewIncident(seed.title(), seed.severity(), opener,
                now, seed.detectedAt(), seed.observables().stream().distinct().toList()), ref, seed.hostKeys());
        if (!created.fresh()) {
            return new Opened(created.incident(), List.of(), true);
        }
        return start(created.incident().id(), seed.title(), opener, now, seed);
    }

    /** The incident a card's button opened (or was added to), if any. */
    public Optional<Incident> fromCard(String ref) {
        return repo.fromOrigin(ref);
    }

    /** Open incidents that already cover one of the seed's hosts (by name, IP, MAC or connector guid). */
    public List<Incident> covering(IncidentSeedStore.Seed seed) {
        return repo.openCovering(sameHost.apply(seed.allHostKeys()));
    }

    /**
     * Adds what a card stands for to an existing incident instead of opening another: its observables, host keys,
     * verdicts and host facts, and the card now stands for that incident. When the card already stood for an incident
     * (another press got there first) nothing is added and that incident is returned.
     */
    public Incident addFrom(Incident target, String ref, IncidentSeedStore.Seed seed, String actor) {
        if (!repo.linkOrigin(ref, target.id(), clock.instant())) {
            return repo.fromOrigin(ref).orElse(target);
        }
        for (Observable o : seed.observables()) {
            addObservable(target, actor, o);
        }
        repo.addHostKeys(target.id(), seed.hostKeys());
        Incident fresh = get(target.id());
        details(fresh, actor, seed);
        changed(fresh.id());
        return get(fresh.id());
    }

    /** The seed's verdicts and who was on its hosts and where, onto the incident. */
    private void details(Incident i, String actor, IncidentSeedStore.Seed seed) {
        if (!seed.verdicts().isEmpty()) {
            verdicts(i, actor, seed.verdicts());
        }
        if (seed.user() != null || seed.location() != null) {
            for (Observable h : seed.observables()) {
                if (Incident.isHost(h)) {
                    repo.setHostDetail(i.id(), h.value(), seed.user(), seed.location());
                }
            }
        }
    }

    private Opened start(String id, String title, String opener, Instant now, IncidentSeedStore.Seed seed) {
        if (seed != null) {
            details(get(id), opener, seed);
        }
        List<String> problems = new ArrayList<>();
        String roomId = null;
        try {
            roomId = rooms.create(id + " · " + IncidentStore.clip(title, 80));
            repo.setRoom(id, roomId);
            repo.append(id, entry(IRFLOW, TimelineEntry.Kind.ROOM, "Incident room created"));
        } catch (RuntimeException e) {
            LOG.warn("could not create the room for {}: {}", id, e.getMessage());
            problems.add("I could not create the incident room (" + e.getMessage() + ").");
        }
        if (roomId != null) {
            Set<String> people = new LinkedHashSet<>(responders);
            if (opener != null && opener.contains("@")) {
                people.add(opener.toLowerCase());
            }
            for (String email : people) {
                try {
                    rooms.addMember(roomId, email);
                } catch (RuntimeException e) {
                    LOG.warn("could not add {} to {}'s room: {}", email, id, e.getMessage());
                    problems.add("I could not add " + email + " to the room.");
                }
            }
        }
        if (ticketProduct != null) {
            Incident i = get(id);
            outbox.enqueue(id, TicketOutboxStore.Op.CREATE, "create the " + ticketProduct + " ticket", null, null,
                    description(i), null, null, now);
            if (roomId != null) {
                outbox.enqueue(id, TicketOutboxStore.Op.UPDATE, "work note: Webex room link", null, null,
                        "Webex room for " + id + ": " + rooms.link(roomId), null, null, now);
            }
        }
        Incident incident = get(id);
        if (roomId != null) {
            try {
                summaries.post(incident);
            } catch (RuntimeException e) {
                LOG.warn("could not post the summary card for {}: {}", id, e.getMessage());
                problems.add("I could not post the summary card in the room.");
            }
        }
        return new Opened(incident, problems);
    }

    private String description(Incident i) {
        StringBuilder d = new StringBuilder(i.title()).append("\nOpened by ").append(i.openedBy()).append(" via irflow (")
                .append(i.id()).append(").");
        if (!i.observables().isEmpty()) {
            d.append("\nObservables: ").append(String.join(", ", i.observables().stream().map(Observable::value).toList()));
        }
        if (i.roomId() != null) {
            d.append("\nWebex room: ").append(rooms.link(i.roomId()));
        }
        return d.toString();
    }

    /** The incident by id. */
    public Optional<Incident> find(String id) {
        return repo.find(id);
    }

    /** The incident whose room this is. */
    public Optional<Incident> inRoom(String roomId) {
        return repo.findByRoom(roomId);
    }

    /** Incidents not resolved or closed. */
    public List<Incident> open() {
        return repo.open();
    }

    /** The timeline, with the containment steps taken in the room merged in by time. */
    public List<TimelineEntry> timeline(Incident i) {
        List<TimelineEntry> all = new ArrayList<>(repo.timeline(i.id()));
        for (ContainmentStep s : steps(i)) {
            all.add(new TimelineEntry(s.at(), s.actor(), TimelineEntry.Kind.CONTAINMENT, s.event().toLowerCase() + " "
                    + s.action().toLowerCase() + " of " + s.target() + " via " + s.product()
                    + (s.outcome() == null ? "" : ": " + s.outcome())));
        }
        all.sort(java.util.Comparator.comparing(TimelineEntry::at));
        return all;
    }

    /**
     * The containment steps taken in the incident's room and on its hosts (by name, IP, MAC or connector guid) from
     * anywhere, before and after it was opened.
     */
    public List<ContainmentStep> steps(Incident i) {
        return containment == null ? List.of() : containment.forIncident(i.roomId(), repo.hostKeys(i));
    }

    /**
     * Replaces the room's summary card when anything it shows changed (see {@link SummaryCards}). Every change made
     * here checks by itself; this is for changes made elsewhere (ticket syncs).
     */
    public void refreshSummary(String id) {
        summaries.refresh(id);
    }

    /**
     * Deletes the replaced summary cards a crash or a failed delete left in rooms (at start-up and now and then, for
     * several instances sharing the database at once).
     */
    public void finishSummaryReplacements() {
        summaries.finish(null);
    }

    /** Something about the incident changed: its summary card is replaced if it shows it. */
    private void changed(String id) {
        summaries.refresh(id);
    }

    /** Ticket changes not yet taken by the ticketing system, in words. */
    public List<String> unsynced(String id) {
        return outbox.pending(id).stream().map(c -> c.summary() + (c.lastError() == null ? ""
                : " (" + c.attempts() + " tries, last: " + c.lastError() + ")")).toList();
    }

    /** The ticketing product's name, or null. */
    public String ticketProduct() {
        return ticketProduct;
    }

    /** Appends a note. */
    public void note(Incident i, String actor, String text) {
        repo.append(i.id(), entry(actor, TimelineEntry.Kind.NOTE, text));
        queue(i, "work note", null, null, "Note by " + actor + ": " + text, null);
        changed(i.id());
    }

    /** Changes the status. */
    public void status(Incident i, String actor, IncidentStatus status) {
        repo.setStatus(i.id(), status, null, entry(actor, TimelineEntry.Kind.STATUS, "Status " + i.status().word() + " → "
                + status.word()));
        queue(i, "state " + status.word(), status.word(), null, "Status set to " + status.word() + " by " + actor, null);
        changed(i.id());
    }

    /** Changes the severity (1-4). */
    public void severity(Incident i, String actor, int severity) {
        repo.setSeverity(i.id(), severity, entry(actor, TimelineEntry.Kind.SEVERITY, "Severity " + i.severity() + " → "
                + severity));
        queue(i, "severity " + severity, null, severity, "Severity set to " + severity + " by " + actor, null);
        changed(i.id());
    }

    /**
     * Assigns the incident to someone, adds them to the room and queues the ticket's assignee (with a work note).
     *
     * @param email a plain email address ({@link Ticketing.TicketChange#isPlainEmail})
     * @throws IllegalArgumentException for anything else, before anything is recorded
     */
    public void assign(Incident i, String actor, String email) {
        if (!Ticketing.TicketChange.isPlainEmail(email)) {
            throw new IllegalArgumentException("an assignee must be a plain email address");
        }
        repo.setAssignee(i.id(), email, entry(actor, TimelineEntry.Kind.ASSIGN, "Assigned to " + email));
        if (i.roomId() != null) {
            try {
                rooms.addMember(i.roomId(), email);
            } catch (RuntimeException e) {
                LOG.warn("could not add assignee {} to {}'s room: {}", email, i.id(), e.getMessage());
            }
        }
        queue(i, "assign to " + email, null, null, "Assigned to " + email + " by " + actor, null, email);
        changed(i.id());
    }

    /** Adds a host or observable; false when the incident already had it. */
    public boolean add(Incident i, String actor, Observable o) {
        boolean added = addObservable(i, actor, o);
        if (added) {
            changed(i.id());
        }
        return added;
    }

    /** Adds hosts or observables, replacing the summary card once; returns those the incident did not have. */
    public List<Observable> add(Incident i, String actor, List<Observable> list) {
        List<Observable> added = list.stream().filter(o -> addObservable(i, actor, o)).toList();
        if (!added.isEmpty()) {
            changed(i.id());
        }
        return added;
    }

    private boolean addObservable(Incident i, String actor, Observable o) {
        boolean added = repo.addObservable(i.id(), o, entry(actor, TimelineEntry.Kind.ADD, "Added "
                + (Incident.isHost(o) ? "host " : "observable ") + o.value()));
        if (added) {
            queue(i, "work note: added " + o.value(), null, null, "Added " + o.value() + " (" + o.type() + ") by " + actor,
                    null);
        }
        return added;
    }

    /** Closes the incident with a resolution; the ticket is resolved with it. */
    public void close(Incident i, String actor, String resolution) {
        repo.setStatus(i.id(), IncidentStatus.CLOSED, resolution, entry(actor, TimelineEntry.Kind.CLOSED, "Closed: "
                + resolution));
        queue(i, "resolve the ticket", IncidentStatus.RESOLVED.word(), null, null, resolution);
        changed(i.id());
    }

    /** Appends what irflow did in a room to its incident's timeline (and the ticket); false when it is no incident room. */
    public boolean record(String roomId, String actor, TimelineEntry.Kind kind, String text) {
        Optional<Incident> i = repo.findByRoom(roomId);
        i.ifPresent(incident -> {
            repo.append(incident.id(), entry(actor, kind, text));
            queue(incident, "work note: " + kind.name().toLowerCase(), null, null, text + " (" + actor + ")", null);
            changed(incident.id());
        });
        return i.isPresent();
    }

    /**
     * An investigation ran in a room: when it is an incident room, the verdict goes on the incident's observable (added
     * if new), the timeline and the ticket. False when it is no incident room.
     */
    public boolean investigated(String roomId, String actor, Observable o, String verdict) {
        Optional<Incident> i = repo.findByRoom(roomId);
        i.ifPresent(incident -> {
            String text = "Investigated " + o.value() + " (" + o.type().name().toLowerCase() + "): " + verdict;
            repo.setVerdict(incident.id(), o, verdict, entry(actor, TimelineEntry.Kind.INVESTIGATION, text));
            queue(incident, "work note: investigation of " + o.value(), null, null, text + " (" + actor + ")", null);
            changed(incident.id());
        });
        return i.isPresent();
    }

    /**
     * An investigation in a room found who was on a host and where it was: when it is an incident room, both are kept
     * with the incident for its report. False when it is no incident room or nothing was found.
     */
    public boolean hostSeen(String roomId, String host, String user, String location) {
        if (host == null || (user == null && location == null)) {
            return false;
        }
        Optional<Incident> i = repo.findByRoom(roomId);
        i.ifPresent(incident -> {
            repo.setHostDetail(incident.id(), host, user, location);
            changed(incident.id());
        });
        return i.isPresent();
    }

    /** Records verdicts known when the incident was opened (from the card it was opened from). */
    public void verdicts(Incident i, String actor, java.util.Map<String, String> verdicts) {
        for (Observable o : i.observables()) {
            String v = verdicts.get(o.value());
            if (v != null) {
                repo.setVerdict(i.id(), o, v, entry(actor, TimelineEntry.Kind.INVESTIGATION, "Verdict on " + o.value()
                        + " from the card it was opened from: " + v));
            }
        }
        changed(i.id());
    }

    /**
     * A containment step in an incident room (from the audit) goes to the ticket as a work note; the timeline already
     * shows it from the audit. False when it is no incident room.
     */
    public boolean contained(String roomId, String text) {
        return !contained(roomId, null, text).isEmpty();
    }

    /**
     * A containment step (from the audit) goes to the ticket of the incident whose room it was taken in and of every
     * open incident covering its target (a host's MAC, IP, name or connector guid), as a work note; the timelines
     * already show it from the audit. Returns the incidents it went to.
     */
    public List<String> contained(String roomId, String target, String text) {
        java.util.Map<String, Incident> hit = new java.util.LinkedHashMap<>();
        repo.findByRoom(roomId).ifPresent(i -> hit.put(i.id(), i));
        if (target != null) {
            repo.openCovering(sameHost.apply(List.of(target))).forEach(i -> hit.putIfAbsent(i.id(), i));
        }
        hit.values().forEach(i -> queue(i, "work note: containment", null, null, "Containment: " + text, null));
        hit.values().forEach(i -> changed(i.id()));
        return List.copyOf(hit.keySet());
    }

    /**
     * A new alert: every open incident that covers its host (name, IP or MAC, case-insensitive) gets a timeline entry
     * and a work note. Returns the incidents it went to.
     */
    public List<String> alerted(String source, String title, List<String> hostKeys) {
        return alerted(source, title, hostKeys, List.of());
    }

    /**
     * Like {@link #alerted(String, String, List)}, also joining by identifiers people do not read (the AMP connector
     * guid), which the timeline entry does not name.
     */
    public List<String> alerted(String source, String title, List<String> hostKeys, List<String> joinKeys) {
        List<String> named = hostKeys.stream().filter(java.util.Objects::nonNull).toList();
        List<String> keys = new ArrayList<>(named);
        joinKeys.stream().filter(java.util.Objects::nonNull).forEach(keys::add);
        List<String> hit = new ArrayList<>();
        for (Incident i : repo.openCovering(sameHost.apply(keys))) {
            String text = "Alert from " + source + ": " + title + " on " + String.join(" / ", named);
            repo.append(i.id(), entry(IRFLOW, TimelineEntry.Kind.ALERT, text));
            queue(i, "work note: alert", null, null, text, null);
            changed(i.id());
            hit.add(i.id());
        }
        return hit;
    }

    /**
     * Someone took an alert ("I'm on it"): every open incident covering its hosts gets a timeline entry and a work
     * note. Returns the incidents it went to.
     */
    public List<String> acknowledged(String actor, String what, java.util.Collection<String> hostKeys) {
        List<String> hit = new ArrayList<>();
        for (Incident i : repo.openCovering(sameHost.apply(hostKeys))) {
            String text = actor + " is on it: " + what;
            repo.append(i.id(), entry(actor, TimelineEntry.Kind.ACKNOWLEDGED, text));
            queue(i, "work note: acknowledged", null, null, text, null);
            changed(i.id());
            hit.add(i.id());
        }
        return hit;
    }

    /**
     * Builds the report. Its time to acknowledge runs from detection to the first "I'm on it" pressed at or after
     * detection on an alert about any of the incident's hosts (by every identifier irflow knows for them).
     */
    public IncidentReport report(Incident i) {
        Incident fresh = get(i.id());
        Acknowledgement ack = firstAck(fresh);
        return IncidentReport.of(fresh, timeline(fresh), steps(fresh), fresh.roomId() == null ? null : rooms.link(fresh.roomId()),
                clock.instant(), repo.verdicts(fresh.id()), repo.hostDetails(fresh.id()), ack);
    }

    /** Uploads the report to the incident's room as Markdown and HTML files. */
    public IncidentReport postReport(Incident i) {
        IncidentReport r = report(i);
        String base = i.id() + "-report";
        rooms.upload(i.roomId(), "Report for **" + i.id() + "** (Markdown)", base + ".md", "text/markdown",
                r.markdown().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rooms.upload(i.roomId(), "Report for **" + i.id() + "** (HTML)", base + ".html", "text/html",
                r.html().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        postChart(get(i.id()));
        return r;
    }

    /**
     * Uploads the incident's timeline chart (detected → … → resolved) as a PNG beside the report. A chart that cannot
     * be drawn is logged and skipped: the report files are what matter.
     */
    private void postChart(Incident i) {
        byte[] png;
        try {
            png = TimelineChart.render(i.id() + " · " + i.title(), chartMilestones(i), java.time.ZoneOffset.UTC);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("could not draw the timeline chart of {}: {}", i.id(), e.toString());
            return;
        }
        rooms.upload(i.roomId(), "Timeline of **" + i.id() + "** (chart)", i.id() + "-timeline.png",
                io.irflow.pictures.Png.CONTENT_TYPE, png);
    }

    /**
     * The chart's milestones: detected, acknowledged (the report's first "I'm on it" on an alert about its hosts since
     * detection, when there is one), opened, first containment, contained, resolved.
     */
    List<TimelineChart.Milestone> chartMilestones(Incident i) {
        Acknowledgement ack = firstAck(i);
        return IncidentReport.milestones(i, steps(i), ack == null ? null : ack.at());
    }

    private Acknowledgement firstAck(Incident i) {
        Instant detected = i.detectedAt() == null ? i.openedAt() : i.detectedAt();
        return acks.first(sameHost.apply(repo.hostKeys(i)), detected).orElse(null);
    }

    /** A link to the room. */
    public String roomLink(String roomId) {
        return roomId == null ? null : rooms.link(roomId);
    }

    private void queue(Incident i, String summary, String status, Integer severity, String note, String resolution) {
        queue(i, summary, status, severity, note, resolution, null);
    }

    private void queue(Incident i, String summary, String status, Integer severity, String note, String resolution,
                       String assignee) {
        if (ticketProduct != null) {
            outbox.enqueue(i.id(), TicketOutboxStore.Op.UPDATE, summary, status, severity, note, resolution, assignee,
                    clock.instant());
        }
    }

    private Incident get(String id) {
        return repo.find(id).orElseThrow(() -> new IllegalStateException("incident " + id + " vanished"));
    }

    private TimelineEntry entry(String actor, TimelineEntry.Kind kind, String text) {
        return new TimelineEntry(clock.instant(), actor, kind, text);
    }
}

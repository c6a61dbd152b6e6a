package io.irflow.incidents;

import io.irflow.store.Jdbc;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Incidents, their observables and their timelines in the database (H2 or PostgreSQL). */
public final class IncidentStore {
    /** Counter inserts can collide when two instances open the first incident of a year at once; then we retry. */
    private static final int ALLOCATE_TRIES = 5;
    private final Jdbc jdbc;

    public IncidentStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** What opening needs to know. */
    public record NewIncident(String title, int severity, String openedBy, Instant openedAt, Instant detectedAt,
                              List<Observable> observables) {
    }

    /**
     * Allocates the next {@code IR-<year>-<seq>} and stores the incident, its observables and its first timeline entry,
     * all in one transaction.
     */
    public Incident create(NewIncident n) {
        return create(n, null, List.of()).incident();
    }

    /**
     * An incident after {@link #create(NewIncident, String, List)}.
     *
     * @param fresh false when the origin already had an incident, which is the one returned
     */
    public record Created(Incident incident, boolean fresh) {
    }

    /**
     * Like {@link #create(NewIncident)}, for an incident opened from a card: the card's reference is stored with it
     * under a primary key, so when the card already opened an incident (an earlier press, a concurrent one, one on
     * another instance sharing the database) nothing is created and that incident is returned instead.
     *
     * @param originRef the reference of the card's button, or null
     * @param hostKeys  host identifiers beyond the observables (e.g. the AMP connector guid), any case
     */
    public Created create(NewIncident n, String originRef, List<String> hostKeys) {
        int year = n.openedAt().atZone(ZoneOffset.UTC).getYear();
        for (int attempt = 1; ; attempt++) {
            Optional<Incident> existing = fromOrigin(originRef);
            if (existing.isPresent()) {
                return new Created(existing.get(), false);
            }
            try {
                String created = jdbc.inTransaction(c -> {
                    int seq = nextSeq(c, year);
                    String id = "IR-%d-%04d".formatted(year, seq);
                    Jdbc.update(c, "INSERT INTO incident (id, title, severity, status, opened_by, opened_at, detected_at) "
                            + "VALUES (?,?,?,?,?,?,?)", id, clip(n.title(), 500), n.severity(), IncidentStatus.NEW,
                            n.openedBy(), n.openedAt(), n.detectedAt());
                    if (originRef != null) {
                        // A second opening from the same card fails here, on the primary key, and finds the first.
                        Jdbc.update(c, "INSERT INTO incident_origin (origin_ref, incident_id, created_at) VALUES (?,?,?)",
                                originRef, id, n.openedAt());
                    }
                    for (Observable o : n.observables()) {
                        insertObservable(c, id, o, n.openedAt(), n.openedBy());
                    }
                    insertHostKeys(c, id, hostKeys);
                    append(c, id, new TimelineEntry(n.openedAt(), n.openedBy(), TimelineEntry.Kind.OPENED,
                            "Opened \"" + n.title() + "\" (severity " + n.severity() + ")"));
                    return id;
                });
                return new Created(find(created).orElseThrow(), true);
            } catch (Jdbc.StoreException e) {
                if (attempt >= ALLOCATE_TRIES) {
                    Optional<Incident> late = fromOrigin(originRef);
                    if (late.isPresent()) {
                        return new Created(late.get(), false);
                    }
                    throw e;
                }
            }
        }
    }

    /** The incident a card's button opened (or was added to), if any. */
    public Optional<Incident> fromOrigin(String originRef) {
        if (originRef == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT incident_id FROM incident_origin WHERE origin_ref = ?", rs -> rs.getString(1), originRef)
                .stream().findFirst().flatMap(this::find);
    }

    /**
     * Records that a card's button now stands for an existing incident (it was added to it); false when the card
     * already stood for one (that one stays).
     */
    public boolean linkOrigin(String originRef, String id, Instant at) {
        try {
            jdbc.update("INSERT INTO incident_origin (origin_ref, incident_id, created_at) VALUES (?,?,?)", originRef, id, at);
            return true;
        } catch (Jdbc.StoreException e) {
            return false;
        }
    }

    /** Adds host identifiers beyond the observables (ignoring those it has). */
    public void addHostKeys(String id, List<String> keys) {
        jdbc.inTransaction(c -> {
            insertHostKeys(c, id, keys);
            return null;
        });
    }

    private static void insertHostKeys(Connection c, String id, List<String> keys) throws SQLException {
        for (String k : keys) {
            if (k == null || k.isBlank()) {
                continue;
            }
            String key = clip(k.strip().toLowerCase(java.util.Locale.ROOT), 512);
            if (Jdbc.query(c, "SELECT 1 FROM incident_host_key WHERE incident_id = ? AND key_value = ?", rs -> 1, id, key)
                    .isEmpty()) {
                Jdbc.update(c, "INSERT INTO incident_host_key (incident_id, key_value) VALUES (?,?)", id, key);
            }
        }
    }

    /**
     * Every identifier of the incident's hosts, lower-cased: its host names, IPs and MACs, and the extra keys (AMP
     * connector guids).
     */
    public List<String> hostKeys(Incident i) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        i.hosts().forEach(h -> keys.add(h.value().toLowerCase(java.util.Locale.ROOT)));
        keys.addAll(jdbc.query("SELECT key_value FROM incident_host_key WHERE incident_id = ? ORDER BY key_value",
                rs -> rs.getString(1), i.id()));
        return List.copyOf(keys);
    }

    /** Open incidents that cover any of these host identifiers (case-insensitive), oldest first. */
    public List<Incident> openCovering(java.util.Collection<String> keys) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        keys.stream().filter(k -> k != null && !k.isBlank()).forEach(k -> wanted.add(k.strip().toLowerCase(
                java.util.Locale.ROOT)));
        if (wanted.isEmpty()) {
            return List.of();
        }
        return open().stream().filter(i -> hostKeys(i).stream().anyMatch(wanted::contains)).toList();
    }

    /** The summary card's message id and what it showed, or empty when none was recorded. */
    public Optional<String[]> summary(String id) {
        return jdbc.query("SELECT summary_message_id, summary_state FROM incident WHERE id = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, id).stream().filter(r -> r[0] != null).findFirst();
    }

    /**
     * Records the summary card now in the room, only if the one recorded is still {@code previous} (null: none); false
     * when another refresh got there first.
     */
    public boolean swapSummary(String id, String previous, String messageId, String state) {
        return previous == null
                ? jdbc.update("UPDATE incident SET summary_message_id = ?, summary_state = ? WHERE id = ? "
                + "AND summary_message_id IS NULL", messageId, clip(state, 300), id) == 1
                : jdbc.update("UPDATE incident SET summary_message_id = ?, summary_state = ? WHERE id = ? "
                + "AND summary_message_id = ?", messageId, clip(state, 300), id, previous) == 1;
    }

    /**
     * A summary card's message on its way out: kept until {@link #summaryDeleted} so that a crash or a failed delete
     * between posting its replacement and deleting it is finished later. Already recorded is fine.
     */
    public void retireSummary(String id, String messageId, Instant at) {
        try {
            jdbc.update("INSERT INTO summary_card_retired (message_id, incident_id, retired_at) VALUES (?,?,?)",
                    messageId, id, at);
        } catch (Jdbc.StoreException e) {
            if (retiredSummaries(id).stream().noneMatch(r -> r.messageId().equals(messageId))) {
                throw e;
            }
        }
    }

    /** The summary card's message is gone from the room (or was never replaced): nothing left to delete. */
    public void summaryDeleted(String messageId) {
        jdbc.update("DELETE FROM summary_card_retired WHERE message_id = ?", messageId);
    }

    /**
     * A summary card on its way out.
     *
     * @param current true when it still is the incident's card (its replacement was never recorded)
     */
    public record Retired(String incidentId, String messageId, Instant at, boolean current) {
    }

    /** The summary cards on their way out, of one incident or (null) of all, oldest first. */
    public List<Retired> retiredSummaries(String id) {
        return jdbc.query("SELECT r.incident_id, r.message_id, r.retired_at, i.summary_message_id FROM "
                + "summary_card_retired r LEFT JOIN incident i ON i.id = r.incident_id"
                + (id == null ? "" : " WHERE r.incident_id = ?") + " ORDER BY r.retired_at",
                rs -> new Retired(rs.getString(1), rs.getString(2), Jdbc.instant(rs, 3),
                        rs.getString(2).equals(rs.getString(4))), id == null ? new Object[0] : new Object[]{id});
    }

    private static int nextSeq(Connection c, int year) throws SQLException {
        int updated = Jdbc.update(c, "UPDATE incident_counter SET last_seq = last_seq + 1 WHERE counter_year = ?", year);
        if (updated == 0) {
            // A duplicate key here (another instance inserted first) aborts the transaction; create() retries it.
            Jdbc.update(c, "INSERT INTO incident_counter (counter_year, last_seq) VALUES (?, 1)", year);
            return 1;
        }
        return Jdbc.query(c, "SELECT last_seq FROM incident_counter WHERE counter_year = ?", rs -> rs.getInt(1), year).get(0);
    }

    /** One incident by id (case-insensitive), with its observables. */
    public Optional<Incident> find(String id) {
        return one("SELECT * FROM incident WHERE id = ?", id == null ? "" : id.strip().toUpperCase());
    }

    /** The incident whose Webex room this is. */
    public Optional<Incident> findByRoom(String roomId) {
        return roomId == null ? Optional.empty() : one("SELECT * FROM incident WHERE room_id = ?", roomId);
    }

    /** Incidents not resolved or closed, oldest first. */
    public List<Incident> open() {
        List<Incident> list = jdbc.query("SELECT * FROM incident WHERE status NOT IN ('RESOLVED', 'CLOSED') "
                + "ORDER BY opened_at, id", IncidentStore::map);
        return list.stream().map(i -> i.withObservables(observables(i.id()))).toList();
    }

    /** Records the incident's Webex room. */
    public void setRoom(String id, String roomId) {
        jdbc.update("UPDATE incident SET room_id = ? WHERE id = ?", roomId, id);
    }

    /** Records the ticket once it exists. */
    public void setTicket(String id, String number, String sysId, String url) {
        jdbc.update("UPDATE incident SET ticket_number = ?, ticket_sys_id = ?, ticket_url = ? WHERE id = ?", number, sysId,
                url, id);
    }

    /** The ticket's system id, or empty until the ticket exists. */
    public Optional<String> ticketSysId(String id) {
        return jdbc.query("SELECT ticket_sys_id FROM incident WHERE id = ?", rs -> rs.getString(1), id).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * Changes the status, stamping the first time it became contained and when it was resolved, and appends the
     * timeline entry, in one transaction.
     */
    public void setStatus(String id, IncidentStatus status, String resolution, TimelineEntry entry) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "UPDATE incident SET status = ?, "
                    + "contained_at = CASE WHEN ? AND contained_at IS NULL THEN ? ELSE contained_at END, "
                    + "resolved_at = CASE WHEN ? THEN COALESCE(resolved_at, ?) ELSE NULL END, "
                    + "closed_at = CASE WHEN ? THEN ? ELSE closed_at END, "
                    + "resolution = COALESCE(?, resolution) WHERE id = ?",
                    status, status == IncidentStatus.CONTAINED || status.done(), entry.at(), status.done(), entry.at(),
                    status == IncidentStatus.CLOSED, entry.at(), resolution, id);
            append(c, id, entry);
            return null;
        });
    }

    /** Changes the severity and appends the timeline entry. */
    public void setSeverity(String id, int severity, TimelineEntry entry) {
        changeAndLog("UPDATE incident SET severity = ? WHERE id = ?", severity, id, entry);
    }

    /** Changes the assignee and appends the timeline entry. */
    public void setAssignee(String id, String email, TimelineEntry entry) {
        changeAndLog("UPDATE incident SET assignee = ? WHERE id = ?", email, id, entry);
    }

    private void changeAndLog(String sql, Object value, String id, TimelineEntry entry) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, sql, value, id);
            append(c, id, entry);
            return null;
        });
    }

    /** Adds an observable (and its timeline entry); false when the incident already had it. */
    public boolean addObservable(String id, Observable o, TimelineEntry entry) {
        return jdbc.inTransaction(c -> {
            boolean known = !Jdbc.query(c, "SELECT 1 FROM incident_observable WHERE incident_id = ? AND obs_type = ? "
                    + "AND obs_value = ?", rs -> 1, id, o.type(), o.value()).isEmpty();
            if (known) {
                return false;
            }
            insertObservable(c, id, o, entry.at(), entry.actor());
            append(c, id, entry);
            return true;
        });
    }

    /**
     * Records the latest verdict on an observable, adding it to the incident when it was not there, with the timeline
     * entry, in one transaction.
     */
    public void setVerdict(String id, Observable o, String verdict, TimelineEntry entry) {
        jdbc.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE incident_observable SET verdict = ? WHERE incident_id = ? AND obs_type = ? "
                    + "AND obs_value = ?", clip(verdict, 600), id, o.type(), o.value()) == 0) {
                insertObservable(c, id, o, entry.at(), entry.actor());
                Jdbc.update(c, "UPDATE incident_observable SET verdict = ? WHERE incident_id = ? AND obs_type = ? "
                        + "AND obs_value = ?", clip(verdict, 600), id, o.type(), o.value());
            }
            append(c, id, entry);
            return null;
        });
    }

    /** The recorded verdicts, by observable value. */
    public java.util.Map<String, String> verdicts(String id) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT obs_value, verdict FROM incident_observable WHERE incident_id = ? AND verdict IS NOT NULL",
                rs -> m.put(rs.getString(1), rs.getString(2)), id);
        return m;
    }

    /**
     * Who was on a host and where it was, as an investigation found them. Null values keep what was known before.
     */
    public void setHostDetail(String id, String host, String user, String location) {
        if (host == null || (user == null && location == null)) {
            return;
        }
        String key = clip(host.toLowerCase(java.util.Locale.ROOT), 512);
        jdbc.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE incident_host_detail SET host_user = COALESCE(?, host_user), "
                    + "host_location = COALESCE(?, host_location) WHERE incident_id = ? AND host_value = ?",
                    clip(user, 320), clip(location, 1000), id, key) == 0) {
                Jdbc.update(c, "INSERT INTO incident_host_detail (incident_id, host_value, host_user, host_location) "
                        + "VALUES (?,?,?,?)", id, key, clip(user, 320), clip(location, 1000));
            }
            return null;
        });
    }

    /** The recorded users and locations, by lower-cased host value. */
    public java.util.Map<String, HostDetail> hostDetails(String id) {
        java.util.Map<String, HostDetail> m = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT host_value, host_user, host_location FROM incident_host_detail WHERE incident_id = ? "
                + "ORDER BY host_value", rs -> m.put(rs.getString(1), new HostDetail(rs.getString(2), rs.getString(3))), id);
        return m;
    }

    /**
     * Who was on a host and where it was.
     *
     * @param user     the session or logged-in user, or null
     * @param location the location's map hierarchy, or null
     */
    public record HostDetail(String user, String location) {
    }

    /** Appends one timeline entry. */
    public void append(String id, TimelineEntry entry) {
        jdbc.inTransaction(c -> {
            append(c, id, entry);
            return null;
        });
    }

    /** The whole timeline, oldest first. */
    public List<TimelineEntry> timeline(String id) {
        return jdbc.query("SELECT * FROM incident_timeline WHERE incident_id = ? ORDER BY at, id", rs -> new TimelineEntry(
                Jdbc.instant(rs, "at"), rs.getString("actor"), TimelineEntry.Kind.valueOf(rs.getString("kind")),
                rs.getString("entry_text")), id);
    }

    static void append(Connection c, String id, TimelineEntry e) throws SQLException {
        Jdbc.update(c, "INSERT INTO incident_timeline (incident_id, at, actor, kind, entry_text) VALUES (?,?,?,?,?)", id,
                e.at(), clip(e.actor(), 320), e.kind(), clip(e.text(), 4000));
    }

    private static void insertObservable(Connection c, String id, Observable o, Instant at, String by) throws SQLException {
        Jdbc.update(c, "INSERT INTO incident_observable (incident_id, obs_type, obs_value, added_at, added_by) "
                + "VALUES (?,?,?,?,?)", id, o.type(), clip(o.value(), 512), at, by);
    }

    private Optional<Incident> one(String sql, String param) {
        return jdbc.query(sql, IncidentStore::map, param).stream().findFirst()
                .map(i -> i.withObservables(observables(i.id())));
    }

    private List<Observable> observables(String id) {
        return jdbc.query("SELECT obs_type, obs_value FROM incident_observable WHERE incident_id = ? ORDER BY added_at, "
                + "obs_type, obs_value", rs -> new Observable(ObservableType.valueOf(rs.getString(1)), rs.getString(2)), id);
    }

    private static Incident map(ResultSet rs) throws SQLException {
        return new Incident(rs.getString("id"), rs.getString("title"), rs.getInt("severity"),
                IncidentStatus.valueOf(rs.getString("status")), rs.getString("opened_by"), Jdbc.instant(rs, "opened_at"),
                Jdbc.instant(rs, "detected_at"), rs.getString("room_id"), rs.getString("assignee"),
                rs.getString("ticket_number"), rs.getString("ticket_url"), rs.getString("resolution"),
                Jdbc.instant(rs, "contained_at"), Jdbc.instant(rs, "resolved_at"), new ArrayList<>());
    }

    static String clip(String s, int max) {
        return Jdbc.clip(s, max);
    }
}

package io.irflow.adapters.servicenow;

import io.irflow.adapters.servicenow.ServiceNowConfig.TicketDefaults;
import io.irflow.adapters.servicenow.dto.IncidentFields;
import io.irflow.adapters.servicenow.dto.IncidentRecord;
import io.irflow.adapters.servicenow.dto.UserRecord;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Ticketing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mirrors irflow incidents as ServiceNow incidents through the Table API.
 * Operations: create (POST, 201), update (PATCH: state, impact/urgency, appended work note, the assignee's sys_user
 * as assigned_to, resolve with close code and close notes), and a probe (a one-row authenticated read). Inputs:
 * {@link NewTicket} with severity 1-4 and the opener's email or a sys_user sys_id; {@link TicketChange} with our
 * status words and the assignee's email. Required config:
 * instance URL and an integration user (Basic) or an OAuth client plus that user (password grant); optional
 * assignment group, default caller, category, subcategory and close code ({@link TicketDefaults}).
 */
public final class ServiceNowTicketing implements Ticketing, Probe, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceNowTicketing.class);
    /**
     * docs/reference/servicenow.md#incident-fields: keep the short description to one line of at most 160 characters.
     */
    static final int MAX_SHORT_DESCRIPTION = 160;
    /**
     * As in the reference create request; choice values are not validated by the Table API
     * (docs/reference/servicenow.md#incident-fields).
     */
    static final String CONTACT_TYPE = "integration";
    static final String STATE_NEW = "1";
    static final String STATE_IN_PROGRESS = "2";
    static final String STATE_RESOLVED = "6";
    static final String DEFAULT_CLOSE_NOTES = "Resolved in irflow.";
    private static final Pattern SYS_ID = Pattern.compile("[0-9a-f]{32}");
    private static final DateTimeFormatter CREATED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ServiceNowClient client;
    private final ServiceNowConfig config;

    public ServiceNowTicketing(ServiceNowConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With a clock for the OAuth token's lifetime (tests). */
    public ServiceNowTicketing(ServiceNowConfig config, Clock clock) {
        this.config = config;
        this.client = new ServiceNowClient(config, clock);
    }

    @Override
    public String product() {
        return ServiceNowClient.PRODUCT;
    }

    @Override
    public String source() {
        return ServiceNowClient.PRODUCT;
    }

    @Override
    public TicketRef create(NewTicket ticket) throws AdapterException {
        if (ticket == null || ticket.shortDescription() == null || ticket.shortDescription().isBlank()) {
            throw new AdapterException(product(), Kind.BAD_INPUT, "a ServiceNow incident needs a short description");
        }
        Level level = level(ticket.severity());
        TicketDefaults defaults = config.ticket();
        String group = ticket.assignmentGroup() == null || ticket.assignmentGroup().isBlank()
                ? defaults.assignmentGroup() : ticket.assignmentGroup();
        String caller = ticket.caller() == null ? null : ticket.caller().trim();
        IncidentFields fields = new IncidentFields(shortDescription(ticket.shortDescription()), ticket.description(),
                level.urgency(), level.impact(), callerId(caller), group, null, defaults.category(),
                defaults.subcategory(), CONTACT_TYPE,
                caller == null || caller.isEmpty() ? null : "Opened by irflow on request of " + caller + ".",
                null, null, null, ticket.correlationId(),
                ticket.correlationId() == null ? null : ServiceNowClient.CORRELATION_DISPLAY);
        IncidentRecord created = client.createIncident(fields);
        if (created.sysId() == null || created.sysId().isBlank()) {
            throw new AdapterException(product(), Kind.MALFORMED, "ServiceNow created an incident without sys_id");
        }
        String number = created.number() == null || created.number().isBlank() ? created.sysId() : created.number();
        return new TicketRef(number, created.sysId(), link(created.sysId()));
    }

    /**
     * {@inheritDoc}
     * Queries the incident table for {@code correlation_id} (set on create with {@code correlation_display=irflow});
     * a row counts only when its {@code correlation_id} really is that id (ServiceNow ignores an unknown query field
     * and would return everything, docs/reference/servicenow.md#encoded-queries) and its {@code sys_created_on} (UTC,
     * docs/reference/servicenow.md#value-formats) is not before {@code notBefore}, so an incident id reused after a
     * database reset does not adopt an old ticket.
     */
    @Override
    public Optional<TicketRef> findCreated(String correlationId, Instant notBefore) throws AdapterException {
        List<IncidentRecord> rows;
        try {
            rows = client.findByCorrelation(correlationId);
        } catch (AdapterException e) {
            if (e.status() == 404) {
                // docs/reference/servicenow.md#endpoints: a query that matches nothing answers 404 on the v1 API
                // instead of an empty result.
                LOG.info("ServiceNow answered the correlation query for {} with 404; taken as no ticket",
                        correlationId);
                return Optional.empty();
            }
            if (e.status() == 403) {
                // The integration user may create incidents but not read them: irflow cannot check, and a ticket
                // that is never created is worse than a second one.
                LOG.warn("ServiceNow refused the correlation query for {} (HTTP 403); creating without checking",
                        correlationId);
                return Optional.empty();
            }
            throw e;
        }
        for (IncidentRecord r : rows) {
            if (r == null || r.sysId() == null || r.sysId().isBlank() || !correlationId.equals(r.correlationId())) {
                continue;
            }
            Optional<Instant> created = createdOn(r.sysCreatedOn());
            if (created.isEmpty() || created.get().isBefore(notBefore)) {
                LOG.info("ServiceNow {} carries {} but was created {}; not adopted", r.number(), correlationId,
                        r.sysCreatedOn());
                continue;
            }
            String number = r.number() == null || r.number().isBlank() ? r.sysId() : r.number();
            return Optional.of(new TicketRef(number, r.sysId(), link(r.sysId())));
        }
        return Optional.empty();
    }

    /**
     * {@code sys_created_on} as a raw value: {@code YYYY-MM-DD HH:MM:SS} in UTC
     * (docs/reference/servicenow.md#value-formats).
     */
    static Optional<Instant> createdOn(String raw) {
        try {
            return raw == null || raw.isBlank() ? Optional.empty()
                    : Optional.of(LocalDateTime.parse(raw.trim(), CREATED_ON).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * {@inheritDoc}
     * "resolved" and "closed" both resolve (state 6) with the configured close code and the resolution as close notes,
     * because Closed (7) is set by the platform after Resolved (docs/reference/servicenow.md#states); a resolution
     * without a state also resolves. An assignee is looked up in {@code sys_user} by email and set as
     * {@code assigned_to} in the same PATCH; when ServiceNow has no such user or refuses the lookup (403/404), the work
     * note says so and the rest still goes.
     */
    @Override
    public void update(TicketRef ticket, TicketChange change) throws AdapterException {
        if (ticket == null || ticket.sysId() == null || ticket.sysId().isBlank()) {
            throw new AdapterException(product(), Kind.BAD_INPUT, "no ServiceNow sys_id to update");
        }
        if (change == null) {
            return;
        }
        if (change.assignee() != null && !TicketChange.isPlainEmail(change.assignee())) {
            throw new AdapterException(product(), Kind.BAD_INPUT, "the assignee is not a plain email address");
        }
        String state = change.state() == null ? null : stateCode(change.state());
        boolean resolving = STATE_RESOLVED.equals(state) || (state == null && change.resolution() != null);
        Level level = change.severity() == null ? null : level(change.severity());
        String note = change.workNote() == null || change.workNote().isBlank() ? null : change.workNote();
        String assignedTo = null;
        if (change.assignee() != null) {
            assignedTo = userId(change.assignee(), "assigned_to of " + ticket.number() + " stays as it is")
                    .orElse(null);
            if (assignedTo == null) {
                note = (note == null ? "" : note + "\n") + notAUser(change.assignee());
            }
        }
        IncidentFields fields = new IncidentFields(null, null,
                level == null ? null : level.urgency(), level == null ? null : level.impact(),
                null, null, assignedTo, null, null, null, note,
                resolving ? STATE_RESOLVED : state,
                resolving ? config.ticket().closeCode() : null,
                resolving ? closeNotes(change.resolution()) : null);
        if (fields.changesNothing()) {
            return;
        }
        IncidentRecord updated = client.updateIncident(ticket.sysId(), fields);
        if (fields.state() != null && updated.state() != null && !updated.state().isBlank()
                && !fields.state().equals(updated.state())) {
            // docs/reference/servicenow.md#silent-no-ops: a business rule or an ignored field can keep the old value
            // while the PATCH still answers 200.
            LOG.warn("ServiceNow kept {} in state {} instead of {}", ticket.number(), updated.state(), fields.state());
        }
    }

    /** {@code GET /api/now/table/incident?sysparm_limit=1}: reachable, authenticated and allowed to read incidents. */
    @Override
    public void probe() throws AdapterException {
        client.probe();
    }

    /**
     * The classic-UI deep link, inner part URL-encoded so it survives Markdown
     * (docs/reference/servicenow.md#deep-links).
     */
    public String link(String sysId) {
        return config.uiBaseUrl() + "/nav_to.do?uri=incident.do%3Fsys_id%3D" + sysId;
    }

    /**
     * Our severity to impact and urgency, so ServiceNow computes the matching priority
     * (docs/reference/servicenow.md#incident-fields): 1 → 1/1 (P1 Critical), 2 → 1/2 (P2 High), 3 → 2/2 (P3 Moderate),
     * 4 → 2/3 (P4 Low).
     */
    static Level level(int severity) throws AdapterException {
        return switch (severity) {
            case 1 -> new Level("1", "1");
            case 2 -> new Level("1", "2");
            case 3 -> new Level("2", "2");
            case 4 -> new Level("2", "3");
            default -> throw new AdapterException(ServiceNowClient.PRODUCT, Kind.BAD_INPUT,
                    "severity must be 1 to 4, not " + severity);
        };
    }

    /**
     * Our status words to ServiceNow incident states (docs/reference/servicenow.md#states): new → 1 New, investigating
     * and contained → 2 In Progress (ServiceNow has no "contained"; On Hold would need a hold reason), resolved and
     * closed → 6 Resolved.
     */
    static String stateCode(String word) throws AdapterException {
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "new" -> STATE_NEW;
            case "investigating", "contained" -> STATE_IN_PROGRESS;
            case "resolved", "closed" -> STATE_RESOLVED;
            default -> throw new AdapterException(ServiceNowClient.PRODUCT, Kind.BAD_INPUT,
                    "unknown incident status: " + word);
        };
    }

    /** The caller's sys_id: given directly, looked up by email, or the configured default caller. */
    private String callerId(String caller) throws AdapterException {
        if (caller == null || caller.isEmpty()) {
            return config.ticket().caller();
        }
        if (SYS_ID.matcher(caller).matches()) {
            return caller;
        }
        if (TicketChange.isPlainEmail(caller)) {
            return userId(caller, "using the default caller").orElse(config.ticket().caller());
        }
        return config.ticket().caller();
    }

    /**
     * The sys_id of the {@code sys_user} with this (plain) email; empty, with a warning, when there is none or when
     * ServiceNow refuses the lookup: the integration user may not read sys_user (403), or the Table API may not expose
     * it (404).
     *
     * @param otherwise what the caller does without a user, for the warning
     */
    private Optional<String> userId(String email, String otherwise) throws AdapterException {
        try {
            Optional<String> id = Optional.ofNullable(client.findUserByEmail(email)).map(UserRecord::sysId);
            if (id.isEmpty()) {
                LOG.warn("ServiceNow has no sys_user with that email; {}", otherwise);
            }
            return id;
        } catch (AdapterException e) {
            if (e.status() != 403 && e.status() != 404) {
                throw e;
            }
            LOG.warn("ServiceNow refused the sys_user lookup (HTTP {}); {}", e.status(), otherwise);
            return Optional.empty();
        }
    }

    /** The work note line for an assignee ServiceNow does not know (or does not let irflow see). */
    static String notAUser(String email) {
        return email + " is not a ServiceNow user irflow can see, so the ticket's assigned_to was not changed.";
    }

    private static String shortDescription(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_SHORT_DESCRIPTION ? oneLine
                : oneLine.substring(0, MAX_SHORT_DESCRIPTION - 1) + "…";
    }

    private static String closeNotes(String resolution) {
        return resolution == null || resolution.isBlank() ? DEFAULT_CLOSE_NOTES : resolution;
    }

    @Override
    public void close() {
        client.close();
    }

    /** Impact and urgency as ServiceNow choice values ("1" High … "3" Low). */
    record Level(String impact, String urgency) {
    }
}

package io.irflow.capabilities;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** An external ticketing system (ServiceNow) that mirrors an incident: create, update, resolve. */
public interface Ticketing {

    /** The product name, e.g. "ServiceNow". */
    String product();

    /**
     * Creates the ticket.
     *
     * @return the ticket's identity (number, system id, link)
     */
    TicketRef create(NewTicket ticket) throws AdapterException;

    /**
     * The ticket this integration created for {@code correlationId} (see {@link NewTicket#correlationId}) no earlier
     * than {@code notBefore}, if the system has one. Asked before creating a ticket again after a create whose outcome
     * is unknown (a 5xx or no answer), so that create does not make a second ticket. Systems that cannot be asked
     * answer empty.
     */
    default Optional<TicketRef> findCreated(String correlationId, Instant notBefore) throws AdapterException {
        return Optional.empty();
    }

    /** Applies a change (state, impact/urgency, work note, resolution, assignee) to an existing ticket. */
    void update(TicketRef ticket, TicketChange change) throws AdapterException;

    /**
     * A ticket as the system knows it.
     *
     * @param number human number, e.g. INC0010023
     * @param sysId  the system's id
     * @param url    a link people can open
     */
    record TicketRef(String number, String sysId, String url) {
    }

    /**
     * What a new ticket says.
     *
     * @param shortDescription one line
     * @param description      the summary
     * @param caller           who opened it (email or user id)
     * @param severity         1 (critical) to 4 (low)
     * @param assignmentGroup  the configured group, or null
     * @param correlationId    irflow's incident id, stored on the ticket so a lost create can be found again; or null
     */
    record NewTicket(String shortDescription, String description, String caller, int severity, String assignmentGroup,
                     String correlationId) {
        /** A ticket that carries no correlation id. */
        public NewTicket(String shortDescription, String description, String caller, int severity,
                         String assignmentGroup) {
            this(shortDescription, description, caller, severity, assignmentGroup, null);
        }
    }

    /**
     * One change; null fields are left alone.
     *
     * @param state          our incident status word (new, investigating, contained, resolved, closed), or null
     * @param severity       1-4, or null
     * @param workNote       a work note to append, or null
     * @param resolution     close notes when resolving, or null
     * @param assignee       email of the person the ticket is assigned to (a {@link #isPlainEmail plain email}),
     *                       or null to leave the assignee unchanged
     */
    record TicketChange(String state, Integer severity, String workNote, String resolution, String assignee) {
        /**
         * Letters, digits and {@code . _ % + ' -} before the @, a dotted host name after it, at most 320 characters:
         * nothing a ticketing system's query language could read as syntax (ServiceNow's {@code ^} or {@code =}).
         */
        private static final Pattern PLAIN_EMAIL = Pattern.compile(
                "[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

        /** True when {@code email} is a plain email address that may be an assignee (and be put into a lookup). */
        public static boolean isPlainEmail(String email) {
            return email != null && email.length() <= 320 && PLAIN_EMAIL.matcher(email).matches();
        }
    }
}

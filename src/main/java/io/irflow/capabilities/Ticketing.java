package io.irflow.capabilities;

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

    /** Applies a change (state, impact/urgency, work note, resolution) to an existing ticket. */
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
     */
    record NewTicket(String shortDescription, String description, String caller, int severity, String assignmentGroup) {
    }

    /**
     * One change; null fields are left alone.
     *
     * @param state          our incident status word (new, investigating, contained, resolved, closed), or null
     * @param severity       1-4, or null
     * @param workNote       a work note to append, or null
     * @param resolution     close notes when resolving, or null
     */
    record TicketChange(String state, Integer severity, String workNote, String resolution) {
    }
}

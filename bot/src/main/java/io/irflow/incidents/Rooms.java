package io.irflow.incidents;

import java.util.List;

/** What the incident flow needs from the chat system: create a room, add people, post into it. */
public interface Rooms {

    /** Creates a room with this title; returns its id. */
    String create(String title);

    /** Adds a person by email; someone already in the room is not an error. */
    void addMember(String roomId, String email);

    /** Posts a markdown message. */
    void post(String roomId, String markdown);

    /**
     * Posts the incident's summary (a card, with its fallback).
     *
     * @param unsynced      changes not yet in the ticket
     * @param ticketProduct the ticketing system, or null when none is configured
     */
    void postSummary(String roomId, Incident incident, List<String> unsynced, String ticketProduct);

    /**
     * Posts the incident's summary card like {@link #postSummary} and returns the message's id (null when the chat
     * system gives none), so the card can be replaced later.
     */
    default String postSummaryCard(String roomId, Incident incident, List<String> unsynced, String ticketProduct) {
        postSummary(roomId, incident, unsynced, ticketProduct);
        return null;
    }

    /**
     * Like {@link #postSummaryCard(String, Incident, List, String)}, with the containment steps on the incident's
     * hosts in words, oldest first. By default without them.
     */
    default String postSummaryCard(String roomId, Incident incident, List<String> unsynced, String ticketProduct,
                                   List<String> containment) {
        return postSummaryCard(roomId, incident, unsynced, ticketProduct);
    }

    /** Deletes one of irflow's own messages (a replaced summary card). */
    default void deleteMessage(String messageId) {
    }

    /** Posts the link to the incident's ticket once it exists ({@code url} may be null). */
    void postTicket(String roomId, String product, String number, String url);

    /** Uploads a file with a short markdown message. */
    void upload(String roomId, String markdown, String fileName, String contentType, byte[] content);

    /** A link people can open to reach the room (for the ticket's work notes). */
    String link(String roomId);
}

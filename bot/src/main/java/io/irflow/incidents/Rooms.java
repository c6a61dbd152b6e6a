package io.irflow.incidents;

import io.irflow.cards.Card;

/** What the incident flow needs from the chat system: create a room, add people, post into it. */
public interface Rooms {

    /** Creates a room with this title; returns its id. */
    String create(String title);

    /** Adds a person by email; someone already in the room is not an error. */
    void addMember(String roomId, String email);

    /** Posts a markdown message. */
    void post(String roomId, String markdown);

    /** Posts a card (with its fallback). */
    void post(String roomId, Card card);

    /** Uploads a file with a short markdown message. */
    void upload(String roomId, String markdown, String fileName, String contentType, byte[] content);

    /** A link people can open to reach the room (for the ticket's work notes). */
    String link(String roomId);
}

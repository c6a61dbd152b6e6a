package io.irflow.incidents;

import java.time.Instant;

/**
 * One line of an incident's timeline: who did what, when.
 *
 * @param at    when
 * @param actor who (email), or "irflow"
 * @param kind  what sort of change
 * @param text  what happened, as plain text (escaped when rendered)
 */
public record TimelineEntry(Instant at, String actor, Kind kind, String text) {

    /** What sort of change an entry records. */
    public enum Kind {
        OPENED, ROOM, TICKET, NOTE, STATUS, SEVERITY, ASSIGN, ADD, INVESTIGATION, CONTAINMENT, ALERT, CLOSED,
        /** Someone took an alert on one of the incident's hosts ("I'm on it" on its card). */
        ACKNOWLEDGED
    }
}

package io.irflow.adapters.amp.dto;


import java.util.List;

/**
 * One page of GET /v1/events.
 *
 * @param events the page's events, newest first
 * @param next   the absolute next-page link on the configured API host, or null on the last page
 */
public record EventPage(List<Event> events, String next) {
    public EventPage {
        events = events == null ? List.of() : List.copyOf(events);
    }
}

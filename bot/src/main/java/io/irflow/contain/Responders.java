package io.irflow.contain;

import io.irflow.config.PeopleList;

import java.util.List;

/**
 * Who may confirm containment: {@code security.responders} entries, exact emails or {@code @domain}. The router's
 * access middleware already refuses everyone else; the service checks again so that no other path into it (a future
 * caller, a test) can act for a non-responder, and the "second responder" approval rests on it.
 */
public final class Responders {
    private final PeopleList entries;

    public Responders(List<String> entries) {
        this.entries = new PeopleList(entries);
    }

    /** True when the email (as Webex reports it for the person id) is allowed to act. */
    public boolean allows(String email) {
        return entries.contains(email);
    }
}

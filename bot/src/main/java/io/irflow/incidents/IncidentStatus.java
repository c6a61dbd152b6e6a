package io.irflow.incidents;

import java.util.Locale;
import java.util.Optional;

/** Where an incident is in its life: new, investigating, contained, resolved, closed. */
public enum IncidentStatus {
    NEW, INVESTIGATING, CONTAINED, RESOLVED, CLOSED;

    /** The lower-case word people type and ServiceNow mapping uses. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True once the incident is resolved or closed. */
    public boolean done() {
        return this == RESOLVED || this == CLOSED;
    }

    /** Parses a typed word, case-insensitively. */
    public static Optional<IncidentStatus> parse(String word) {
        for (IncidentStatus s : values()) {
            if (s.word().equals(word == null ? "" : word.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

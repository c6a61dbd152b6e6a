package io.irflow.config;

import java.util.List;
import java.util.Locale;

/** A config list of people: exact emails or {@code @domain} entries, matched case-insensitively. */
public final class PeopleList {
    private final List<String> entries;

    public PeopleList(List<String> entries) {
        this.entries = entries.stream().map(e -> e.toLowerCase(Locale.ROOT).strip()).toList();
    }

    /** True when the email (as Webex reports it for the person id) is on the list. */
    public boolean contains(String email) {
        if (email == null || email.isBlank() || !email.contains("@")) {
            return false;
        }
        String e = email.toLowerCase(Locale.ROOT).strip();
        String domain = e.substring(e.lastIndexOf('@'));
        return entries.stream().anyMatch(r -> r.startsWith("@") ? r.equals(domain) : r.equals(e));
    }

    /** Whether nobody is listed. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }
}

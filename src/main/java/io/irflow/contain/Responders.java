package io.irflow.contain;

import java.util.List;
import java.util.Locale;

/** Who may confirm containment: {@code security.responders} entries, exact emails or {@code @domain}. */
public final class Responders {
    private final List<String> entries;

    public Responders(List<String> entries) {
        this.entries = entries.stream().map(e -> e.toLowerCase(Locale.ROOT).strip()).toList();
    }

    /** True when the email (as Webex reports it for the person id) is allowed to act. */
    public boolean allows(String email) {
        if (email == null || email.isBlank() || !email.contains("@")) {
            return false;
        }
        String e = email.toLowerCase(Locale.ROOT).strip();
        String domain = e.substring(e.lastIndexOf('@'));
        return entries.stream().anyMatch(r -> r.startsWith("@") ? r.equals(domain) : r.equals(e));
    }
}

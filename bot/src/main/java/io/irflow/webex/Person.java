package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A Webex person or bot ({@code GET /people/{id}}, {@code GET /people/me}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Person(String id, List<String> emails, String displayName, String firstName, String nickName, String type) {

    /** The first email, lower-case, or "" when none. */
    public String email() {
        return emails == null || emails.isEmpty() || emails.get(0) == null ? "" : emails.get(0).toLowerCase();
    }

    /** True for bots (type "bot" or a {@code @webex.bot} address). */
    public boolean isBot() {
        return "bot".equalsIgnoreCase(type) || email().endsWith("@webex.bot");
    }
}

package io.irflow.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.irflow.webex.Person;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Who a Webex person id belongs to, from {@code GET /people/{id}} (cached for ten minutes). Card submissions carry
 * only the presser's id, and authorisation must rest on what Webex says, never on card data.
 */
public final class PersonDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PersonDirectory.class);
    private final WebexClient webex;
    private final Cache<String, String> emails = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();

    public PersonDirectory(WebexClient webex) {
        this.webex = webex;
    }

    /** The person's email, lower-case, or "" when Webex cannot say (then nobody is authorised). */
    public String email(String personId) {
        if (personId == null || personId.isBlank()) {
            return "";
        }
        String cached = emails.getIfPresent(personId);
        if (cached != null) {
            return cached;
        }
        try {
            Person p = webex.person(personId);
            String email = p.email();
            emails.put(personId, email);
            return email;
        } catch (WebexException e) {
            LOG.warn("could not look up person {} (HTTP {}, trackingId={})", personId, e.status(), e.trackingId());
            return "";
        }
    }
}

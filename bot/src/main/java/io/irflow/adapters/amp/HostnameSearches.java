package io.irflow.adapters.amp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.irflow.adapters.amp.dto.Computer;
import io.irflow.capabilities.AdapterException;

import java.time.Duration;
import java.util.List;

/**
 * Hands AMP's answer to {@code GET /v1/computers?hostname[]=} from the host directory to the enrichment. A typed host
 * name is first resolved (which computers it may mean) and then investigated, and both steps ask AMP exactly this, one
 * after the other; handing the answer over saves one call against the hourly quota and one round trip on every host
 * investigation. The directory always asks AMP; the enrichment takes the answer (once) if the directory got it within
 * the last {@link #KEEP}, else asks itself, so two {@code --fresh} investigations of a name each ask AMP.
 */
final class HostnameSearches {
    /** How long a directory answer waits for its investigation: resolving and investigating one name. */
    static final Duration KEEP = Duration.ofSeconds(5);

    private final Cache<String, List<Computer>> handed = Caffeine.newBuilder().expireAfterWrite(KEEP)
            .maximumSize(1_000).build();

    /** The directory's search: always asks AMP, and keeps the answer for the investigation that follows. */
    List<Computer> ask(AmpClient client, String hostname, int limit) throws AdapterException {
        String asked = hostname.trim();
        List<Computer> computers = client.computersByHostname(asked, limit);
        handed.put(key(asked, limit), computers);
        return computers;
    }

    /** The enrichment's search: the directory's answer of the last {@link #KEEP} (taken once), else asks AMP. */
    List<Computer> take(AmpClient client, String hostname, int limit) throws AdapterException {
        String asked = hostname.trim();
        List<Computer> resolved = handed.asMap().remove(key(asked, limit));
        return resolved != null ? resolved : client.computersByHostname(asked, limit);
    }

    private static String key(String hostname, int limit) {
        return hostname + '\n' + limit;
    }
}

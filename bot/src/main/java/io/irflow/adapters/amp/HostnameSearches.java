package io.irflow.adapters.amp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.irflow.adapters.amp.dto.Computer;
import io.irflow.capabilities.AdapterException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * AMP's answers to {@code GET /v1/computers?hostname[]=} of the last few seconds, shared by the host directory and
 * the enrichment. A typed host name is first resolved (which computers it may mean) and then investigated, and both
 * steps ask AMP exactly this, one after the other; sharing the answer saves one call against the hourly quota and one
 * round trip on every host investigation, {@code --fresh} included (an answer seconds old is what was just asked).
 * Concurrent askers of the same name share one call; failures are never kept.
 */
final class HostnameSearches {
    /** How long an answer is shared: long enough to span resolving and investigating one name. */
    static final Duration KEEP = Duration.ofSeconds(5);

    private final Cache<String, List<Computer>> recent = Caffeine.newBuilder().expireAfterWrite(KEEP)
            .maximumSize(1_000).build();

    /** The computers AMP lists for this hostname query (as asked, trimmed), from the last {@link #KEEP} or asked now. */
    List<Computer> computers(AmpClient client, String hostname, int limit) throws AdapterException {
        String asked = hostname.trim();
        try {
            return recent.get(asked + '\n' + limit, key -> {
                try {
                    return client.computersByHostname(asked, limit);
                } catch (AdapterException e) {
                    throw new CompletionException(e);
                }
            });
        } catch (CompletionException e) {
            if (e.getCause() instanceof AdapterException ae) {
                throw ae;
            }
            throw e;
        }
    }
}

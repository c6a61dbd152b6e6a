package io.irflow.adapters.investigate;

import io.irflow.adapters.investigate.dto.CategoryNames;
import io.irflow.capabilities.AdapterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Investigate category catalogue, fetched lazily once and kept (it changes rarely). A failed fetch is
 * tolerated: ids are shown as "category 68" and the fetch is retried only after {@link #RETRY_AFTER_FAILURE}.
 * An id the catalogue does not know triggers one refresh per process
 * (docs/reference/umbrella-investigate.md#category-names).
 */
final class CategoryCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(CategoryCatalog.class);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);

    private final InvestigateClient client;
    private final Clock clock;
    private CategoryNames names;
    private Instant lastFailure;
    private boolean refreshedForUnknownId;

    CategoryCatalog(InvestigateClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Translates ids to de-duplicated names, in order; unknown ids become "category &lt;id&gt;". */
    synchronized List<String> names(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        if (names == null) {
            load();
        } else if (!refreshedForUnknownId && ids.stream().anyMatch(id -> names.nameOf(id) == null)) {
            refreshedForUnknownId = true;
            load();
        }
        Set<String> result = new LinkedHashSet<>();
        for (String id : ids) {
            String name = names == null ? null : names.nameOf(id);
            result.add(name == null || name.isBlank() ? "category " + id : name);
        }
        return List.copyOf(result);
    }

    /** Stores a catalogue fetched elsewhere (the probe uses the same endpoint). */
    synchronized void remember(CategoryNames fetched) {
        this.names = fetched;
    }

    private void load() {
        if (lastFailure != null && clock.instant().isBefore(lastFailure.plus(RETRY_AFTER_FAILURE))) {
            return;
        }
        try {
            names = client.categories();
            lastFailure = null;
        } catch (AdapterException e) {
            lastFailure = clock.instant();
            LOG.info("Umbrella Investigate category names unavailable ({}); showing category ids", e.kind());
        }
    }
}

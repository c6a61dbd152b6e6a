package io.irflow.adapters.investigate.dto;

import java.util.Map;

/**
 * The category catalogue from {@code GET /domains/categories}: category id (as a string) to name.
 *
 * @param byId id to name; several ids may share one name
 */
public record CategoryNames(Map<String, String> byId) {
    public CategoryNames {
        byId = byId == null ? Map.of() : Map.copyOf(byId);
    }

    /** The name of an id, or null when the catalogue does not know it. */
    public String nameOf(String id) {
        return byId.get(id);
    }
}

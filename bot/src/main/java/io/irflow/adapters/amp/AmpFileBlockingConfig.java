package io.irflow.adapters.amp;

import java.util.Objects;

/**
 * Which AMP file list irflow adds blocked SHA-256s to.
 *
 * @param listGuid    guid of a simple custom detection list (GET /v1/file_lists/simple_custom_detections lists them);
 *                    it acts only on computers whose policy uses it
 * @param description text AMP stores with each added hash, or null for a default
 */
public record AmpFileBlockingConfig(String listGuid, String description) {
    static final String DEFAULT_DESCRIPTION = "Blocked by irflow";

    public AmpFileBlockingConfig {
        Objects.requireNonNull(listGuid, "listGuid");
        if (listGuid.isBlank()) {
            throw new IllegalArgumentException("amp file list guid is empty");
        }
        listGuid = listGuid.trim();
        if (description == null || description.isBlank()) {
            description = DEFAULT_DESCRIPTION;
        }
    }
}

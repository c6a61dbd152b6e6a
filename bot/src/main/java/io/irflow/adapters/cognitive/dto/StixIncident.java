package io.irflow.adapters.cognitive.dto;

import java.util.List;

/**
 * A STIX 1.x Incident as CTA writes it (docs/reference/cognitive.md#stix-content); every field may be null.
 *
 * @param id               {@code Incident/@id}
 * @param url              {@code Incident/@URL}, the CTA portal link
 * @param title            incident class
 * @param victim           {@code Victim/Name}: affected user or host
 * @param risk             numeric risk ({@code Intended_Effect} described "Risk")
 * @param riskCategory     Low | Medium | High ({@code Intended_Effect} described "Risk category")
 * @param confidence       Low | Medium | High
 * @param packageTimestamp the enclosing STIX_Package's timestamp
 * @param indicators       the related indicators (web flows)
 */
public record StixIncident(String id, String url, String title, String victim, String risk, String riskCategory,
                           String confidence, String packageTimestamp, List<StixIndicator> indicators) {
    public StixIncident {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }
}

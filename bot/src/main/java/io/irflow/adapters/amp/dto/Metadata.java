package io.irflow.adapters.amp.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
/** Envelope metadata: paging links and, on list endpoints, result counts. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Metadata(Links links, Results results) {

    /** Absolute paging links; {@code next} is present only when another page exists. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Links(String self, String next, String prev) {
    }

    /** Result counts of a list page. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Results(Integer total, Integer currentItemCount, Integer index, Integer itemsPerPage) {
    }
}

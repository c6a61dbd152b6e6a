package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A page of {@code GET /policies/v2/destinationlists/{id}/destinations}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DestinationsPage(Meta meta, List<Destination> data) {

    /** Paging counts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Meta(Integer page, Integer limit, Integer total) {
    }
}

package io.irflow.adapters.threatgrid.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The envelope of {@code GET /api/v2/search/submissions}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubmissionSearch(@JsonProperty("data") Data data) {

    /**
     * The page of results.
     *
     * @param total matches overall (present on search endpoints, may be null)
     * @param items the hits on this page
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(@JsonProperty("total") Integer total, @JsonProperty("items") List<Hit> items) {
    }

    /** One hit; the submission is under {@code item}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hit(@JsonProperty("item") Submission item) {
    }

    /** The hits' submissions, never null. */
    public List<Submission> submissions() {
        if (data == null || data.items() == null) {
            return List.of();
        }
        return data.items().stream().map(Hit::item).filter(s -> s != null).toList();
    }

    /** The total number of matches, falling back to the hits on this page. */
    public int total() {
        return data != null && data.total() != null ? data.total() : submissions().size();
    }
}

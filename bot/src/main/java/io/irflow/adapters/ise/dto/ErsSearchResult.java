package io.irflow.adapters.ise.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** An ERS list answer: {@code {"SearchResult": {total, resources[], nextPage?}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErsSearchResult(@JsonProperty("SearchResult") Body searchResult) {

    /** The resources, never null. */
    public List<Resource> resources() {
        return searchResult == null || searchResult.resources() == null ? List.of() : searchResult.resources();
    }

    /** The total the server reports, or the number of resources when it omits it. */
    public int total() {
        return searchResult == null || searchResult.total() == null ? resources().size() : searchResult.total();
    }

    /** The list body. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Body(Integer total, List<Resource> resources, Link nextPage) {
    }

    /** One listed resource; on real ISE 2.7 ANC endpoints carry only id and link. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resource(String id, String name) {
    }

    /** A paging link. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Link(String href) {
    }
}

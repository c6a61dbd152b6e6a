package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A page of {@code GET /domains}: {@code meta.next} is {@code false} or an absolute URL
 * (docs/reference/umbrella-enforcement.md#domains-list).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DomainsPage(Meta meta, List<BlockedDomain> data) {

    /** Paging: {@code next}/{@code prev} are Boolean false or a String URL. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Meta(Integer page, Integer limit, Object prev, Object next) {

        /** The next page's URL, or null. */
        public String nextUrl() {
            return next instanceof String s && !s.isBlank() ? s.trim() : null;
        }
    }
}

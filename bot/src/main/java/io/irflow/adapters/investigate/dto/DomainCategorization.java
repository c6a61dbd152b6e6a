package io.irflow.adapters.investigate.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One domain's entry in {@code GET /domains/categorization/{domain}}.
 *
 * @param status             -1 malicious, 0 unclassified, 1 benign
 * @param securityCategories security category ids as strings (e.g. "68")
 * @param contentCategories  content category ids as strings
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DomainCategorization(
        @JsonProperty("status") Integer status,
        @JsonProperty("security_categories") List<String> securityCategories,
        @JsonProperty("content_categories") List<String> contentCategories) {
}

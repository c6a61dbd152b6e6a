package io.irflow.adapters.investigate.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields irflow reads from {@code GET /security/name/{domain}}; every number may be missing. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecurityInfo(
        @JsonProperty("found") Boolean found,
        @JsonProperty("dga_score") Double dgaScore,
        @JsonProperty("perplexity") Double perplexity,
        @JsonProperty("securerank2") Double secureRank2,
        @JsonProperty("pagerank") Double pageRank,
        @JsonProperty("asn_score") Double asnScore,
        @JsonProperty("prefix_score") Double prefixScore,
        @JsonProperty("rip_score") Double ripScore,
        @JsonProperty("attack") String attack,
        @JsonProperty("threat_type") String threatType) {

    /** True only when Umbrella says it has data ({@code found:false} means "no data", not "safe"). */
    public boolean hasData() {
        return Boolean.TRUE.equals(found);
    }
}

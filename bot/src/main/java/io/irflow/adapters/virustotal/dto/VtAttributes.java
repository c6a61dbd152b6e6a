package io.irflow.adapters.virustotal.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** The attributes irflow reads, across files, domains, IP addresses and URLs; every one may be absent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VtAttributes(
        @JsonProperty("last_analysis_stats") AnalysisStats lastAnalysisStats,
        @JsonProperty("last_analysis_date") Long lastAnalysisDate,
        @JsonProperty("reputation") Integer reputation,
        @JsonProperty("total_votes") Votes totalVotes,
        @JsonProperty("popular_threat_classification") ThreatClassification popularThreatClassification,
        @JsonProperty("meaningful_name") String meaningfulName,
        @JsonProperty("names") List<String> names,
        @JsonProperty("type_description") String typeDescription,
        @JsonProperty("size") Long size,
        @JsonProperty("first_submission_date") Long firstSubmissionDate,
        @JsonProperty("categories") Map<String, String> categories,
        @JsonProperty("registrar") String registrar,
        @JsonProperty("creation_date") Long creationDate,
        @JsonProperty("as_owner") String asOwner,
        @JsonProperty("asn") Long asn,
        @JsonProperty("country") String country,
        @JsonProperty("network") String network,
        @JsonProperty("last_final_url") String lastFinalUrl,
        @JsonProperty("title") String title,
        @JsonProperty("threat_names") List<String> threatNames) {
}

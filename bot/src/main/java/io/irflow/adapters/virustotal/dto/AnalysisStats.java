package io.irflow.adapters.virustotal.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code last_analysis_stats}: engine counts per category (the file-only keys are hyphenated). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalysisStats(
        @JsonProperty("malicious") Integer malicious,
        @JsonProperty("suspicious") Integer suspicious,
        @JsonProperty("undetected") Integer undetected,
        @JsonProperty("harmless") Integer harmless,
        @JsonProperty("timeout") Integer timeout,
        @JsonProperty("type-unsupported") Integer typeUnsupported,
        @JsonProperty("failure") Integer failure) {
}

package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A CTIM verdict: disposition 1 Clean, 2 Malicious, 3 Suspicious, 4 Common, 5 Unknown. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerdictDoc(@JsonProperty("observable") TrObservable observable,
                         @JsonProperty("disposition") Integer disposition,
                         @JsonProperty("disposition_name") String dispositionName) {
}

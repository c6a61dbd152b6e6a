package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A CTIM judgement; irflow reads its source and the link to it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JudgementDoc(@JsonProperty("observable") TrObservable observable,
                           @JsonProperty("disposition") Integer disposition,
                           @JsonProperty("disposition_name") String dispositionName,
                           @JsonProperty("source") String source,
                           @JsonProperty("source_uri") String sourceUri,
                           @JsonProperty("reason") String reason) {
}

package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A CTIM sighting: where and when the observable was seen, with the hosts ({@code targets}) that saw it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SightingDoc(@JsonProperty("count") Integer count,
                          @JsonProperty("title") String title,
                          @JsonProperty("source_uri") String sourceUri,
                          @JsonProperty("observed_time") ObservedTime observedTime,
                          @JsonProperty("targets") List<Target> targets) {
}

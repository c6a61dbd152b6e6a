package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A CTIM time range as ISO-8601 strings (kept as text so one odd value cannot sink the whole answer). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObservedTime(@JsonProperty("start_time") String startTime, @JsonProperty("end_time") String endTime) {
}

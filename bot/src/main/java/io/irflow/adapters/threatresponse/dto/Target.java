package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A sighting target: a host described by observables such as hostname, ip, mac_address or ms_machine_id. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Target(@JsonProperty("type") String type,
                     @JsonProperty("observables") List<TrObservable> observables,
                     @JsonProperty("observed_time") ObservedTime observedTime,
                     @JsonProperty("os") String os) {
}

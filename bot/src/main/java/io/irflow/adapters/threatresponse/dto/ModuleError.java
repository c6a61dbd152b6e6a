package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A module that failed or warned: {@code type} is fatal, error or warning (a warning still comes with data). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModuleError(@JsonProperty("module") String module,
                          @JsonProperty("module_instance_id") String moduleInstanceId,
                          @JsonProperty("type") String type,
                          @JsonProperty("code") String code,
                          @JsonProperty("message") String message) {
}

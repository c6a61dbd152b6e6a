package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One module's answer; older responses carry {@code module-type} instead of the two ids. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModuleResult(@JsonProperty("module") String module,
                           @JsonProperty("module_instance_id") String moduleInstanceId,
                           @JsonProperty("module_type_id") String moduleTypeId,
                           @JsonProperty("module-type") String legacyModuleType,
                           @JsonProperty("data") ModuleData data) {
}

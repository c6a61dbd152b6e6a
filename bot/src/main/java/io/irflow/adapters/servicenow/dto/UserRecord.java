package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A {@code sys_user} row as read with {@code sysparm_fields=sys_id,name}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserRecord(@JsonProperty("sys_id") String sysId, @JsonProperty("name") String name) {
}

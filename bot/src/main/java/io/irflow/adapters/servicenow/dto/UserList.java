package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The {@code {"result": [ … ]}} envelope of a {@code sys_user} query. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserList(List<UserRecord> result) {
}

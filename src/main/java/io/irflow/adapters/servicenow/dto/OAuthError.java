package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The error answer of {@code /oauth_token.do}, e.g. {@code {"error": "server_error", "error_description": "access_denied"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthError(@JsonProperty("error") String error,
                         @JsonProperty("error_description") String errorDescription) {
}

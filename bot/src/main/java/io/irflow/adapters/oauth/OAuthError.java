package io.irflow.adapters.oauth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An RFC 6749 §5.2 token error body, e.g. {@code invalid_client}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthError(@JsonProperty("error") String error,
                         @JsonProperty("error_description") String errorDescription) {
}

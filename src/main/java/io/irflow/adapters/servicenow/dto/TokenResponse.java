package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code POST /oauth_token.do} (NOTES §4). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponse(@JsonProperty("access_token") String accessToken,
                            @JsonProperty("token_type") String tokenType,
                            @JsonProperty("expires_in") Long expiresIn,
                            @JsonProperty("scope") String scope) {
    @Override
    public String toString() {
        return "TokenResponse[accessToken=***, expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}

package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The OAuth2 token answer of {@code POST /auth/v2/token}; the token is never printed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Token(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
                    @JsonProperty("expires_in") Long expiresIn) {

    @Override
    public String toString() {
        return "Token[accessToken=***, tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}

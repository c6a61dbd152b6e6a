package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The OAuth2 client-credentials answer of {@code /iroh/oauth2/token}. */
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

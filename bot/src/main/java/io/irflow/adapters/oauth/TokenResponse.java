package io.irflow.adapters.oauth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An RFC 6749 §5.1 token answer (Threat Response, ServiceNow). */
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

package io.irflow.adapters.ise.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An endpoint under an ANC policy, from {@code GET /ers/config/ancendpoint/{id}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AncEndpoint(String id, String macAddress, String policyName) {

    /** The ERS wrapper {@code {"ErsAncEndpoint": {...}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Envelope(@JsonProperty("ErsAncEndpoint") AncEndpoint endpoint) {
    }
}

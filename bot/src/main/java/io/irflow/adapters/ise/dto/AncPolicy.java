package io.irflow.adapters.ise.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** An ANC policy with its actions (QUARANTINE, PORTBOUNCE, SHUTDOWN, RE_AUTHENTICATE). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AncPolicy(String id, String name, List<String> actions) {
    public AncPolicy {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** The ERS wrapper {@code {"ErsAncPolicy": {...}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Envelope(@JsonProperty("ErsAncPolicy") AncPolicy policy) {
    }
}

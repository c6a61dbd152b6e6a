package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * A card submission ({@code GET /attachment/actions/{id}}). {@code inputs} merges the card's input values with the
 * pressed button's {@code data}; values are whatever JSON the client sent, so they are read as text.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttachmentAction(String id, String type, String messageId, Map<String, Object> inputs, String personId,
                               String roomId, String created) {
    public AttachmentAction {
        inputs = inputs == null ? Map.of() : inputs;
    }

    /** An input as text, "" when absent or null. */
    public String input(String key) {
        Object v = inputs.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}

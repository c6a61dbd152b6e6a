package io.irflow.adapters.ise.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The ERS error body {@code {"ERSResponse": {operation, messages[{title, type, code}]}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErsResponse(@JsonProperty("ERSResponse") Body response) {

    /** The first message's title, or its code when the title is missing (ISE 3.1+); empty when none. */
    public String firstText() {
        if (response == null || response.messages() == null) {
            return "";
        }
        for (Message m : response.messages()) {
            if (m == null) {
                continue;
            }
            if (m.title() != null && !m.title().isBlank()) {
                return m.title().trim();
            }
            if (m.code() != null && !m.code().isBlank()) {
                return m.code().trim();
            }
        }
        return "";
    }

    /** The error body. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Body(String operation, List<Message> messages) {
    }

    /** One error message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String title, String type, String code) {
    }
}

package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A person's membership of a room. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Membership(String id, String roomId, String personId, String personEmail, String personDisplayName,
                         Boolean isModerator, String created) {
}

package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A Webex room (space). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Room(String id, String title, String type, Boolean isLocked, String teamId, String creatorId,
                   String created, String lastActivity) {
}

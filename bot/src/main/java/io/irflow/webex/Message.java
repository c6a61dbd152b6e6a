package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A Webex message as {@code GET /messages/{id}} returns it; every field may be absent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Message(String id, String roomId, String roomType, String parentId, String text, String markdown,
                      String html, String personId, String personEmail, List<String> mentionedPeople,
                      List<String> mentionedGroups, String created) {

    /** True in a group room (where the bot only sees messages that mention it). */
    public boolean isGroup() {
        return "group".equalsIgnoreCase(roomType);
    }
}

package io.irflow.sandbox.webex;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The JSON shapes the stand-in answers with, field for field as Webex writes them (absent fields are omitted). */
final class Shapes {
    private Shapes() {
    }

    /** A person or bot ({@code GET /people/...}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PersonJson(String id, List<String> emails, List<Object> phoneNumbers, String displayName, String nickName,
                      String firstName, String lastName, String userName, String orgId, String created,
                      String status, String type) {
    }

    /** A room. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoomJson(String id, String title, String type, boolean isLocked, String lastActivity, String creatorId,
                    String created, String ownerId, boolean isPublic, boolean isReadOnly) {
        RoomJson touched(String at) {
            return new RoomJson(id, title, type, isLocked, at, creatorId, created, ownerId, isPublic, isReadOnly);
        }
    }

    /** A membership. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MembershipJson(String id, String roomId, String personId, String personEmail, String personDisplayName,
                          String personOrgId, boolean isModerator, boolean isRoomHidden, String roomType,
                          boolean isMonitor, String created) {
    }

    /** A card attachment. */
    record AttachmentJson(String contentType, JsonNode content) {
    }

    /** A message; {@code files} are content URLs ({@code .../v1/contents/{id}}), one per message as Webex allows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageJson(String id, String parentId, String roomId, String roomType, String text, String markdown,
                       String html, String personId, String personEmail, List<String> mentionedPeople,
                       List<AttachmentJson> attachments, List<String> files, String created) {
    }

    /** A card submission. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ActionJson(String id, String type, String messageId, Map<String, Object> inputs, String personId,
                      String roomId, String created) {
    }

    /** A webhook registration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookJson(String id, String name, String targetUrl, String resource, String event, String filter,
                       String secret, String status, String created, String ownedBy, String orgId, String createdBy,
                       String appId) {
    }

    /** A device registration in Webex's device service (WDM); {@code url} is where it is deleted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceJson(String url, String webSocketUrl, String deviceType, String name, String userId,
                      String modificationTime) {
    }

    /** {@code GET /devices}. */
    record Devices(List<DeviceJson> devices) {
    }

    /** The service catalog (U2C, {@code format=hostmap}): service names to base URLs. */
    record Catalog(Map<String, String> serviceLinks) {
    }

    /** The conversation service's answer about a message or card submission: its REST id. */
    record RestId(String id) {
    }

    /** The error body Webex sends with every 4xx/5xx. */
    record ErrorJson(String message, List<Map<String, String>> errors, String trackingId) {
        static ErrorJson of(String message, String trackingId) {
            return new ErrorJson(message, List.of(Map.of("description", message)), trackingId);
        }
    }

    /** A list answer. */
    record Items<T>(List<T> items) {
    }
}

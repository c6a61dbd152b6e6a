package io.irflow.webex.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A webhook delivery envelope. {@code id} is the webhook registration's id (the same for every delivery);
 * {@code data.id} identifies the message or attachment action.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookEvent(String id, String name, String resource, String event, String actorId, Data data) {

    /** The reduced resource Webex puts in the envelope; never the text or card inputs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String id, String roomId, String roomType, String personId, String personEmail,
                       String messageId, String parentId, String type, String created) {
    }

    /** True for a new message. */
    public boolean isMessageCreated() {
        return "messages".equals(resource) && "created".equals(event);
    }

    /** True for a card submission. */
    public boolean isCardAction() {
        return "attachmentActions".equals(resource) && "created".equals(event);
    }

    /** The key redeliveries share: resource plus the resource's id. */
    public String dedupeKey() {
        return dedupeKey(resource, data == null ? "" : data.id());
    }

    /** The dedupe key of a resource ({@code messages}, {@code attachmentActions}) with this id. */
    public static String dedupeKey(String resource, String id) {
        return resource + ":" + id;
    }
}

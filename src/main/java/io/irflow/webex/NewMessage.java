package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The body of {@code POST /messages}: exactly one target (roomId, toPersonId or toPersonEmail), optional thread
 * parent, text and/or markdown (the fallback), and at most one Adaptive Card.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewMessage(String roomId, String toPersonId, String toPersonEmail, String parentId, String text,
                         String markdown, List<Attachment> attachments) {

    /** The only attachment content type Webex accepts for cards. */
    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    /** One card attachment. */
    public record Attachment(String contentType, JsonNode content) {
    }

    /** A markdown message into a room, optionally in a thread. */
    public static NewMessage markdown(String roomId, String parentId, String markdown) {
        return new NewMessage(roomId, null, null, parentId, null, markdown, null);
    }

    /** A card with its markdown fallback into a room, optionally in a thread. */
    public static NewMessage card(String roomId, String parentId, String fallbackMarkdown, JsonNode card) {
        return new NewMessage(roomId, null, null, parentId, null, fallbackMarkdown,
                List.of(new Attachment(CARD_CONTENT_TYPE, card)));
    }

    /** A direct markdown message to one person. */
    public static NewMessage direct(String personId, String markdown) {
        return new NewMessage(null, personId, null, null, null, markdown, null);
    }
}

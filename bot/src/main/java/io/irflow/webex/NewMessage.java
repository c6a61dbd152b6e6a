package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The body of {@code POST /messages}: exactly one target (roomId, toPersonId or toPersonEmail), optional thread
 * parent, text and/or markdown (the fallback), and at most one Adaptive Card. Every message is built through the
 * canonical constructor, which applies Webex's size limits ({@link MessageLimits}): this is the one guard on the send
 * path, so no sender can post what Webex would refuse as too long.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewMessage(String roomId, String toPersonId, String toPersonEmail, String parentId, String text,
                         String markdown, List<Attachment> attachments) {

    private static final Logger LOG = LoggerFactory.getLogger(NewMessage.class);

    /** The only attachment content type Webex accepts for cards. */
    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    /** One card attachment. */
    public record Attachment(String contentType, JsonNode content) {
    }

    public NewMessage {
        if (attachments != null && attachments.stream().anyMatch(a -> MessageLimits.tooBig(a.content()))) {
            LOG.warn("a card of {} bytes is over the {}-byte limit; posting its text fallback instead",
                    attachments.stream().mapToInt(a -> MessageLimits.bytes(String.valueOf(a.content()))).sum(),
                    MessageLimits.MAX_CARD_BYTES);
            attachments = null;
            markdown = MessageLimits.CARD_TOO_BIG + (markdown == null ? "" : markdown);
        }
        if (markdown != null && MessageLimits.bytes(markdown) > MessageLimits.MAX_TEXT_BYTES) {
            LOG.warn("markdown of {} bytes is over Webex's {}-byte limit; truncated", MessageLimits.bytes(markdown),
                    MessageLimits.MAX_TEXT_BYTES);
        }
        text = MessageLimits.fit(text);
        markdown = MessageLimits.fit(markdown);
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

package io.irflow.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;

/**
 * Builds the server side of Webex's Mercury websocket protocol from the reference fixtures in
 * {@code fixtures/webex/websocket/}: only ids, sequence numbers, timestamps and the people/rooms change.
 */
final class MercuryFrames {
    static final String DIR = "fixtures/webex/websocket/";
    private static final DateTimeFormatter PUBLISHED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private MercuryFrames() {
    }

    /**
     * {@code base64url_nopad("ciscospark://" + cluster + "/" + type + "/" + uuid)} (docs/reference/webex.md#rest-ids).
     */
    static String restId(String cluster, String type, String uuid) {
        String raw = "ciscospark://" + cluster + "/" + type + "/" + uuid;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The ready signal: the buffer_state fixture with a new id and timestamp (its sequenceNumber stays 1). */
    static ObjectNode bufferState() {
        ObjectNode frame = Fixtures.json(DIR + "authored-mercury-server-buffer-state-frame.json");
        return frame.put("id", UUID.randomUUID().toString()).put("timestamp", System.currentTimeMillis());
    }

    /** The pong fixture answering the ping with this id. */
    static ObjectNode pong(String pingId) {
        return Fixtures.json(DIR + "authored-mercury-server-pong-frame.json").put("id", pingId);
    }

    /**
     * A {@code conversation.activity} frame for a new message, from the group post fixture; {@code mentioned} replaces
     * the person the fixture mentions (null keeps the fixture's).
     */
    static ObjectNode post(Activity a, String mentioned) {
        ObjectNode frame = activity("authored-mercury-frame-conversation-activity-post-group.json", a);
        if (mentioned != null) {
            ObjectNode item = (ObjectNode) frame.path("data").path("activity").path("object").path("mentions").path("items").get(0);
            item.put("id", mentioned);
        }
        return frame;
    }

    /** A {@code conversation.activity} frame for a card submit whose card message is {@code parentUuid}. */
    static ObjectNode cardAction(Activity a, String parentUuid) {
        ObjectNode frame = activity("authored-mercury-frame-conversation-activity-cardAction-direct.json", a);
        ((ObjectNode) frame.path("data").path("activity").path("parent")).put("id", parentUuid);
        return frame;
    }

    private static ObjectNode activity(String fixture, Activity a) {
        ObjectNode frame = Fixtures.json(DIR + fixture);
        frame.put("id", UUID.randomUUID().toString()).put("sequenceNumber", a.sequenceNumber())
                .put("timestamp", System.currentTimeMillis());
        ObjectNode activity = (ObjectNode) frame.path("data").path("activity");
        activity.put("id", a.uuid()).put("url", a.conversationBase() + "/activities/" + a.uuid())
                .put("published", PUBLISHED.format(Instant.now()));
        ((ObjectNode) activity.path("actor")).put("id", a.actorUuid()).put("entryUUID", a.actorUuid())
                .put("emailAddress", a.actorEmail());
        ObjectNode target = (ObjectNode) activity.path("target");
        target.put("id", a.roomUuid()).put("url", a.conversationBase() + "/conversations/" + a.roomUuid());
        ArrayNode tags = target.putArray("tags");
        if (a.direct()) {
            tags.add("ONE_ON_ONE");
        }
        return frame;
    }

    /** What changes between two activity frames of the same kind. */
    record Activity(long sequenceNumber, String conversationBase, String uuid, String roomUuid, String actorUuid,
                    String actorEmail, boolean direct) {
    }
}

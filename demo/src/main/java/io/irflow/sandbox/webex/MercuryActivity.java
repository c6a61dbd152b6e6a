package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import io.irflow.sandbox.webex.Shapes.PersonJson;

import java.net.URI;
import java.util.List;

/**
 * One {@code conversation.activity} for the event socket, held with REST ids and written with the UUIDs Webex's
 * socket uses. Content is never included: the object carries an opaque placeholder (Webex encrypts it), so a client
 * has to read the message or card submission over REST, as it must with the real Webex.
 *
 * @param verb       {@code post} or {@code cardAction}
 * @param id         the message's or card submission's REST id
 * @param published  when it happened, as Webex writes times
 * @param actor      who posted or pressed
 * @param roomId     the room's REST id
 * @param direct     a 1:1 room (tagged {@code ONE_ON_ONE})
 * @param parentId   the thread root (post) or the card's message (cardAction), or null
 * @param mentioned  person REST ids the message mentions (post only)
 */
record MercuryActivity(String verb, String id, String published, PersonJson actor, String roomId, boolean direct,
                       String parentId, List<String> mentioned) {
    /** Stands in for the encrypted content (Webex sends a JWE there). */
    static final String ENCRYPTED = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..ENCRYPTED-JWE-PLACEHOLDER";

    /** The activity as the socket sends it; URLs are under the conversation service's base. */
    ObjectNode json(String conversationBase) {
        String uuid = WebexIds.uuid(id);
        ObjectNode a = Json.mapper().createObjectNode();
        a.put("id", uuid);
        a.put("objectType", "activity");
        a.put("url", conversationBase + "/activities/" + uuid);
        a.put("published", published);
        a.put("verb", verb);
        a.set("actor", actorJson());
        a.set("object", objectJson());
        if (parentId != null) {
            a.putObject("parent").put("id", WebexIds.uuid(parentId)).put("type", "cardAction".equals(verb) ? "cardAction" : "reply");
        }
        String room = WebexIds.uuid(roomId);
        ObjectNode target = a.putObject("target");
        target.put("id", room).put("objectType", "conversation").put("url", conversationBase + "/conversations/" + room);
        ArrayNode tags = target.putArray("tags");
        if (direct) {
            tags.add("ONE_ON_ONE");
        }
        if ("post".equals(verb)) {
            a.put("encryptionKeyUrl", "kms://" + URI.create(conversationBase).getHost() + "/keys/" + room);
        }
        return a;
    }

    private ObjectNode actorJson() {
        String person = WebexIds.uuid(actor.id());
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", person).put("objectType", "person").put("displayName", actor.displayName())
                .put("orgId", WebexIds.uuid(actor.orgId())).put("emailAddress", actor.emails().get(0))
                .put("entryUUID", person).put("type", "PERSON");
        return n;
    }

    private ObjectNode objectJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        if ("cardAction".equals(verb)) {
            return n.put("objectType", "submit").put("inputs", ENCRYPTED);
        }
        n.put("objectType", "comment").put("displayName", ENCRYPTED).put("content", ENCRYPTED);
        if (mentioned != null && !mentioned.isEmpty()) {
            ArrayNode items = n.putObject("mentions").putArray("items");
            mentioned.forEach(p -> items.addObject().put("id", WebexIds.uuid(p)).put("objectType", "person"));
        }
        return n;
    }
}

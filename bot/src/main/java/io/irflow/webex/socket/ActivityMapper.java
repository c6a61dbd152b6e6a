package io.irflow.webex.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.net.Origins;
import io.irflow.net.UrlPaths;
import io.irflow.webex.RestIds;
import io.irflow.webex.WebexClient;
import io.irflow.webex.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a socket {@code conversation.activity} into the event a webhook would have delivered, so the same intake,
 * dedupe, self-filter and handlers run in both modes (docs/reference/webex.md#activities). The activity's content is
 * encrypted and never read: the message or card action is fetched over REST afterwards, as for a webhook.
 *
 * <p>REST ids are computed from the UUIDs when the conversation lives in the home cluster (its URL is on the host of
 * the catalog's conversation service); otherwise the conversation service is asked for the REST id (webex_bot's
 * approach) and the cluster is read from it.
 */
public final class ActivityMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityMapper.class);

    private final WebexClient webex;
    private final Supplier<Devices.Links> links;
    private final String botUuid;
    private final String botEmail;

    public ActivityMapper(WebexClient webex, Supplier<Devices.Links> links, String botId, String botEmail) {
        this.webex = webex;
        this.links = links;
        this.botUuid = RestIds.uuidOf(botId).orElse(botId);
        this.botEmail = botEmail;
    }

    /** The webhook-shaped event for a new message or card submission; empty for anything else or the bot's own. */
    public Optional<WebhookEvent> map(JsonNode activity) {
        String verb = activity.path("verb").asText("");
        boolean card = "cardAction".equals(verb);
        if (!card && !"post".equals(verb) && !"share".equals(verb)) {
            return Optional.empty();
        }
        JsonNode actor = activity.path("actor");
        String actorUuid = text(actor, "entryUUID", text(actor, "id", null));
        String email = text(actor, "emailAddress", null);
        if (botUuid.equalsIgnoreCase(String.valueOf(actorUuid)) || (email != null && email.equalsIgnoreCase(botEmail))) {
            return Optional.empty();
        }
        String uuid = text(activity, "id", null);
        JsonNode target = activity.path("target");
        String roomUuid = text(target, "id", null);
        JsonNode parent = activity.path("parent");
        if (uuid == null || roomUuid == null || actorUuid == null || (card && parent.path("id").isMissingNode())
                || "edit".equals(parent.path("type").asText())) {
            return Optional.empty();
        }
        String cluster = inHomeCluster(target.path("url").asText(null)) ? RestIds.HOME_CLUSTER
                : clusterFromService(target, uuid, card);
        if (cluster == null) {
            return Optional.empty();
        }
        String roomType = hasTag(target, "ONE_ON_ONE") ? "direct" : "group";
        if (!card && "group".equals(roomType) && !addressedToBot(activity.path("object"))) {
            return Optional.empty();
        }
        String roomId = RestIds.restId(cluster, "ROOM", roomUuid);
        String personId = RestIds.restId(RestIds.HOME_CLUSTER, "PEOPLE", actorUuid);
        String created = text(activity, "published", null);
        if (card) {
            String messageId = RestIds.restId(cluster, "MESSAGE", parent.path("id").asText());
            return Optional.of(new WebhookEvent(null, "websocket", "attachmentActions", "created", personId,
                    new WebhookEvent.Data(RestIds.restId(cluster, "ATTACHMENT_ACTION", uuid), roomId, roomType,
                            personId, email, messageId, null, "submit", created)));
        }
        String parentId = "reply".equals(parent.path("type").asText()) && parent.hasNonNull("id")
                ? RestIds.restId(cluster, "MESSAGE", parent.path("id").asText()) : null;
        return Optional.of(new WebhookEvent(null, "websocket", "messages", "created", personId,
                new WebhookEvent.Data(RestIds.restId(cluster, "MESSAGE", uuid), roomId, roomType, personId, email,
                        null, parentId, null, created)));
    }

    private boolean inHomeCluster(String targetUrl) {
        Devices.Links l = links.get();
        return targetUrl != null && l != null && l.conversation() != null && Origins.same(targetUrl, l.conversation());
    }

    /** Asks the conversation service for the REST id ({@code conversations/<room>} → {@code messages/<uuid>}). */
    private String clusterFromService(JsonNode target, String uuid, boolean card) {
        String url = text(target, "url", null);
        String room = text(target, "id", null);
        if (url == null || !url.contains("conversations/" + room)) {
            LOG.warn("socket activity {} has no usable conversation URL; skipped", uuid);
            return null;
        }
        try {
            // The uuid comes from the socket frame; encoded so it cannot step out of the lookup path.
            String lookup = url.replace("conversations/" + room,
                    (card ? "attachment/actions/" : "messages/") + UrlPaths.segment(uuid));
            JsonNode answer = webex.service("GET", lookup, null);
            String restId = answer == null ? null : answer.path("id").asText(null);
            Optional<String> cluster = RestIds.clusterOf(restId);
            if (cluster.isEmpty()) {
                LOG.warn("the conversation service gave no REST id for activity {}; skipped", uuid);
            }
            return cluster.orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("could not look up the REST id of activity {}: {}", uuid, e.getMessage());
            return null;
        }
    }

    /**
     * In a group room a bot only gets webhooks for messages that mention it, and cannot read the others over REST.
     * The socket's activity lists the mentioned people in clear ({@code object.mentions.items}); without that list
     * the message is fetched and the REST answer decides, as for a webhook.
     */
    private boolean addressedToBot(JsonNode object) {
        JsonNode items = object.path("mentions").path("items");
        if (!items.isArray() || object.path("groupMentions").path("items").size() > 0) {
            return true;
        }
        for (JsonNode m : items) {
            if (botUuid.equalsIgnoreCase(m.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasTag(JsonNode target, String tag) {
        for (JsonNode t : target.path("tags")) {
            if (tag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? fallback : v.asText();
    }
}

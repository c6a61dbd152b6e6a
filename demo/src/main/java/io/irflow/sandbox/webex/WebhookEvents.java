package io.irflow.sandbox.webex;

import com.fasterxml.jackson.core.type.TypeReference;
import io.irflow.json.Json;
import io.irflow.sandbox.webex.Shapes.MessageJson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Decides which state changes become which webhook deliveries, and builds their reduced {@code data}. */
final class WebhookEvents implements Consumer<WebexState.Event> {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final WebexState state;
    private final WebhookDispatcher webhooks;

    WebhookEvents(WebexState state, WebhookDispatcher webhooks) {
        this.state = state;
        this.webhooks = webhooks;
    }

    /** Turns a state change into webhook deliveries (in group rooms the bot only hears messages that mention it). */
    @Override
    public void accept(WebexState.Event event) {
        if (event instanceof WebexState.MessageCreated c || event instanceof WebexState.MessageDeleted) {
            MessageJson m = event instanceof WebexState.MessageCreated c2 ? c2.message() : ((WebexState.MessageDeleted) event).message();
            boolean mentionsBot = m.mentionedPeople() != null && m.mentionedPeople().contains(state.bot().id());
            if (!state.botHears(m)) {
                return;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", m.id());
            data.put("roomId", m.roomId());
            data.put("roomType", m.roomType());
            data.put("personId", m.personId());
            data.put("personEmail", m.personEmail());
            data.put("created", m.created());
            if (m.parentId() != null) {
                data.put("parentId", m.parentId());
            }
            webhooks.fire("messages", event instanceof WebexState.MessageCreated ? "created" : "deleted", m.personId(), data, mentionsBot);
        } else if (event instanceof WebexState.ActionCreated a) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", a.action().id());
            data.put("type", a.action().type());
            data.put("messageId", a.action().messageId());
            data.put("personId", a.action().personId());
            data.put("roomId", a.action().roomId());
            data.put("created", a.action().created());
            webhooks.fire("attachmentActions", "created", a.action().personId(), data, false);
        } else if (event instanceof WebexState.RoomsChanged rc && rc.membership() != null && state.isMember(rc.room().id(), state.bot().id())) {
            Map<String, Object> data = Json.mapper().convertValue(rc.membership(), MAP);
            webhooks.fire("memberships", "created", state.bot().id(), data, false);
        }
    }

}

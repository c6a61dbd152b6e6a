package io.irflow.sandbox.webex;

import io.irflow.sandbox.webex.Shapes.ActionJson;
import io.irflow.sandbox.webex.Shapes.MessageJson;

import java.util.function.Consumer;

/**
 * Decides which state changes reach the bot's event socket, as the webhooks would: a message the bot hears of
 * (in its rooms; in group rooms only when mentioned or its own) becomes a {@code post}, a card submission in one of
 * its rooms a {@code cardAction}.
 */
final class MercuryEvents implements Consumer<WebexState.Event> {
    private final WebexState state;
    private final MercurySocket socket;

    MercuryEvents(WebexState state, MercurySocket socket) {
        this.state = state;
        this.socket = socket;
    }

    @Override
    public void accept(WebexState.Event event) {
        if (event instanceof WebexState.MessageCreated c && state.botHears(c.message())) {
            MessageJson m = c.message();
            socket.publish(new MercuryActivity("post", m.id(), m.created(), state.person(m.personId()), m.roomId(),
                    "direct".equals(m.roomType()), m.parentId(), m.mentionedPeople()));
        } else if (event instanceof WebexState.ActionCreated created
                && state.isMember(created.action().roomId(), state.bot().id())) {
            ActionJson a = created.action();
            boolean direct = "direct".equals(state.room(a.roomId()).type());
            socket.publish(new MercuryActivity("cardAction", a.id(), a.created(), state.person(a.personId()), a.roomId(),
                    direct, a.messageId(), null));
        }
    }
}

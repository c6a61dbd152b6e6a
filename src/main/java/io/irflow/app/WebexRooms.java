package io.irflow.app;

import io.irflow.webex.RestIds;
import io.irflow.cards.Card;
import io.irflow.incidents.Rooms;
import io.irflow.webex.NewMessage;
import io.irflow.webex.WebexClient;


/** Incident rooms in Webex: {@code POST /rooms}, {@code POST /memberships} (409 is fine), {@code POST /messages}. */
final class WebexRooms implements Rooms {
    private final WebexClient webex;

    WebexRooms(WebexClient webex) {
        this.webex = webex;
    }

    @Override
    public String create(String title) {
        return webex.createRoom(title).id();
    }

    @Override
    public void addMember(String roomId, String email) {
        webex.addMember(roomId, email);
    }

    @Override
    public void post(String roomId, String markdown) {
        webex.post(NewMessage.markdown(roomId, null, markdown));
    }

    @Override
    public void post(String roomId, Card card) {
        webex.post(NewMessage.card(roomId, null, card.fallback(), card.content()));
    }

    @Override
    public void upload(String roomId, String markdown, String fileName, String contentType, byte[] content) {
        webex.upload(roomId, markdown, fileName, contentType, content);
    }

    /**
     * The Webex deep link to the space: room ids are base64url of {@code ciscospark://us/ROOM/<uuid>}, and clients open
     * {@code webexteams://im?space=<uuid>}.
     */
    @Override
    public String link(String roomId) {
        return "webexteams://im?space=" + uuid(roomId);
    }

    static String uuid(String roomId) {
        return RestIds.parse(roomId).filter(p -> p.type().equals("ROOM")).map(RestIds.Parsed::uuid).orElse(roomId);
    }
}

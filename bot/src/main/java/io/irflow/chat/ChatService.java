package io.irflow.chat;

import io.irflow.webex.AttachmentAction;
import io.irflow.webex.Message;
import io.irflow.webex.NewMessage;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import io.irflow.webex.webhook.EventHandler;
import io.irflow.webex.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker side of a webhook (or socket event): applies the room rule ({@link RoomRule}), fetches what the event
 * does not carry (message text, card inputs), routes it, and posts the reply in the same thread. Runs on the intake's
 * worker threads. In a group room the bot is not enabled in, it posts {@link RoomRule#NOT_ENABLED} once per room
 * (remembered in the database) and does nothing else.
 */
public final class ChatService implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    /** The longest a reply waits for a file that is still being made; its own deadline is normally far shorter. */
    private static final long FILE_WAIT_SECONDS = 30;

    private final WebexClient webex;
    private final Router router;
    private final MentionStripper mentions;
    private final String botId;
    private final PersonDirectory people;
    private final RoomRule rooms;
    private final AccessStore access;
    private final Clock clock;

    /**
     * @param rooms  where the bot works
     * @param access where "this room was told already" and the access log are kept
     */
    public ChatService(WebexClient webex, Router router, MentionStripper mentions, String botId, PersonDirectory people,
                       RoomRule rooms, AccessStore access, Clock clock) {
        this.webex = webex;
        this.router = router;
        this.mentions = mentions;
        this.botId = botId;
        this.people = people;
        this.rooms = rooms;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public void accept(WebhookEvent event) {
        if (event.isMessageCreated()) {
            onMessage(event.data());
        } else if (event.isCardAction()) {
            onCardAction(event.data());
        }
    }

    /**
     * Whether the bot replied in this message's thread already. Only a top-level message in a 1:1 room can be told: a
     * bot cannot list a group room's messages unless they mention it, and a reply to a thread message goes to the
     * thread's root, where other replies live too. Card actions are not checked (containment buttons are single-use).
     */
    @Override
    public boolean answered(WebhookEvent event) {
        WebhookEvent.Data d = event.data();
        if (!event.isMessageCreated() || d.parentId() != null || d.roomId() == null
                || !"direct".equalsIgnoreCase(d.roomType())) {
            return false;
        }
        try {
            return webex.threadReplies(d.roomId(), d.id()).stream().anyMatch(m -> botId.equals(m.personId()));
        } catch (WebexException e) {
            LOG.warn("could not list the replies to {} (answering it again): {}", d.id(), e.getMessage());
            return false;
        }
    }

    private void onMessage(WebhookEvent.Data data) {
        // The envelope (signed, or mapped from the socket) already says "group": no need to fetch the message.
        if ("group".equalsIgnoreCase(data.roomType()) && !rooms.listed(data.roomId())) {
            notEnabled(data.roomId(), data.personId(), data.personEmail());
            return;
        }
        Message m = fetchMessage(data.id());
        if (m == null || botId.equals(m.personId())) {
            return;
        }
        if (!rooms.serves(m.roomId(), m.roomType())) {
            notEnabled(m.roomId(), m.personId(), m.personEmail());
            return;
        }
        String thread = m.parentId() != null ? m.parentId() : m.id();
        MessageRequest request = new MessageRequest(m.roomId(), m.roomType(), m.id(), thread, m.personId(),
                lower(m.personEmail()), mentions.commandText(m));
        post(request.roomId(), thread, router.route(request));
    }

    private void onCardAction(WebhookEvent.Data data) {
        AttachmentAction action = webex.attachmentAction(data.id());
        Message card = cardMessage(action.messageId());
        if (!rooms.listed(action.roomId())) {
            // A card action does not say what kind of room it came from; the card's message (or the room) does. The
            // message counts only when it is in the action's room: a card lives in one room.
            boolean cardHere = card != null && card.roomType() != null && RoomRule.sameRoom(card.roomId(), action.roomId());
            String type = cardHere ? card.roomType() : roomType(action.roomId());
            if (type == null) {
                LOG.warn("card action {} in room {}: could not tell whether the room is 1:1; not answered",
                        action.id(), action.roomId());
                return;
            }
            if (!rooms.serves(action.roomId(), type)) {
                notEnabled(action.roomId(), action.personId(), people.email(action.personId()));
                return;
            }
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        action.inputs().forEach((k, v) -> inputs.put(k, v == null ? "" : String.valueOf(v)));
        // The presser's identity comes from Webex by person id; the envelope and the inputs are not trusted for it.
        String email = lower(people.email(action.personId()));
        CardActionRequest request = new CardActionRequest(action.roomId(), action.messageId(), action.personId(), email,
                inputs.getOrDefault(Router.ACTION_KEY, ""), inputs);
        // Replies go to the root of the card's thread: Webex refuses a parentId that is itself a reply.
        String thread = card == null ? action.messageId() : card.parentId() != null ? card.parentId() : card.id();
        post(request.roomId(), thread, router.route(request));
    }

    /** The message that carries a card, or null when Webex cannot say. */
    private Message cardMessage(String cardMessageId) {
        try {
            return webex.message(cardMessageId);
        } catch (WebexException e) {
            return null;
        }
    }

    /** {@code GET /rooms/{id}}'s type ("direct" or "group"), or null when Webex cannot say. */
    private String roomType(String roomId) {
        try {
            return webex.room(roomId).type();
        } catch (WebexException e) {
            LOG.warn("could not look up room {} (HTTP {}, trackingId={})", roomId, e.status(), e.trackingId());
            return null;
        }
    }

    /** A group room the bot is not enabled in: one line, the first time ever, and nothing else. */
    private void notEnabled(String roomId, String personId, String email) {
        if (roomId == null) {
            return;
        }
        if (!access.firstNotice(roomId, clock.instant())) {
            LOG.debug("room {} is not enabled and was told so already; ignoring the event", roomId);
            return;
        }
        LOG.info("room {} is not an allowed room (webex.irt_room, webex.allowed_rooms, incident rooms); saying so once",
                roomId);
        access.log(new AccessStore.Entry(clock.instant(), personId, email == null ? "" : email.toLowerCase(), roomId,
                "message in a room the bot is not enabled in", null, "told once that the bot is not enabled here"));
        post(roomId, null, Reply.text(RoomRule.NOT_ENABLED));
    }

    /** GETs the message; Webex may lag the webhook, so a 404 gets one short retry. */
    private Message fetchMessage(String id) {
        try {
            return webex.message(id);
        } catch (WebexException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        try {
            Thread.sleep(500);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            return webex.message(id);
        } catch (WebexException e) {
            LOG.warn("message {} not found on Webex (trackingId={}); dropping it", id, e.trackingId());
            return null;
        }
    }

    private void post(String roomId, String threadId, Reply reply) {
        String previous = null;
        for (Reply.Part part : reply.parts()) {
            try {
                String posted = postPart(roomId, threadId, previous, part);
                previous = posted != null ? posted : previous;
            } catch (WebexException e) {
                LOG.error("could not post a reply in room {} (HTTP {}, trackingId={})", roomId, e.status(), e.trackingId());
            }
        }
    }

    /**
     * Posts one part; returns the posted message's id (null when none). A file goes into the thread, or, when the
     * reply has no thread, into the thread of the message posted just before it (the card it belongs to).
     */
    private String postPart(String roomId, String threadId, String previous, Reply.Part part) {
        if (part instanceof Reply.Text t) {
            return id(postThreaded(NewMessage.markdown(roomId, threadId, t.markdown())));
        } else if (part instanceof Reply.CardPart c) {
            try {
                return id(postThreaded(NewMessage.card(roomId, threadId, c.card().fallback(), c.card().content())));
            } catch (WebexException e) {
                if (e.status() != 400) {
                    throw e;
                }
                LOG.warn("Webex refused a card (trackingId={}); posting its text fallback instead", e.trackingId());
                return id(postThreaded(NewMessage.markdown(roomId, threadId, c.card().fallback())));
            }
        } else if (part instanceof Reply.Direct d) {
            webex.post(NewMessage.direct(d.personId(), d.markdown()));
        } else if (part instanceof Reply.FilePart f) {
            Reply.File file = ready(f);
            if (file != null) {
                return id(upload(roomId, threadId != null ? threadId : previous, file));
            }
        }
        return null;
    }

    /** The file once it is ready, or null when it came empty or failed (its future carries its own deadline). */
    private static Reply.File ready(Reply.FilePart f) {
        try {
            return f.file().get(FILE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS).orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("a file for the reply was not ready: {}", e.toString());
        }
        return null;
    }

    /** Uploads in the thread; a thread Webex refuses falls back to the room, as for messages. */
    private Message upload(String roomId, String parentId, Reply.File file) {
        try {
            return webex.upload(roomId, parentId, file.markdown(), file.fileName(), file.contentType(), file.content());
        } catch (WebexException e) {
            if (e.status() != 400 || parentId == null) {
                throw e;
            }
            LOG.warn("Webex refused a threaded file (trackingId={}); posting it to the room instead", e.trackingId());
            return webex.upload(roomId, null, file.markdown(), file.fileName(), file.contentType(), file.content());
        }
    }

    private static String id(Message m) {
        return m == null ? null : m.id();
    }

    /** Posts in the thread; a thread Webex refuses (e.g. a card inside a thread) falls back to the room. */
    private Message postThreaded(NewMessage message) {
        try {
            return webex.post(message);
        } catch (WebexException e) {
            if (e.status() != 400 || message.parentId() == null) {
                throw e;
            }
            LOG.warn("Webex refused a threaded reply (trackingId={}); posting to the room instead", e.trackingId());
            return webex.post(new NewMessage(message.roomId(), null, null, null, message.text(), message.markdown(),
                    message.attachments()));
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase();
    }
}

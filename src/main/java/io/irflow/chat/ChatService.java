package io.irflow.chat;

import io.irflow.webex.AttachmentAction;
import io.irflow.webex.Message;
import io.irflow.webex.NewMessage;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import io.irflow.webex.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The worker side of a webhook: fetches what the webhook does not carry (message text, card inputs), routes it, and
 * posts the reply in the same thread. Runs on the intake's worker threads.
 */
public final class ChatService implements Consumer<WebhookEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final WebexClient webex;
    private final Router router;
    private final MentionStripper mentions;
    private final String botId;
    private final PersonDirectory people;

    public ChatService(WebexClient webex, Router router, MentionStripper mentions, String botId, PersonDirectory people) {
        this.webex = webex;
        this.router = router;
        this.mentions = mentions;
        this.botId = botId;
        this.people = people;
    }

    @Override
    public void accept(WebhookEvent event) {
        if (event.isMessageCreated()) {
            onMessage(event.data());
        } else if (event.isCardAction()) {
            onCardAction(event.data());
        }
    }

    private void onMessage(WebhookEvent.Data data) {
        Message m = fetchMessage(data.id());
        if (m == null || botId.equals(m.personId())) {
            return;
        }
        String thread = m.parentId() != null ? m.parentId() : m.id();
        MessageRequest request = new MessageRequest(m.roomId(), m.roomType(), m.id(), thread, m.personId(),
                lower(m.personEmail()), mentions.commandText(m));
        post(request.roomId(), thread, router.route(request));
    }

    private void onCardAction(WebhookEvent.Data data) {
        AttachmentAction action = webex.attachmentAction(data.id());
        Map<String, String> inputs = new LinkedHashMap<>();
        action.inputs().forEach((k, v) -> inputs.put(k, v == null ? "" : String.valueOf(v)));
        // The presser's identity comes from Webex by person id; the envelope and the inputs are not trusted for it.
        String email = lower(people.email(action.personId()));
        CardActionRequest request = new CardActionRequest(action.roomId(), action.messageId(), action.personId(), email,
                inputs.getOrDefault(Router.ACTION_KEY, ""), inputs);
        post(request.roomId(), threadOf(action.messageId()), router.route(request));
    }

    /** Replies go to the root of the card's thread: Webex refuses a parentId that is itself a reply. */
    private String threadOf(String cardMessageId) {
        try {
            Message card = webex.message(cardMessageId);
            return card.parentId() != null ? card.parentId() : card.id();
        } catch (WebexException e) {
            return cardMessageId;
        }
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
        for (Reply.Part part : reply.parts()) {
            try {
                postPart(roomId, threadId, part);
            } catch (WebexException e) {
                LOG.error("could not post a reply in room {} (HTTP {}, trackingId={})", roomId, e.status(), e.trackingId());
            }
        }
    }

    private void postPart(String roomId, String threadId, Reply.Part part) {
        if (part instanceof Reply.Text t) {
            postThreaded(NewMessage.markdown(roomId, threadId, t.markdown()));
        } else if (part instanceof Reply.CardPart c) {
            try {
                postThreaded(NewMessage.card(roomId, threadId, c.card().fallback(), c.card().content()));
            } catch (WebexException e) {
                if (e.status() != 400) {
                    throw e;
                }
                LOG.warn("Webex refused a card (trackingId={}); posting its text fallback instead", e.trackingId());
                postThreaded(NewMessage.markdown(roomId, threadId, c.card().fallback()));
            }
        } else if (part instanceof Reply.Direct d) {
            webex.post(NewMessage.direct(d.personId(), d.markdown()));
        }
    }

    /** Posts in the thread; a thread Webex refuses (e.g. a card inside a thread) falls back to the room. */
    private void postThreaded(NewMessage message) {
        try {
            webex.post(message);
        } catch (WebexException e) {
            if (e.status() != 400 || message.parentId() == null) {
                throw e;
            }
            LOG.warn("Webex refused a threaded reply (trackingId={}); posting to the room instead", e.trackingId());
            webex.post(new NewMessage(message.roomId(), null, null, null, message.text(), message.markdown(),
                    message.attachments()));
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase();
    }
}

package io.irflow.verify;

import io.irflow.webex.Message;
import io.irflow.webex.NewMessage;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Notes} in Webex: a thread note is a reply to the root of the card's thread (Webex refuses a parentId that is
 * itself a reply, so the card is looked up first, as the chat worker does for a card action's reply).
 */
public final class WebexNotes implements Notes {
    private static final Logger LOG = LoggerFactory.getLogger(WebexNotes.class);

    private final WebexClient webex;

    public WebexNotes(WebexClient webex) {
        this.webex = webex;
    }

    @Override
    public void inThread(String roomId, String cardMessageId, String markdown) {
        String root = cardMessageId == null ? null : root(cardMessageId);
        try {
            webex.post(NewMessage.markdown(roomId, root, markdown));
        } catch (WebexException e) {
            if (root == null || e.status() != 400) {
                LOG.warn("could not post a verification note in room {} (HTTP {}, trackingId={})", roomId, e.status(),
                        e.trackingId());
                return;
            }
            inRoom(roomId, markdown);
        }
    }

    @Override
    public void inRoom(String roomId, String markdown) {
        try {
            webex.post(NewMessage.markdown(roomId, null, markdown));
        } catch (WebexException e) {
            LOG.warn("could not post a verification note in room {} (HTTP {}, trackingId={})", roomId, e.status(),
                    e.trackingId());
        }
    }

    /** The card's thread root, or the card itself when Webex cannot say. */
    private String root(String cardMessageId) {
        try {
            Message card = webex.message(cardMessageId);
            return card.parentId() != null ? card.parentId() : card.id() != null ? card.id() : cardMessageId;
        } catch (WebexException e) {
            return cardMessageId;
        }
    }
}

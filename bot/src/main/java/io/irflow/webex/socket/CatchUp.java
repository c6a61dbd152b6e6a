package io.irflow.webex.socket;

import io.irflow.webex.Message;
import io.irflow.webex.Room;
import io.irflow.webex.WebexClient;
import io.irflow.webex.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the socket may have missed, read over REST: the newest messages of the bot's recently active rooms (group rooms
 * with {@code mentionedPeople=me}, the only way a bot may list them), newer than a time, oldest first. The caller's
 * dedupe drops what was already handled. Card submissions cannot be listed over REST, so a button pressed while the
 * socket was down is not recovered (the presser sees no answer and presses again).
 */
public final class CatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);
    static final int ROOMS = 100;
    static final int MESSAGES_PER_ROOM = 50;

    private final WebexClient webex;
    private final String botId;
    private final Predicate<String> serves;
    private final Predicate<String> handled;

    /**
     * @param serves  whether the bot works in a group room (irt_room, allowed_rooms, its incident rooms); 1:1 rooms are
     *                always read (the access rule then applies to the person)
     * @param handled whether a message id was handled already (to tell a busy room from a real gap)
     */
    public CatchUp(WebexClient webex, String botId, Predicate<String> serves, Predicate<String> handled) {
        this.webex = webex;
        this.botId = botId;
        this.serves = serves;
        this.handled = handled;
    }

    /** Messages to the bot created at or after {@code since}, as webhook-shaped events, oldest first. */
    public List<WebhookEvent> since(Instant since) {
        List<WebhookEvent> missed = new ArrayList<>();
        for (Room room : webex.recentRooms(ROOMS)) {
            Instant active = parse(room.lastActivity());
            if (active != null && active.isBefore(since)) {
                break;
            }
            boolean group = !"direct".equalsIgnoreCase(room.type());
            if (room.id() == null || (group && !serves.test(room.id()))) {
                continue;
            }
            List<Message> recent = webex.recentMessages(room.id(), group, MESSAGES_PER_ROOM);
            int inWindow = 0;
            Message oldest = null;
            for (Message m : recent) {
                Instant created = parse(m.created());
                if (created == null || created.isBefore(since)) {
                    continue;
                }
                inWindow++;
                oldest = m;
                if (m.id() == null || botId.equals(m.personId())) {
                    continue;
                }
                missed.add(new WebhookEvent(null, "catch-up", "messages", "created", m.personId(),
                        new WebhookEvent.Data(m.id(), room.id(), group ? "group" : "direct",
                                m.personId(), m.personEmail(), null, m.parentId(), null, m.created())));
            }
            // A full page inside the window may hide older messages; only a problem if even the oldest listed is new.
            if (inWindow == MESSAGES_PER_ROOM && oldest.id() != null && !botId.equals(oldest.personId())
                    && !handled.test(oldest.id())) {
                LOG.warn("catch-up: more than {} unanswered messages in room {} since {}; older ones are not answered",
                        MESSAGES_PER_ROOM, room.id(), since);
            }
        }
        missed.sort(Comparator.comparing(e -> parse(e.data().created())));
        return missed;
    }

    private static Instant parse(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

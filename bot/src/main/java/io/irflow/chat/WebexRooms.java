package io.irflow.chat;

import io.irflow.webex.RestIds;
import io.irflow.cards.Card;
import io.irflow.cards.IncidentSummaryCard;
import io.irflow.incidents.Incident;
import io.irflow.incidents.Rooms;
import io.irflow.webex.NewMessage;
import io.irflow.webex.Room;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;


/**
 * Incident rooms in Webex: {@code POST /rooms}, {@code POST /memberships} (409 is fine), {@code POST /messages}.
 *
 * <p>Room and membership creation are made exactly-once where Webex lets irflow check. A {@code POST /rooms} that
 * failed in a way that Webex may have acted on ({@link WebexException#mayHaveActed()}: a 5xx, no answer) is followed
 * by a look at the bot's newest group rooms: one with exactly this title (it holds the unique incident id) created
 * since just before the attempt is adopted instead of creating a second. Only when there is none is the room created
 * once more. A {@code POST /memberships} in the same doubt is simply sent again: if the first one worked, Webex
 * answers 409 (already a member), which is success (docs/reference/webex.md#memberships).
 */
public final class WebexRooms implements Rooms {
    private static final Logger LOG = LoggerFactory.getLogger(WebexRooms.class);
    /** How many of the newest group rooms are searched; a bot creates rooms one incident at a time. */
    static final int LOOK_BACK_ROOMS = 100;
    /** Webex's clock may differ from ours: a room counts as this attempt's when created at most this before it. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private final WebexClient webex;
    private final Clock clock;

    public WebexRooms(WebexClient webex, Clock clock) {
        this.webex = webex;
        this.clock = clock;
    }

    /**
     * Creates the room, or adopts the one an uncertain first attempt made; at most two {@code POST /rooms}, and the
     * second only when Webex shows no room of this title.
     */
    @Override
    public String create(String title) {
        Instant attempt = clock.instant();
        try {
            return webex.createRoom(title).id();
        } catch (WebexException first) {
            if (!first.mayHaveActed()) {
                throw first;
            }
            Optional<Room> made = madeSince(title, attempt);
            if (made.isPresent()) {
                LOG.warn("POST /rooms failed ({}) but Webex had created the room; using {}", first.getMessage(),
                        made.get().id());
                return made.get().id();
            }
            LOG.warn("POST /rooms failed ({}) and Webex shows no such room; creating it once more", first.getMessage());
            try {
                return webex.createRoom(title).id();
            } catch (WebexException second) {
                if (second.mayHaveActed()) {
                    Optional<Room> late = madeSince(title, attempt);
                    if (late.isPresent()) {
                        return late.get().id();
                    }
                }
                throw second;
            }
        }
    }

    /** The newest group room with exactly this title created since the attempt (allowing for clock skew). */
    private Optional<Room> madeSince(String title, Instant attempt) {
        Instant notBefore = attempt.minus(CLOCK_SKEW);
        try {
            return webex.groupRoomsByCreated(LOOK_BACK_ROOMS).stream()
                    .filter(r -> r.id() != null && title.equals(r.title()) && createdSince(r, notBefore))
                    .findFirst();
        } catch (WebexException e) {
            // Cannot check: report the room as not created rather than guess (the incident says so in the room).
            LOG.warn("could not list the bot's rooms to look for '{}': {}", title, e.getMessage());
            throw new WebexException("Webex may or may not have created the room, and listing rooms failed too ("
                    + e.getMessage() + ")", e.status(), e.trackingId(), e, true);
        }
    }

    private static boolean createdSince(Room room, Instant notBefore) {
        try {
            return room.created() != null && !Instant.parse(room.created()).isBefore(notBefore);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public void addMember(String roomId, String email) {
        try {
            webex.addMember(roomId, email);
        } catch (WebexException e) {
            if (!e.mayHaveActed()) {
                throw e;
            }
            // Safe to send again: if the first one went through, this one answers 409, which addMember takes as done.
            LOG.warn("POST /memberships failed ({}); sending it once more", e.getMessage());
            webex.addMember(roomId, email);
        }
    }

    @Override
    public void post(String roomId, String markdown) {
        webex.post(NewMessage.markdown(roomId, null, markdown));
    }

    @Override
    public void postSummary(String roomId, Incident incident, List<String> unsynced, String ticketProduct) {
        postSummaryCard(roomId, incident, unsynced, ticketProduct);
    }

    @Override
    public String postSummaryCard(String roomId, Incident incident, List<String> unsynced, String ticketProduct) {
        return postSummaryCard(roomId, incident, unsynced, ticketProduct, List.of());
    }

    @Override
    public String postSummaryCard(String roomId, Incident incident, List<String> unsynced, String ticketProduct,
                                  List<String> containment) {
        Card card = IncidentSummaryCard.render(incident, unsynced, ticketProduct, containment);
        return webex.post(NewMessage.card(roomId, null, card.fallback(), card.content())).id();
    }

    /**
     * {@code DELETE /messages/{id}}: cards cannot be edited, so a stale summary card is replaced and deleted. A 404 is
     * done: the message is gone already (another instance finishing the same replacement deleted it).
     */
    @Override
    public void deleteMessage(String messageId) {
        try {
            webex.deleteMessage(messageId);
        } catch (WebexException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void postTicket(String roomId, String product, String number, String url) {
        post(roomId, IncidentSummaryCard.ticketLine(product, number, url));
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
        return "webexteams://im?space=" + RestIds.roomUuid(roomId);
    }
}

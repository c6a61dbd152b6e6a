package io.irflow.chat;

import io.irflow.webex.RestIds;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the bot works: 1:1 rooms (the access middleware then decides on the person), {@code webex.irt_room},
 * {@code webex.allowed_rooms} and the incident rooms it created. An empty {@code allowed_rooms} adds none (before
 * issue 12 it meant every room). Room ids are compared by the UUID inside them, so a regional id and a "us" id of the
 * same room match.
 */
public final class RoomRule {
    /** The one line a group room the bot is not enabled in gets, once. */
    public static final String NOT_ENABLED = "I am not enabled in this space, so I will not answer here. "
            + "Message me 1:1 or use the incident response space.";

    private final Set<String> listed = new HashSet<>();
    private final Predicate<String> incidentRoom;

    /**
     * @param irtRoom      {@code webex.irt_room}, or null
     * @param allowedRooms {@code webex.allowed_rooms}
     * @param incidentRoom whether a room is one of the incident rooms the bot created
     */
    public RoomRule(String irtRoom, Collection<String> allowedRooms, Predicate<String> incidentRoom) {
        if (irtRoom != null && !irtRoom.isBlank()) {
            listed.add(key(irtRoom));
        }
        allowedRooms.forEach(r -> listed.add(key(r)));
        this.incidentRoom = incidentRoom;
    }

    /** Whether the room is one the bot works in whatever its type: irt_room, allowed_rooms or an incident room. */
    public boolean listed(String roomId) {
        return roomId != null && (listed.contains(key(roomId)) || incidentRoom.test(roomId));
    }

    /** Whether the bot works in this room; {@code roomType} is Webex's "direct" or "group". */
    public boolean serves(String roomId, String roomType) {
        return "direct".equalsIgnoreCase(roomType) || listed(roomId);
    }

    /** Whether two room ids name the same room (regional and "us" forms of one room match). */
    public static boolean sameRoom(String a, String b) {
        return a != null && b != null && key(a).equals(key(b));
    }

    private static String key(String roomId) {
        return RestIds.uuidOf(roomId.strip()).orElse(roomId.strip());
    }
}

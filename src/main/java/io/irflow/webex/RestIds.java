package io.irflow.webex;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Webex REST ids: {@code base64url_nopad("ciscospark://" + cluster + "/" + TYPE + "/" + uuid)}
 * (docs/reference/webex.md#rest-ids, webex-js-sdk). People and organisations are always in cluster {@code us};
 * everything else in the cluster of its conversation. Used to match mentions, to link to a space, and to turn the event
 * socket's UUIDs into REST ids.
 */
public final class RestIds {
    /** The original US cluster, written {@code us} in REST ids. */
    public static final String HOME_CLUSTER = "us";
    private static final String SCHEME = "ciscospark://";

    private RestIds() {
    }

    /** What a REST id says: its cluster, type ({@code MESSAGE}, {@code ROOM}, {@code PEOPLE}, ...) and UUID. */
    public record Parsed(String cluster, String type, String uuid) {
    }

    /** The REST id of a UUID of the given type ({@code MESSAGE}, {@code ROOM}, {@code PEOPLE}, {@code ATTACHMENT_ACTION}). */
    public static String restId(String cluster, String type, String uuid) {
        String uri = SCHEME + cluster + "/" + type + "/" + uuid;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(uri.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a REST id (padded or not, base64url or plain base64); empty when it is not one. */
    public static Optional<Parsed> parse(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String uri;
        try {
            uri = new String(Base64.getUrlDecoder().decode(id.replace('+', '-').replace('/', '_').replace("=", "")),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!uri.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = uri.substring(SCHEME.length());
        int last = rest.lastIndexOf('/');
        int typeStart = last > 0 ? rest.lastIndexOf('/', last - 1) : -1;
        if (typeStart <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(rest.substring(0, typeStart), rest.substring(typeStart + 1, last), rest.substring(last + 1)));
    }

    /** The UUID inside a REST id, or the input itself when it is already a bare UUID. */
    public static Optional<String> uuidOf(String id) {
        Optional<String> inside = parse(id).map(Parsed::uuid);
        if (inside.isPresent() || id == null) {
            return inside;
        }
        return id.matches("[0-9a-fA-F-]{32,36}") ? Optional.of(id) : Optional.empty();
    }

    /** The cluster inside a REST id, e.g. {@code us} or {@code urn:TEAM:us-west-2_r}. */
    public static Optional<String> clusterOf(String restId) {
        return parse(restId).map(Parsed::cluster);
    }

    /** A room's UUID, as Webex clients open it ({@code webexteams://im?space=<uuid>}); the id itself when it is not a room id. */
    public static String roomUuid(String roomId) {
        return parse(roomId).filter(p -> p.type().equals("ROOM")).map(Parsed::uuid).orElse(roomId);
    }
}

package io.irflow.webex.socket;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns the UUIDs of the event socket into REST ids and back (NOTES §10.10, webex-js-sdk):
 * {@code base64url_nopad("ciscospark://" + cluster + "/" + TYPE + "/" + uuid)}. People and organisations are always
 * in cluster {@code us}; everything else in the cluster of its conversation.
 */
public final class ActivityIds {
    /** The original US cluster, written {@code us} in REST ids. */
    public static final String HOME_CLUSTER = "us";

    private ActivityIds() {
    }

    /** The REST id of a UUID of the given type ({@code MESSAGE}, {@code ROOM}, {@code PEOPLE}, {@code ATTACHMENT_ACTION}). */
    public static String restId(String cluster, String type, String uuid) {
        String uri = "ciscospark://" + cluster + "/" + type + "/" + uuid;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(uri.getBytes(StandardCharsets.UTF_8));
    }

    /** The UUID inside a REST id (the part after the last '/'), or the input itself when it is already a bare UUID. */
    public static Optional<String> uuidOf(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            String uri = new String(Base64.getUrlDecoder().decode(padded(id.replace('+', '-').replace('/', '_'))),
                    StandardCharsets.UTF_8);
            if (uri.startsWith("ciscospark://")) {
                return Optional.of(uri.substring(uri.lastIndexOf('/') + 1));
            }
        } catch (IllegalArgumentException e) {
            // not base64: maybe a bare UUID
        }
        return id.matches("[0-9a-fA-F-]{32,36}") ? Optional.of(id) : Optional.empty();
    }

    private static String padded(String s) {
        return s + "=".repeat((4 - s.length() % 4) % 4);
    }
}

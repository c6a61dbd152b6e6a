package io.irflow.sandbox.webex;

import io.irflow.webex.RestIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Webex-shaped identifiers and timestamps: unpadded base64url of {@code ciscospark://us/TYPE/uuid}, millisecond ISO times. */
final class WebexIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private WebexIds() {
    }

    /** A REST id for a resource type (PEOPLE, ROOM, MESSAGE, ...) and UUID. */
    static String of(String type, UUID uuid) {
        return RestIds.restId(RestIds.HOME_CLUSTER, type, uuid.toString());
    }

    /** A fresh random REST id. */
    static String random(String type) {
        return of(type, UUID.randomUUID());
    }

    /** A REST id that is the same on every run, derived from a name. */
    static String stable(String type, String name) {
        return of(type, UUID.nameUUIDFromBytes(("irflow-demo:" + name).getBytes(StandardCharsets.UTF_8)));
    }

    /** A REST id for a known UUID string. */
    static String of(String type, String uuid) {
        return of(type, UUID.fromString(uuid));
    }

    /**
     * The UUID inside a REST id (the last segment of {@code ciscospark://us/TYPE/uuid}), as Webex's event socket
     * names resources; null when the id is not of that form.
     */
    static String uuid(String restId) {
        return RestIds.parse(restId).map(RestIds.Parsed::uuid).orElse(null);
    }

    /** A Webex-style tracking id. */
    static String trackingId() {
        return "ROUTER_" + UUID.randomUUID().toString().toUpperCase();
    }

    /** The clock's current time as Webex writes it. */
    static String now(Clock clock) {
        return TIME.format(clock.instant());
    }
}

package io.irflow.sandbox.webex;

import io.irflow.sandbox.webex.Shapes.DeviceJson;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bot's device registrations in the stand-in's device service (WDM). Each POST makes a new device, as Webex
 * does; a client reuses one by listing them and picking its name. Addresses are answered relative to the host the
 * client used, so the socket URL works however the stand-in was reached.
 */
final class DeviceRegistry {
    /** The socket path of a device (Mercury's, under the stand-in's root). */
    static final String SOCKET_PATH = "/v1/apps/wx2/registrations/{deviceId}/messages";

    /** A registration; the URLs are made from the caller's root when answered. */
    record Device(String id, String name, String deviceType, String modified) {
    }

    private final Clock clock;
    private final String userUuid;
    private final Map<String, Device> devices = new LinkedHashMap<>();

    /**
     * @param userUuid the bot's person UUID (a device's {@code userId})
     */
    DeviceRegistry(Clock clock, String userUuid) {
        this.clock = clock;
        this.userUuid = userUuid;
    }

    /** Registers a device; {@code name} and {@code deviceType} are required, as in the request the SDKs send. */
    synchronized Device create(Map<String, Object> body) {
        Object name = body.get("name");
        Object type = body.get("deviceType");
        if (!(name instanceof String n) || n.isBlank() || !(type instanceof String t) || t.isBlank()) {
            throw WebexError.badRequest("name and deviceType are required.");
        }
        Device d = new Device(UUID.randomUUID().toString(), n, t, WebexIds.now(clock));
        devices.put(d.id(), d);
        return d;
    }

    synchronized List<Device> all() {
        return List.copyOf(devices.values());
    }

    synchronized boolean exists(String id) {
        return id != null && devices.containsKey(id);
    }

    /** Unregisters a device; 404 when unknown. */
    synchronized void delete(String id) {
        if (devices.remove(id) == null) {
            throw WebexError.notFound();
        }
    }

    /** A device as WDM answers it, its URLs under {@code root} (e.g. {@code http://127.0.0.1:8080}). */
    DeviceJson json(Device d, String root) {
        String ws = root.replaceFirst("^http", "ws") + SOCKET_PATH.replace("{deviceId}", d.id());
        return new DeviceJson(root + MercuryStandIn.WDM + "/devices/" + d.id(), ws, d.deviceType(), d.name(), userUuid,
                d.modified());
    }
}

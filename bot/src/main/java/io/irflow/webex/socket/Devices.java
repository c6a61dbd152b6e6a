package io.irflow.webex.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot's Webex device, which owns the event socket (docs/reference/webex.md#device-registration): found through the
 * U2C catalog's {@code wdm} link, reused by name across restarts, replaced when Webex says it is stale. Never creates
 * one per start: Webex refuses "excessive device registrations".
 */
public final class Devices {
    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    private final WebexClient webex;
    private final String u2cUrl;
    private final String name;
    private final String version;
    private volatile Links links;

    /** Where the device service and the home conversation service are. */
    public record Links(String wdm, String conversation) {
    }

    /** A registered device: {@code url} identifies it (DELETE to unregister), {@code webSocketUrl} is its socket. */
    public record Device(String url, String webSocketUrl, String name) {
    }

    public Devices(WebexClient webex, String u2cUrl, String name, String version) {
        this.webex = webex;
        this.u2cUrl = u2cUrl.replaceAll("/+$", "");
        this.name = name;
        this.version = version;
    }

    /** The service links from {@code GET {u2c}/catalog?format=hostmap}, fetched once. */
    public Links links() {
        Links known = links;
        if (known != null) {
            return known;
        }
        JsonNode catalog = webex.service("GET", u2cUrl + "/catalog?format=hostmap", null);
        JsonNode serviceLinks = catalog == null ? null : catalog.path("serviceLinks");
        String wdm = serviceLinks == null ? null : serviceLinks.path("wdm").asText(null);
        if (wdm == null || wdm.isBlank()) {
            throw new WebexException("the Webex service catalog has no device service (serviceLinks.wdm)", 0, null, null);
        }
        known = new Links(wdm.replaceAll("/+$", ""), serviceLinks.path("conversation").asText(null));
        links = known;
        return known;
    }

    /** The registered device named {@code webex.device_name}, created only when there is none; extra copies are removed. */
    public Device ensure() {
        List<Device> mine = new ArrayList<>();
        JsonNode list = webex.service("GET", links().wdm() + "/devices", null);
        for (JsonNode d : list == null ? List.<JsonNode>of() : iterable(list.path("devices"))) {
            if (name.equals(d.path("name").asText()) && !d.path("webSocketUrl").asText("").isBlank()) {
                mine.add(device(d));
            }
        }
        if (mine.isEmpty()) {
            return create();
        }
        for (Device extra : mine.subList(1, mine.size())) {
            LOG.info("removing a duplicate Webex device registration named '{}'", name);
            delete(extra);
        }
        LOG.info("reusing Webex device '{}'", name);
        return mine.get(0);
    }

    /** Removes a stale device and registers a fresh one. */
    public Device replace(Device stale) {
        LOG.warn("Webex device '{}' is stale; registering a new one", name);
        delete(stale);
        return create();
    }

    private Device create() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("deviceName", name);
        body.put("deviceType", "DESKTOP");
        body.put("localizedModel", "java");
        body.put("model", "java");
        body.put("name", name);
        body.put("systemName", name);
        body.put("systemVersion", version);
        JsonNode created = webex.service("POST", links().wdm() + "/devices", body);
        if (created == null || created.path("webSocketUrl").asText("").isBlank()) {
            throw new WebexException("the device service answered without a webSocketUrl", 0, null, null);
        }
        LOG.info("registered Webex device '{}'", name);
        return device(created);
    }

    private void delete(Device device) {
        if (device.url() == null) {
            return;
        }
        try {
            webex.service("DELETE", device.url(), null);
        } catch (WebexException e) {
            if (e.status() != 404) {
                LOG.warn("could not delete Webex device {}: HTTP {}", device.url(), e.status());
            }
        }
    }

    private static Device device(JsonNode d) {
        return new Device(d.path("url").asText(null), d.path("webSocketUrl").asText(null), d.path("name").asText(null));
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array::elements;
    }
}

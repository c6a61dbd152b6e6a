package io.irflow.adapters.cmx;

import com.fasterxml.jackson.databind.JavaType;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.cmx.dto.ClientCount;
import io.irflow.adapters.cmx.dto.CmxClientLocation;
import io.irflow.adapters.cmx.dto.CmxMapInfo;
import io.irflow.capabilities.AdapterException;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;

import java.time.Duration;
import java.util.List;

/**
 * Raw calls to the CMX Location API v2 (HTTP Basic, JSON).
 * <p>Why v2 and not v3 (docs/reference/cmx.md#why-v2): v2 exists on every CMX 10.x release (v3 only from 10.4), uses
 * the same API account (v3 may need its own {@code cmxos apiserver user}), carries floor dimensions and image info that
 * v3 lacks, and has documented "not found" semantics (204). Each query sends exactly one search key; the unfiltered
 * call would return every client.
 */
public final class CmxClient implements AutoCloseable {
    static final String CLIENTS = "/api/location/v2/clients";
    /** The largest floor image irflow reads; a bigger answer is refused unread. */
    static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;

    private final ProductHttp http;
    private final String username;
    private final String password;
    private final JavaType listType = Json.mapper().getTypeFactory()
            .constructCollectionType(List.class, CmxClientLocation.class);

    public CmxClient(CmxConfig config) {
        this.http = new ProductHttp(CmxEnrichment.SOURCE, config.http());
        this.username = config.username();
        this.password = config.password();
    }

    /** Clients with this MAC (lower-case colon form): {@code GET /api/location/v2/clients?macAddress={mac}}. */
    public List<CmxClientLocation> byMac(String mac) throws AdapterException {
        return clients("macAddress", mac);
    }

    /** Clients holding this IP: {@code GET /api/location/v2/clients?ipAddress={ip}}. */
    public List<CmxClientLocation> byIp(String ip) throws AdapterException {
        return clients("ipAddress", ip);
    }

    /** Clients of this user name as the WLC/AD reports it: {@code GET /api/location/v2/clients?username={user}}. */
    public List<CmxClientLocation> byUsername(String username) throws AdapterException {
        return clients("username", username);
    }

    /** The number of tracked clients, a cheap authenticated call: {@code GET /api/location/v2/clients/count}. */
    public ClientCount count() throws AdapterException {
        String url = http.url(CLIENTS + "/count");
        HttpResponse<String> resp = http.send(() -> http.client().get(url)
                .header("Accept", "application/json").basicAuth(username, password).asString());
        return http.parse(http.expectOk(resp), ClientCount.class);
    }

    /**
     * A floor's size and image info: {@code GET /api/config/v1/maps/info/{campus}/{building}/{floor}}, each name its
     * own encoded segment (docs/reference/cmx.md#maps). Empty on 404 (no such floor).
     */
    public java.util.Optional<CmxMapInfo> mapInfo(String campus, String building, String floor, Duration within)
            throws AdapterException {
        String url = http.url(http.path("api", "config", "v1", "maps", "info", campus, building, floor));
        HttpResponse<String> resp = http.send(() -> http.client().get(url).requestTimeout(millis(within))
                .header("Accept", "application/json").basicAuth(username, password).asString());
        if (resp.getStatus() == 404 || resp.getStatus() == 204) {
            return java.util.Optional.empty();
        }
        String body = http.expectOk(resp);
        return body.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(http.parse(body, CmxMapInfo.class));
    }

    /** A floor image by its CMX name: {@code GET /api/config/v1/maps/imagesource/{imageName}}. Empty on 404. */
    public java.util.Optional<byte[]> imageSource(String imageName, Duration within) throws AdapterException {
        return image(http.path("api", "config", "v1", "maps", "imagesource", imageName), within);
    }

    /** A floor's image by its names: {@code GET /api/config/v1/maps/image/{campus}/{building}/{floor}}; 404: empty. */
    public java.util.Optional<byte[]> floorImage(String campus, String building, String floor, Duration within)
            throws AdapterException {
        return image(http.path("api", "config", "v1", "maps", "image", campus, building, floor), within);
    }

    /**
     * Reads an image answer, at most {@link #MAX_IMAGE_BYTES}: a larger one (by Content-Length or as it streams) is
     * refused as BAD_INPUT without reading the rest.
     */
    private java.util.Optional<byte[]> image(String path, Duration within) throws AdapterException {
        String url = http.url(path);
        HttpResponse<Bounded> resp = http.send(() -> http.client().get(url).requestTimeout(millis(within))
                .header("Accept", "image/png, image/jpeg, image/*").basicAuth(username, password)
                .asObject(CmxClient::bounded));
        int status = resp.getStatus();
        if (status == 404 || status == 204) {
            return java.util.Optional.empty();
        }
        if (status < 200 || status >= 300) {
            throw http.errorFor(resp);
        }
        Bounded body = resp.getBody();
        if (body == null || body.tooBig()) {
            throw new AdapterException(CmxEnrichment.SOURCE, AdapterException.Kind.BAD_INPUT,
                    "CMX sent a floor image over " + MAX_IMAGE_BYTES + " bytes; not read", status, null, null, null);
        }
        return body.bytes().length == 0 ? java.util.Optional.empty() : java.util.Optional.of(body.bytes());
    }

    /** An image body read up to the limit; {@code tooBig} when there was more. */
    private record Bounded(byte[] bytes, boolean tooBig) {
    }

    private static Bounded bounded(kong.unirest.core.RawResponse raw) {
        if (raw.getStatus() < 200 || raw.getStatus() >= 300) {
            return new Bounded(new byte[0], false);
        }
        String length = raw.getHeaders().getFirst("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_IMAGE_BYTES) {
            return new Bounded(new byte[0], true);
        }
        try (java.io.InputStream in = raw.getContent()) {
            byte[] bytes = in.readNBytes(MAX_IMAGE_BYTES + 1);
            return bytes.length > MAX_IMAGE_BYTES ? new Bounded(new byte[0], true) : new Bounded(bytes, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int millis(Duration within) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, within.toMillis()));
    }

    private List<CmxClientLocation> clients(String key, String value) throws AdapterException {
        String url = http.url(CLIENTS);
        HttpResponse<String> resp = http.send(() -> http.client().get(url)
                .queryString(key, value)
                .header("Accept", "application/json")
                .basicAuth(username, password)
                .asString());
        // docs/reference/cmx.md#status-codes: 204 (empty body) is the normal "no such client"; 404 is treated the same.
        if (resp.getStatus() == 204 || resp.getStatus() == 404) {
            return List.of();
        }
        String body = http.expectOk(resp);
        if (body.isBlank()) {
            return List.of();
        }
        List<CmxClientLocation> list = http.parse(body, listType);
        return list == null ? List.of() : list.stream().filter(c -> c != null).toList();
    }

    @Override
    public void close() {
        http.close();
    }
}

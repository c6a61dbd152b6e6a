package io.irflow.adapters.cmx;

import com.fasterxml.jackson.databind.JavaType;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.cmx.dto.ClientCount;
import io.irflow.adapters.cmx.dto.CmxClientLocation;
import io.irflow.capabilities.AdapterException;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;

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

package io.irflow.adapters.ise;

import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.ise.dto.MntSession;
import io.irflow.capabilities.AdapterException;
import kong.unirest.core.HttpResponse;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.util.Optional;

/**
 * Raw calls to the ISE Monitoring (MnT) REST API under {@code /admin/API/mnt}; answers are always XML.
 * Uses the MnT account (a local ISE admin with monitoring rights).
 */
public final class IseMntClient implements AutoCloseable {
    static final String BASE = "/admin/API/mnt";

    private final ProductHttp http;
    private final String username;
    private final String password;

    public IseMntClient(IseConfig config) {
        this.http = new ProductHttp(IseEnrichment.SOURCE, config.mntUrl());
        this.username = config.effectiveMntUsername();
        this.password = config.effectiveMntPassword();
    }

    /**
     * The active session of an endpoint MAC: {@code GET /admin/API/mnt/Session/MACAddress/{MAC}}.
     * The MAC must be upper-case colon form (lower-case makes ISE 3.1 answer 500).
     */
    public Optional<MntSession> sessionByMac(String upperMac) throws AdapterException {
        return session(http.path("Session", "MACAddress", upperMac));
    }

    /**
     * The active session whose framed (endpoint) IP matches: {@code GET /admin/API/mnt/Session/EndPointIPAddress/{ip}}.
     * Not {@code /Session/IPAddress}, which takes the NAS address.
     */
    public Optional<MntSession> sessionByEndpointIp(String ip) throws AdapterException {
        return session(http.path("Session", "EndPointIPAddress", ip));
    }

    /** The number of active sessions, a cheap authenticated call: {@code GET /admin/API/mnt/Session/ActiveCount}. */
    public long activeCount() throws AdapterException {
        HttpResponse<String> resp = get("/Session/ActiveCount");
        String body = ok(resp);
        try {
            return MntXml.count(body);
        } catch (IOException | SAXException e) {
            throw http.malformed(e);
        }
    }

    private Optional<MntSession> session(String path) throws AdapterException {
        HttpResponse<String> resp = get(path);
        // docs/reference/ise.md#mnt-sessions: exact "no session" behaviour is unconfirmed; 204, 404 and
        // 200-without-fields all mean none.
        if (resp.getStatus() == 204 || resp.getStatus() == 404) {
            return Optional.empty();
        }
        String body = ok(resp);
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            MntSession session = MntXml.session(body);
            return session.isEmpty() ? Optional.empty() : Optional.of(session);
        } catch (IOException | SAXException e) {
            throw http.malformed(e);
        }
    }

    private HttpResponse<String> get(String path) throws AdapterException {
        String url = http.url(BASE + path);
        return http.send(() -> http.client().get(url)
                .header("Accept", "application/xml")
                .basicAuth(username, password)
                .asString());
    }

    /** Like expectOk, but says "MnT" so a 401 here is not mistaken for the ERS account (MnT needs a local admin). */
    private String ok(HttpResponse<String> resp) throws AdapterException {
        try {
            return http.expectOk(resp);
        } catch (AdapterException e) {
            throw new AdapterException(e.product(), e.kind(), "ISE monitoring (MnT) answered HTTP " + e.status(),
                    e.status(), e.retryAfter(), e.trackingId(), e.getCause());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

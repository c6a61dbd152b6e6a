package io.irflow.adapters.servicenow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.servicenow.ServiceNowConfig.TicketDefaults;
import io.irflow.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/** Fixtures, credentials and configs shared by the ServiceNow tests. */
final class SnowFixtures {
    static final String USER = "svc_webex_bot";
    static final String PASSWORD = "not-a-real-password-7731";
    static final String CLIENT_ID = "3e8a1f0c9b2d4e5f8a7b6c5d4e3f2a1b";
    static final String CLIENT_SECRET = "not-a-real-client-secret-5512";
    static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final String INCIDENTS = "/api/now/table/incident";
    static final String USERS = "/api/now/table/sys_user";
    static final String TOKEN = "/oauth_token.do";
    static final String SYS_ID = "f3b2a91c1b7d4a50a4c2e8d3b1f07e21";
    static final String CALLER = "62826bf03710200044e0bfc8bcbe5df1";
    static final String GROUP = "a715cd759f2002002920bde8132e7018";
    static final String DEFAULT_CALLER = "0a826bf03710200044e0bfc8bcbe5d3c";
    static final TicketDefaults DEFAULTS = new TicketDefaults(GROUP, DEFAULT_CALLER, "security", "malware", null);

    private SnowFixtures() {
    }

    static String fixture(String name) {
        try (InputStream in = SnowFixtures.class.getResourceAsStream("/fixtures/servicenow/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture as an editable JSON object. */
    static ObjectNode fixtureJson(String name) {
        try {
            return (ObjectNode) Json.mapper().readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String fixture, String field) {
        return fixtureJson(fixture).get(field).asText();
    }

    static HttpSettings settings(String baseUrl) {
        return new HttpSettings(baseUrl, Duration.ofSeconds(2), Duration.ofMillis(1000), null, true);
    }

    static ServiceNowTicketing basic(String baseUrl) {
        return new ServiceNowTicketing(ServiceNowConfig.basic(settings(baseUrl), USER, PASSWORD, DEFAULTS));
    }

    static ServiceNowTicketing oauth(String baseUrl, Clock clock) {
        return new ServiceNowTicketing(ServiceNowConfig.oauth(settings(baseUrl), CLIENT_ID, CLIENT_SECRET, USER,
                PASSWORD, DEFAULTS), clock);
    }
}

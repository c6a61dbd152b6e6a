package io.irflow.adapters.threatresponse;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** Fixtures and stubs shared by the Threat Response tests. */
final class TrFixtures {
    static final String CLIENT_ID = "client-91743ba3";
    static final String SECRET = "not-a-real-password";
    static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    static final String TOKEN_PATH = "/iroh/oauth2/token";
    static final String DELIBERATE = "/iroh/iroh-enrich/deliberate/observables";
    static final String OBSERVE = "/iroh/iroh-enrich/observe/observables";
    static final String INSPECT = "/iroh/iroh-inspect/inspect";

    private TrFixtures() {
    }

    static String fixture(String name) {
        try (InputStream in = TrFixtures.class.getResourceAsStream("/fixtures/threatresponse/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bearer header the docs-example token produces. */
    static String bearer() {
        try {
            return "Bearer " + Json.mapper().readTree(fixture("oauth2-token-response-docs-example.json"))
                    .get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void stubToken(WireMockExtension wm, String path) {
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(okJson(fixture("oauth2-token-response-docs-example.json"))));
    }

    static void stubPost(WireMockExtension wm, String path, String fixtureName) {
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(okJson(fixture(fixtureName))));
    }
}

package io.irflow.adapters.amp;

import io.irflow.adapters.HttpSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/** Fixture loading and adapter construction shared by the AMP tests. */
final class AmpFixtures {
    static final String CLIENT_ID = "amp-client-id";
    static final String API_KEY = "amp-secret-key";
    static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + API_KEY).getBytes(StandardCharsets.UTF_8));
    static final String CONSOLE = "https://console.amp.example.com";
    /** Fixed "now": threat events are asked for from 30 days before it. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T08:00:00Z"), ZoneOffset.UTC);
    static final String START_DATE = "2024-04-10T08:00:00+00:00";

    private AmpFixtures() {
    }

    /** A fixture from /fixtures/amp on the classpath. */
    static String fixture(String name) {
        try (InputStream in = AmpFixtures.class.getResourceAsStream("/fixtures/amp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture whose absolute AMP links point at the test server, as the real API's links point at its own host. */
    static String fixtureOn(String name, String baseUrl) {
        return fixture(name).replace("https://api.amp.cisco.com", baseUrl);
    }

    static AmpConfig config(String baseUrl) {
        return config(baseUrl, Duration.ofSeconds(5));
    }

    static AmpConfig config(String baseUrl, Duration readTimeout) {
        HttpSettings http = new HttpSettings(baseUrl, Duration.ofSeconds(2), readTimeout, null, true);
        return new AmpConfig(http, CONSOLE, CLIENT_ID, API_KEY);
    }

    static AmpEnrichment adapter(String baseUrl) {
        return new AmpEnrichment(config(baseUrl), CLOCK);
    }
}

package io.irflow.adapters.umbrella;

import io.irflow.adapters.HttpSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Fixture loading and config building shared by the Umbrella blocking tests. */
final class UmbrellaFixtures {
    static final String CUSTOMER_KEY = "0f1e2d3c-aaaa-bbbb-cccc-customerkey01";
    static final String CLIENT_ID = "umbrella-key-id";
    static final String CLIENT_SECRET = "umbrella-secret-value";
    static final String LIST_ID = "5798992";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T14:25:11.734Z"), ZoneOffset.UTC);

    private UmbrellaFixtures() {
    }

    static String fixture(String name) {
        try (InputStream in = UmbrellaFixtures.class.getResourceAsStream("/fixtures/umbrella-enforcement/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpSettings settings(String base, Duration readTimeout) {
        return new HttpSettings(base, Duration.ofSeconds(2), readTimeout, null, true);
    }

    static UmbrellaConfig enforcement(String base) {
        return new UmbrellaConfig(settings(base, Duration.ofSeconds(5)), CUSTOMER_KEY, null, null, null, null);
    }

    static UmbrellaConfig v2(String base) {
        return new UmbrellaConfig(null, null, settings(base, Duration.ofSeconds(5)), CLIENT_ID, CLIENT_SECRET, LIST_ID);
    }
}

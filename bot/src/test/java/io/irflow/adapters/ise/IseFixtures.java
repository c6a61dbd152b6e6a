package io.irflow.adapters.ise;

import io.irflow.adapters.HttpSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Fixture loading and config building shared by the ISE tests. */
final class IseFixtures {
    static final String ERS_USER = "ers-operator";
    static final String ERS_PASS = "ers-secret";
    static final String MNT_USER = "mnt-local";
    static final String MNT_PASS = "mnt-secret";

    private IseFixtures() {
    }

    static String fixture(String name) {
        try (InputStream in = IseFixtures.class.getResourceAsStream("/fixtures/ise/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpSettings settings(String base) {
        return new HttpSettings(base, Duration.ofSeconds(2), Duration.ofSeconds(3), null, true);
    }

    static IseConfig config(String ersBase, String mntBase, String ancPolicy) {
        return new IseConfig(settings(ersBase), settings(mntBase), ERS_USER, ERS_PASS, MNT_USER, MNT_PASS, ancPolicy);
    }
}

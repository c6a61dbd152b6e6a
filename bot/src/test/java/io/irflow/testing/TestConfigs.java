package io.irflow.testing;

import io.irflow.app.Tuning;
import io.irflow.config.AppConfig;
import io.irflow.config.ConfigException;
import io.irflow.app.Products;
import io.irflow.webex.RetryPolicy;

import java.time.Duration;
import java.util.Map;

/** Config and tuning for tests: the contract's YAML keys, pointed at stubs, with short retry waits. */
public final class TestConfigs {
    public static final String SECRET = "test-webhook-secret";

    private TestConfigs() {
    }

    /**
     * A config on a free port with Webex at the given URL; extra YAML is appended as-is. Unless it has its own
     * {@code security:} and {@code storage:} sections, alice@example.com is the one responder and the database is a
     * fresh in-memory H2.
     */
    public static AppConfig bot(String webexUrl, String extraYaml) {
        return bot(webexUrl, "", extraYaml);
    }

    /** As {@link #bot(String, String)}, with extra lines in the {@code webex:} section (each indented two spaces). */
    public static AppConfig bot(String webexUrl, String webexLines, String extraYaml) {
        String yaml = """
                server:
                  port: 0
                webex:
                  url: "%s"
                  token: "test-token"
                  webhook_secret: "%s"
                  irt_room: "%s"
                """.formatted(webexUrl, SECRET, WebexStub.ROOM) + webexLines
                + (extraYaml.contains("security:") ? "" : "security:\n  responders: [\"alice@example.com\"]\n")
                + (extraYaml.contains("storage:") ? "" : "storage:\n  url: " + memoryDatabase() + "\n") + extraYaml;
        try {
            return Products.configLoader(Map.of()).parse(yaml);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A fresh in-memory H2 database that lives as long as the JVM. */
    public static String memoryDatabase() {
        return "jdbc:h2:mem:irflow-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * Fast retries so failure tests take milliseconds. Containment verification reads the products only after 10 min,
     * so flows that are not about verification see no extra product reads or posts (verify/VerificationEndToEndTest
     * shortens it).
     */
    public static Tuning fastTuning() {
        return new Tuning(4, 100, fastIntake(), new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(5)), fastSocket())
                .withVerifyFirstPoll(Duration.ofMinutes(10));
    }

    /** Intake timings for tests: 2 s leases, a claim poll every 100 ms, 3 attempts, retries after 500 ms. */
    public static io.irflow.webex.webhook.EventIntake.Settings fastIntake() {
        return new io.irflow.webex.webhook.EventIntake.Settings(Duration.ofSeconds(2), Duration.ofMillis(100), 3,
                Duration.ofMillis(500));
    }

    /** Socket timings for tests: pings every 300 ms, reconnects from 200 ms doubling to 3.2 s. */
    public static io.irflow.webex.socket.WebexSocket.Settings fastSocket() {
        return new io.irflow.webex.socket.WebexSocket.Settings(Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofMillis(3200), Duration.ofMinutes(2),
                Duration.ofHours(24));
    }
}

package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Card snapshots under {@code src/test/resources/snapshots/cards/}. Run with {@code -Dsnapshots.update=true} to
 * rewrite them, then review the diff.
 */
public final class Snapshots {
    private static final Path DIR = Path.of("src/test/resources/snapshots/cards");

    private Snapshots() {
    }

    /** Asserts the card equals its stored snapshot (or stores it when updating). */
    public static void assertMatches(String name, JsonNode card) {
        Path file = DIR.resolve(name + ".json");
        try {
            String actual = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(card) + "\n";
            if (Boolean.getBoolean("snapshots.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual);
                return;
            }
            assertThat(file).as("snapshot %s missing; run with -Dsnapshots.update=true", file).exists();
            assertThat(Json.mapper().readTree(actual)).isEqualTo(Json.mapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

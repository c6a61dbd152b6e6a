package io.irflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files at the repository root (README.md, config.sample.yml, docs/) for tests that check them. Maven runs each
 * module's tests in the module's directory and passes the root as the system property {@code irflow.root} (see the
 * parent pom); without it, the nearest directory up from the working directory that holds {@code .mvn/}.
 */
public final class RepoRoot {
    private RepoRoot() {
    }

    /** A path relative to the repository root, e.g. {@code README.md}. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    private static Path root() {
        String property = System.getProperty("irflow.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn"))) {
                return dir;
            }
        }
        return Path.of("");
    }
}

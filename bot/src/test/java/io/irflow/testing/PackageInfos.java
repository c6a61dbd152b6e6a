package io.irflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds source packages without a {@code package-info.java} (each module's architecture test checks its own). */
public final class PackageInfos {
    private PackageInfos() {
    }

    /** The directories below a source root that hold Java files but no {@code package-info.java}. */
    public static List<Path> missingBelow(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java")))
                    .toList();
        }
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

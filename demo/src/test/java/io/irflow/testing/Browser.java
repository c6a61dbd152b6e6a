package io.irflow.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the browser tests need: Debian's Chromium and the npm packages in {@code web/}. Skips locally, fails in CI. */
public final class Browser {
    private Browser() {
    }

    /** Checks Chromium and playwright-core are present (CI=true: fails when they are not, since .ci/run installs them). */
    public static void requireChromiumAndPlaywright() {
        require(new File(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")).canExecute(), "no Chromium");
        require(Files.isDirectory(Path.of("web/node_modules/playwright-core")), "npm packages not installed in web/");
    }

    /** Skips locally, fails in CI. */
    public static void require(boolean present, String missing) {
        if (System.getenv("CI") != null) {
            assertThat(present).as(missing + " (CI must install it: see .ci/run)").isTrue();
        }
        assumeTrue(present, missing);
    }
}

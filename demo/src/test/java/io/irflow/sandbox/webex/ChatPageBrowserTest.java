package io.irflow.sandbox.webex;

import io.irflow.testing.Browser;

import io.irflow.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code web/browser-test.mjs} (playwright-core + Debian's Chromium) against the stand-in, the page and the bot:
 * "help" in the direct room must come back as a rendered card; the screenshot is {@code target/demo-help.png}.
 * Skipped on a developer machine where Chromium, Node or the npm packages are missing; in CI ({@code CI=true}) a
 * missing piece fails the test, because .ci/run installs them.
 */
class ChatPageBrowserTest {
    @Test
    void help_in_the_direct_room_renders_the_bots_card() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Browser.require(new File(chromium).canExecute(), "no Chromium at " + chromium);
        Browser.require(Files.isDirectory(Path.of("web/node_modules/playwright-core")), "npm packages not installed in web/");
        Browser.require(getClass().getResource("/sandbox/web/vendor/adaptivecards.min.js") != null, "vendor files not bundled");
        try (StandInBot all = new StandInBot(0, TestConfigs.fastTuning())) {
            Process p = new ProcessBuilder("node", "web/browser-test.mjs", all.baseUrl(), "--send", "help", "--expect", "/status",
                    "--screenshot", "target/demo-help.png").redirectErrorStream(true).start();
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
            }
            assertThat(done).as("browser test finished in time: %s", out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(Path.of("target/demo-help.png")).exists();
        }
    }
}

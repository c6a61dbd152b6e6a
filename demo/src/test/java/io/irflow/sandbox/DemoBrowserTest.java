package io.irflow.sandbox;

import io.irflow.testing.Browser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as a newcomer sees it, in headless Chromium: {@code web/demo-test.mjs} investigates the infected host,
 * checks the rendered card, presses Quarantine, confirms, sees the host quarantined, sees the host's IP card show
 * irflow's quarantine with Unquarantine, quarantines WKS-HR-007 as a dry run ("Dry run" on the confirmation and the
 * result) and then {@code --for 4h} ({@code /contained} says it expires in 4 h), sees the proactive AMP alert arrive
 * in the response room with its buttons,
 * investigates {@code web01} (two computers in AMP), sees the "Which computer?" card, chooses one and sees its host card, and
 * downloads the report of the incident opened from that alert, whose first containment is the quarantine. Screenshots land in
 * {@code target/}, among them {@code demo-quarantined.png} and {@code demo-which-computer.png}; the floor map that
 * follows the host's card and the report's timeline chart go to {@code target/screenshots/floor-map.png} and
 * {@code target/screenshots/report-chart.png}, the 4 h quarantine's confirmation card and its {@code /contained} row to
 * {@code target/screenshots/confirm-card.png} and {@code target/screenshots/contained-expiry.png}; the host card's
 * first screen (to its last button, Details folded) must fit in 400 px, and {@code target/screenshots/host-card.png}
 * and {@code alert-card.png} show the two cards alone.
 */
class DemoBrowserTest {
    /** Once as {@code demo}, once as {@code demo --websocket}: the page cannot tell the difference. */
    @ParameterizedTest(name = "websocket={0}")
    @ValueSource(booleans = {false, true})
    void investigate_the_infected_host_then_quarantine_it_from_the_card(boolean websocket) throws Exception {
        Browser.requireChromiumAndPlaywright();
        try (Demo demo = Demo.start(0, websocket)) {
            Process p = new ProcessBuilder("node", "web/demo-test.mjs", "http://127.0.0.1:" + demo.port())
                    .redirectErrorStream(true).start();
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
            }
            assertThat(done).as("browser scenario finished in time: %s", out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("investigation card rendered", "host is reported quarantined", "alert for WKS-FIN-042 arrived",
                    "created the incident room", "IP shows Quarantined by alice@acme.example with Unquarantine",
                    "names the quarantine done before the incident as its first containment",
                    "/investigate web01 asks which computer", "/quarantine web01 is refused, naming both computers",
                    "choosing web01.dmz.example.com shows that host's card",
                    "the floor map of wks-fin-042 follows its card", "/report posts the incident's timeline chart",
                    "--dry-run shows Dry run on the confirmation and the result",
                    "/contained shows it expires in 4 h", "--for 4h shows the Impact preview",
                    "the quarantine of WKS-HR-007 is verified in its thread");
            assertThat(Path.of("target/demo-quarantined.png")).exists();
            assertThat(Path.of("target/screenshots/floor-map.png")).exists();
            assertThat(Path.of("target/screenshots/report-chart.png")).exists();
            java.util.regex.Matcher height = java.util.regex.Pattern.compile("host card first screen height: (\\d+) px")
                    .matcher(out);
            assertThat(height.find()).as(out).isTrue();
            System.out.println("host card first screen: " + height.group(1) + " px");
            assertThat(Integer.parseInt(height.group(1))).as("the host card's first screen, in px at 1280 x 900")
                    .isLessThanOrEqualTo(400);
            assertThat(Path.of("target/screenshots/host-card.png")).exists();
            assertThat(Path.of("target/screenshots/alert-card.png")).exists();
            assertThat(Path.of("target/screenshots/confirm-card.png")).exists();
            assertThat(Path.of("target/screenshots/contained-expiry.png")).exists();
            assertThat(Path.of("target/screenshots/verified.png")).exists();
        }
    }
}

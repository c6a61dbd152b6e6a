package io.irflow.incidents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.app.AppWiring;
import io.irflow.pictures.Png;
import io.irflow.testing.Fixtures;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /report} end to end: beside the Markdown and HTML files, the incident's timeline chart as a PNG upload. */
class ReportChartEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String INCIDENT_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM",
            "c00d1a7e-0000-4000-8000-00000000c4a7");
    private static final AtomicInteger IDS = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void start() {
        webex.bot("irflow");
        webex.person(WebexStub.ANALYST, WebexStub.ANALYST_EMAIL);
        ObjectNode room = Fixtures.json("fixtures/webex/rooms/openapi-create-room-response.json");
        room.put("id", INCIDENT_ROOM);
        wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(okJson(Fixtures.write(room))));
        wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(okJson(
                Fixtures.text("fixtures/webex/memberships/openapi-create-membership-response.json"))));
        bot = AppWiring.start(TestConfigs.bot(webex.url(), ""), TestConfigs.fastTuning());
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private void say(String roomId, String text) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "chart-" + IDS.incrementAndGet());
        IncidentWire.stubMessage(webex, id, roomId, text);
        assertThat(webhooks.deliver(url, SignedWebhooks.message(id, roomId, "group", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL))).isEqualTo(200);
    }

    @Test
    void the_report_comes_with_a_timeline_chart_png() throws Exception {
        String id = "IR-" + Year.now(ZoneOffset.UTC).getValue() + "-0001";
        say(WebexStub.ROOM, "/incident open Phishing wave on finance");
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.posted().stream().anyMatch(p ->
                p.path("roomId").asText().equals(INCIDENT_ROOM)));

        say(INCIDENT_ROOM, "/report");

        await().atMost(Duration.ofSeconds(10)).until(() -> webex.uploads().size() >= 3);
        LoggedRequest chart = webex.uploads().stream()
                .filter(r -> WebexStub.field(r, "markdown").startsWith("Timeline")).findFirst().orElseThrow();
        assertThat(WebexStub.field(chart, "roomId")).isEqualTo(INCIDENT_ROOM);
        assertThat(WebexStub.field(chart, "markdown")).isEqualTo("Timeline of **" + id + "** (chart)");
        Request.Part file = chart.getParts().stream().filter(p -> p.getName().equals("files")).findFirst()
                .orElseThrow();
        assertThat(file.getHeader("Content-Type").firstValue()).isEqualTo("image/png");
        assertThat(file.getHeader("Content-Disposition").firstValue()).contains("filename=\"" + id + "-timeline.png\"");
        byte[] png = file.getBody().asBytes();
        BufferedImage img = Png.decode(png).orElseThrow();
        assertThat(img.getWidth()).isGreaterThan(600);
        Path out = Path.of("target/screenshots/report-chart-e2e.png");
        Files.createDirectories(out.getParent());
        Files.write(out, png);
    }
}

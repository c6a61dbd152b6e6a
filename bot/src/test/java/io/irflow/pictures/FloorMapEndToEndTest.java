package io.irflow.pictures;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.app.AppWiring;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /investigate} of a host CMX locates, end to end: the card, then in its thread one PNG upload of the floor
 * with the host drawn on it; and when CMX has no image, refuses, or is slower than the investigation's deadline, the
 * card alone, on time.
 */
class FloorMapEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40)).build();

    private static final String LOOKUPS = """
            lookups:
              timeout: 2s
              deadline: 3s
            """;
    /** The floor image the shared CMX fixture names (location-v2-clients-by-ip.json). */
    private static final String IMAGE = "/cmx/api/config/v1/maps/imagesource/domain_0_1554393871146.png";
    private static final AtomicInteger MESSAGES = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void start() {
        webex.bot("irflow");
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private void boot() {
        ProductStubs products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl());
        bot = AppWiring.start(TestConfigs.bot(webex.url(), LOOKUPS + products.yaml()), TestConfigs.fastTuning());
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        wm.resetRequests();
    }

    /** A grey 1048×594 floor plan (half the fixture's 2096×1188), as CMX would serve it. */
    static byte[] floorPlan() {
        BufferedImage img = new BufferedImage(1048, 594, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(235, 235, 235));
        g.fillRect(0, 0, 1048, 594);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(10, 10, 1028, 574);
        g.dispose();
        return Png.encode(img);
    }

    private String send(String text) {
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("ciscospark://us/MESSAGE/floor-" + MESSAGES.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        webex.message("capture-message-direct-user.json", id, "direct", text);
        assertThat(webhooks.deliver(url, SignedWebhooks.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL))).isEqualTo(200);
        return id;
    }

    private static Request.Part part(LoggedRequest r, String name) {
        return r.getParts().stream().filter(p -> name.equals(p.getName())).findFirst().orElseThrow();
    }

    @Test
    void a_located_host_gets_its_card_then_one_floor_map_png_in_the_cards_thread() throws Exception {
        wm.stubFor(get(urlEqualTo(IMAGE)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                .withBody(floorPlan())));
        boot();

        String asked = send("/i " + ProductStubs.HOST_IP);

        await().atMost(Duration.ofSeconds(8)).until(() -> webex.uploads().size() == 1);
        JsonNode card = webex.posted().get(0);
        assertThat(card.path("parentId").asText()).isEqualTo(asked);
        LoggedRequest upload = webex.uploads().get(0);
        assertThat(WebexStub.field(upload, "roomId")).isEqualTo(WebexStub.ROOM);
        assertThat(WebexStub.field(upload, "parentId")).as("threaded with the card").isEqualTo(asked);
        assertThat(WebexStub.field(upload, "markdown")).startsWith("Floor map: ")
                .contains("HQ Campus \\> Building 2 \\> Floor 3", "±48 ft (approximate)");
        Request.Part file = part(upload, "files");
        assertThat(file.getHeader("Content-Type").firstValue()).isEqualTo("image/png");
        assertThat(file.getHeader("Content-Disposition").firstValue()).contains("filename=\"floor-")
                .contains(".png\"");
        byte[] png = file.getBody().asBytes();
        BufferedImage drawn = Png.decode(png).orElseThrow();
        assertThat(drawn.getWidth()).isEqualTo(1048);
        // 131.27 ft of 262 ft across, 58.94 ft of 148.5 ft down: (525, 236) on the 1048×594 plan.
        Color dot = new Color(drawn.getRGB(525, 236));
        assertThat(dot.getRed()).isGreaterThan(180);
        assertThat(dot.getGreen()).isLessThan(90);
        wm.verify(1, getRequestedFor(urlEqualTo(IMAGE)).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(ProductStubs.basic(ProductStubs.CMX_USER,
                        ProductStubs.CMX_PASSWORD))));
        Path out = Path.of("target/screenshots/floor-map-e2e.png");
        Files.createDirectories(out.getParent());
        Files.write(out, png);

        Thread.sleep(500);
        assertThat(webex.uploads()).as("once per investigation").hasSize(1);
    }

    @Test
    void a_thread_webex_refuses_for_the_file_falls_back_to_the_room() throws Exception {
        wm.stubFor(get(urlEqualTo(IMAGE)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                .withBody(floorPlan())));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/messages")).atPriority(1)
                .withMultipartRequestBody(com.github.tomakehurst.wiremock.client.WireMock.aMultipart("parentId"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Invalid parentId\",\"trackingId\":\"T1\"}")));
        boot();

        send("/i " + ProductStubs.HOST_IP);

        await().atMost(Duration.ofSeconds(8)).until(() -> webex.uploads().size() == 2);
        assertThat(WebexStub.field(webex.uploads().get(1), "parentId")).isNull();
        assertThat(WebexStub.field(webex.uploads().get(1), "roomId")).isEqualTo(WebexStub.ROOM);
    }

    @Test
    void no_image_at_cmx_means_the_card_alone() throws Exception {
        wm.stubFor(get(urlEqualTo(IMAGE)).willReturn(aResponse().withStatus(404)));
        boot();

        send("/i " + ProductStubs.HOST_IP);

        await().atMost(Duration.ofSeconds(8)).until(() -> webex.posted().size() == 1
                && !wm.findAll(getRequestedFor(urlEqualTo(IMAGE))).isEmpty());
        Thread.sleep(500);
        assertThat(webex.uploads()).isEmpty();
        assertThat(webex.posted().get(0).path("attachments").get(0).path("content").toString())
                .contains("Position", "131.3, 58.9 ft");
    }

    @Test
    void refused_credentials_for_the_image_mean_the_card_alone() throws Exception {
        wm.stubFor(get(urlEqualTo(IMAGE)).willReturn(aResponse().withStatus(401)));
        boot();

        send("/i " + ProductStubs.HOST_IP);

        await().atMost(Duration.ofSeconds(8)).until(() -> webex.posted().size() == 1
                && !wm.findAll(getRequestedFor(urlEqualTo(IMAGE))).isEmpty());
        Thread.sleep(500);
        assertThat(webex.uploads()).isEmpty();
    }

    @Test
    void an_image_slower_than_the_deadline_never_delays_the_card_and_is_dropped() throws Exception {
        wm.stubFor(get(urlEqualTo(IMAGE)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                .withBody(floorPlan()).withFixedDelay(6000)));
        boot();
        long start = System.nanoTime();

        send("/i " + ProductStubs.HOST_IP);

        await().atMost(Duration.ofSeconds(8)).until(() -> webex.posted().size() == 1);
        // The image would answer after 6 s; the card comes within the investigation's 3 s deadline (plus slack for a
        // loaded machine), so it never waited for the picture.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the card does not wait for the picture")
                .isLessThan(Duration.ofMillis(5500));
        Thread.sleep(4000);
        assertThat(webex.uploads()).as("the 3 s deadline passed: no picture").isEmpty();
    }

    @Test
    void a_host_without_a_position_gets_no_picture_and_cmx_maps_are_not_asked() throws Exception {
        boot();

        send("/i " + ProductStubs.DOMAIN);

        await().atMost(Duration.ofSeconds(8)).until(() -> webex.posted().size() == 1);
        Thread.sleep(300);
        assertThat(webex.uploads()).isEmpty();
        wm.verify(0, getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                "/cmx/api/config/.*")));
    }
}

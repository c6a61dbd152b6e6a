package io.irflow.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.json.Json;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic quarantine from {@code POST /alerts}, end to end: the bot started with {@link AppWiring#start}, Webex, ISE
 * (ERS and MnT) and AMP played by one WireMock ({@link ProductStubs}: ISE's session and AMP's computer are the Kovter
 * demo host, {@code Demo-Kovter}, {@value ProductStubs#HOST_IP}, {@value ProductStubs#HOST_MAC}). Every write request
 * to a product is counted, and each one checks that the alert was already in the database when it arrived.
 */
class InboundAutoQuarantineTest {
    /** Runs before WireMock matches each request: product writes record whether the alert was stored by then. */
    static final class WriteWatcher implements ServeEventListener {
        static volatile BooleanSupplier recorded = () -> false;
        static final List<Boolean> recordedAtWrite = new CopyOnWriteArrayList<>();

        @Override
        public void beforeMatch(ServeEvent event, Parameters parameters) {
            if (isProductWrite(event.getRequest())) {
                recordedAtWrite.add(recorded.getAsBoolean());
            }
        }

        @Override
        public String getName() {
            return "write-watcher";
        }
    }

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(new WriteWatcher())).build();

    private static final String SECRET = "inbound-hmac-secret-77ab";
    private static final String APPLY = "/ise-ers/ers/config/ancendpoint/apply";
    private static final String CSRF = "csrf-inbound-auto";
    private static final String SOURCE = "inbound:siem";
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String MAC = ProductStubs.HOST_MAC;

    private final WebexStub webex = new WebexStub(wm);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ProductStubs products;
    private AppWiring.Bot bot;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        webex.person(ALICE, ALICE_EMAIL);
        products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl());
        products.stubAll();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(Fixtures.text("fixtures/ise/ers-ancendpoint-list-empty.json"))
                        .withHeader("X-CSRF-Token", CSRF)));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
        WriteWatcher.recordedAtWrite.clear();
    }

    @AfterEach
    void stop() {
        WriteWatcher.recorded = () -> false;
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void with_auto_quarantine_on_an_inbound_alert_still_acts_on_nothing_unless_auto_quarantine_inbound_is_set() {
        start("auto_quarantine: true", "never_quarantine: []");

        assertThat(send(alert("siem-1", "Demo-Kovter", ProductStubs.HOST_IP, MAC)).status()).isEqualTo(202);

        JsonNode card = alertCard();
        assertThat(CardText.titles(card)).contains("Quarantine Demo-Kovter");
        assertThat(CardText.plain(card)).doesNotContainIgnoringCase("automatic");
        assertThat(productWrites()).isEmpty();
    }

    @ParameterizedTest(name = "the alert names {0}")
    @CsvSource(delimiter = '|', value = {
            "its MAC only                | ''          | ''           | E6-E7-C3-E1-8A-C4",
            "its IP only                 | ''          | 40.116.21.42 | ''",
            "host name, IP and MAC       | Demo-Kovter | 40.116.21.42 | e6e7.c3e1.8ac4"})
    void with_auto_quarantine_inbound_the_recorded_alert_quarantines_the_host_the_products_name(
            String what, String hostname, String ip, String mac) {
        start("auto_quarantine: true", "auto_quarantine_inbound: true", "never_quarantine: [\"SRV-*\", \"10.30.0.0/24\"]");

        assertThat(send(alert("siem-2", hostname, ip, mac)).status()).isEqualTo(202);

        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)).withHeader("X-CSRF-TOKEN", equalTo(CSRF)));
        assertThat(productWrites()).hasSize(1).allSatisfy(r ->
                assertThat(r.getBodyAsString()).contains(MAC.toUpperCase()));
        assertThat(WriteWatcher.recordedAtWrite).as("the alert was stored before ISE was asked").containsExactly(true);
        JsonNode card = alertCard();
        assertThat(CardText.plain(card)).contains("Quarantined automatically by irflow (ISE)");
        assertThat(CardText.titles(card)).contains("Undo quarantine").noneMatch(t -> t.startsWith("Quarantine"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "MAC, Windows form vs Cisco form  | E6-E7-C3-E1-8A-C4 | ''           | e6e7.c3e1.8ac4",
            "MAC prefix                       | e6:e7:c3:*        | ''           | E6:E7:C3:E1:8A:C4",
            "host name ISE+AMP give an IP     | demo-kovter       | 40.116.21.42 | ''",
            "host name ISE+AMP give a MAC     | DEMO-KOVTER       | ''           | e6:e7:c3:e1:8a:c4",
            "IP ISE gives a MAC               | 40.116.21.0/24    | ''           | e6:e7:c3:e1:8a:c4"})
    void never_quarantine_is_checked_against_what_the_products_know_of_the_host(String what, String entry, String ip,
                                                                               String mac) {
        start("auto_quarantine: true", "auto_quarantine_inbound: true", "never_quarantine: [\"" + entry + "\"]");

        assertThat(send(alert("siem-3", "", ip, mac)).status()).isEqualTo(202);

        JsonNode card = alertCard();
        assertThat(CardText.plain(card)).contains("matches never_quarantine entry " + entry + ".");
        assertThat(productWrites()).isEmpty();
    }

    @Test
    void when_no_product_can_say_who_the_host_is_it_is_not_quarantined_and_the_card_keeps_its_buttons() {
        start("auto_quarantine: true", "auto_quarantine_inbound: true", "never_quarantine: [\"SRV-*\"]");
        products.down(ProductStubs.Product.ISE_MNT);

        assertThat(send(alert("siem-4", "", "", MAC)).status()).isEqualTo(202);

        JsonNode card = alertCard();
        assertThat(CardText.plain(card)).contains("Automatic quarantine skipped: irflow could not confirm who this host is");
        assertThat(CardText.titles(card)).contains("Investigate", "Quarantine " + MAC);
        assertThat(productWrites()).isEmpty();
    }

    @Test
    void with_require_approval_an_approval_card_is_posted_instead_and_a_responder_approves_it() {
        start("""
                security:
                  responders: ["alice@example.com"]
                  require_approval: true
                """, "auto_quarantine: true", "auto_quarantine_inbound: true", "never_quarantine: [\"SRV-*\"]");

        assertThat(send(alert("siem-5", "Demo-Kovter", ProductStubs.HOST_IP, MAC)).status()).isEqualTo(202);

        assertThat(CardText.plain(alertCard())).contains("waits for a responder's approval");
        await().atMost(Duration.ofSeconds(10)).until(() -> approvalCards().size() == 1);
        JsonNode approval = approvalCards().get(0);
        assertThat(CardText.plain(approval)).contains("Approval needed", AlertPipeline.AUTO_ACTOR, MAC);
        assertThat(CardText.titles(approval)).containsExactly("Approve", "Cancel");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> productWrites().isEmpty());

        String ref = CardText.submits(approval).get(0).path("data").path("ref").asText();
        press(ref);

        await().atMost(Duration.ofSeconds(10)).until(() -> productWrites().size() == 1);
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
    }

    @Test
    void an_alert_the_database_cannot_record_is_refused_and_nothing_is_asked_of_any_product() throws SQLException {
        start("auto_quarantine: true", "auto_quarantine_inbound: true", "never_quarantine: []");
        try (Connection c = bot.database().dataSource().getConnection()) {
            c.createStatement().execute("ALTER TABLE alert_seen RENAME TO alert_seen_gone");
        }
        int before = productRequests().size();

        InboundAlertsTest.Response r = send(alert("siem-6", "Demo-Kovter", ProductStubs.HOST_IP, MAC));

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("error").asText()).isEqualTo("could not record the alert; retry later");
        assertThat(productRequests()).hasSize(before);
        assertThat(productWrites()).isEmpty();
    }

    // --- helpers

    private void start(String... alertLines) {
        String security = alertLines[0].startsWith("security:") ? alertLines[0] : "";
        StringBuilder alerts = new StringBuilder("alerts:\n  inbound_secret: \"" + SECRET + "\"\n  posts_per_second: 50\n");
        for (String line : alertLines) {
            if (!line.startsWith("security:")) {
                alerts.append("  ").append(line).append('\n');
            }
        }
        bot = AppWiring.start(TestConfigs.bot(webex.url(), "lookups:\n  timeout: 2s\n  deadline: 3s\n" + alerts
                + products.yaml() + security), TestConfigs.fastTuning());
        AlertSourceStore store = new AlertSourceStore(bot.database().dataSource());
        WriteWatcher.recorded = () -> store.sources(java.time.Instant.EPOCH).stream()
                .anyMatch(s -> s.source().equals(SOURCE) && s.seenToday() > 0);
    }

    private static String alert(String id, String hostname, String ip, String mac) {
        ObjectNode a = Json.mapper().createObjectNode().put("id", id).put("source", "siem").put("title", "Executed Malware")
                .put("severity", "high");
        ObjectNode host = a.putObject("host");
        if (!hostname.isBlank()) {
            host.put("hostname", hostname);
        }
        if (!ip.isBlank()) {
            host.put("ip", ip);
        }
        if (!mac.isBlank()) {
            host.put("mac", mac);
        }
        return a.toString();
    }

    private InboundAlertsTest.Response send(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/alerts"))
                .header("Content-Type", "application/json")
                .header("X-Irflow-Signature", InboundAlertsTest.signature(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new InboundAlertsTest.Response(r.statusCode(), Json.mapper().readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A responder presses Approve on the approval card in the room. */
    private void press(String ref) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "inbound-auto-approve");
        String message = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "inbound-auto-approval-card");
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", message).put("personId", ALICE).put("roomId", WebexStub.ROOM);
        a.putObject("inputs").put("action", "contain.confirm").put("ref", ref);
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        int status = new SignedWebhooks(TestConfigs.SECRET).deliver("http://127.0.0.1:" + bot.port() + "/webhooks/webex",
                SignedWebhooks.cardAction(id, message, WebexStub.ROOM, ALICE));
        assertThat(status).isEqualTo(200);
    }

    /** The one alert card posted (checked valid), once the publisher sent it. */
    private JsonNode alertCard() {
        await().atMost(Duration.ofSeconds(10)).until(() -> cards("**Alert:**").size() == 1);
        return cards("**Alert:**").get(0);
    }

    private List<JsonNode> approvalCards() {
        return cards(AlertPipeline.AUTO_ACTOR + " confirmed");
    }

    private List<JsonNode> cards(String markdownStart) {
        return webex.posted().stream().filter(p -> p.has("attachments")
                && p.path("markdown").asText().startsWith(markdownStart)).map(p -> {
                    ObjectNode content = (ObjectNode) p.path("attachments").path(0).path("content");
                    CardValidator.assertValid(new Card(content, p.path("markdown").asText()));
                    return (JsonNode) content;
                }).toList();
    }

    private static List<LoggedRequest> productRequests() {
        return wm.findAll(WireMock.anyRequestedFor(WireMock.anyUrl())).stream()
                .filter(r -> !r.getUrl().startsWith("/v1/")).toList();
    }

    /** Every request that could change something in ISE or AMP. */
    private static List<LoggedRequest> productWrites() {
        return wm.findAll(WireMock.anyRequestedFor(WireMock.anyUrl())).stream().filter(InboundAutoQuarantineTest::isProductWrite)
                .toList();
    }

    private static boolean isProductWrite(com.github.tomakehurst.wiremock.http.Request r) {
        return !r.getMethod().getName().equals("GET") && (r.getUrl().startsWith("/ise-ers")
                || r.getUrl().startsWith("/ise-mnt") || r.getUrl().startsWith("/amp"));
    }
}

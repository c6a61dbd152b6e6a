package io.irflow.contain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import io.irflow.testing.EventChannel;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.testing.ProductStubs.DOMAIN;
import static io.irflow.testing.ProductStubs.HOST;
import static io.irflow.testing.ProductStubs.HOST_GUID;
import static io.irflow.testing.ProductStubs.HOST_IP;
import static io.irflow.testing.ProductStubs.HOST_MAC;
import static io.irflow.testing.ProductStubs.HOST_NAME_IN_AMP;
import static io.irflow.testing.ProductStubs.SHA256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger is the truth for what irflow did (issue 14, point 2), end to end through signed webhooks: after a
 * quarantine, investigating the host again WITHOUT {@code --fresh} (by name, by IP, and a hash and a domain whose AMP
 * answer names the computer) shows "Quarantined by … at …" with Unquarantine and no Quarantine button, and the
 * products are asked again (the cache was dropped for every identifier of the host); after the undo, the next
 * investigation shows the host not contained and offers Quarantine again. The test host is the harness's AMP demo
 * computer ({@link ProductStubs#HOST}), standing in for the demo's WKS-FIN-042.
 */
class LedgerEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(60)).build();

    private static final String LOOKUPS = """
            lookups:
              timeout: 2s
              deadline: 3s
            """;
    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String CARD_MESSAGE = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE",
            "c0ffee00-1234-4321-8888-000000000002");
    private static final String APPLY = "/ise-ers/ers/config/ancendpoint/apply";
    private static final String CLEAR = "/ise-ers/ers/config/ancendpoint/clear";
    private static final String CSRF = "csrf-e2e-ledger";
    private static final String ISE_BY_IP = "/ise-mnt/admin/API/mnt/Session/EndPointIPAddress/" + HOST_IP;
    private static final String AMP_ACTIVITY = "/amp/v1/computers/activity";
    private static final AtomicInteger IDS = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final EventChannel channel = EventChannel.open(EventChannel.Mode.WEBHOOK);
    private AppWiring.Bot bot;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        webex.person(ALICE, ALICE_EMAIL);
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(Fixtures.text("fixtures/ise/ers-ancendpoint-list-empty.json"))
                        .withHeader("X-CSRF-Token", CSRF)));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
        wm.stubFor(put(urlPathEqualTo(CLEAR)).willReturn(aResponse().withStatus(204)));
        // AMP saw the hash and the domain on the quarantined computer (the sample names another demo computer).
        String seen = Fixtures.text("fixtures/amp/computers-activity-sha256-single-hit.json")
                .replace("https://api.amp.cisco.com", wm.baseUrl() + "/amp")
                .replace("367a2c23-d0e7-464b-ac3f-9a209868b31d", HOST_GUID).replace("Demo_Stabuniq", HOST_NAME_IN_AMP);
        wm.stubFor(get(urlPathEqualTo(AMP_ACTIVITY)).withQueryParam("q", matching("(?i)[0-9a-f]{64}|" + DOMAIN))
                .atPriority(1).willReturn(okJson(seen)));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        channel.close();
    }

    @Test
    void after_a_quarantine_every_card_naming_the_host_shows_irflows_state_and_undo_and_after_undo_offers_quarantine() {
        bot = channel.start(channel.config(webex.url(), LOOKUPS + new ProductStubs(wm.getRuntimeInfo().getWireMock(),
                wm.baseUrl()).yaml()), TestConfigs.fastTuning());
        // Every answer is cached before the quarantine: the host, its IP, a hash and a domain seen on it.
        JsonNode host = investigate(HOST);
        assertThat(plain(host)).contains(" · " + HOST_MAC + " · ").doesNotContain("Quarantined");
        for (String other : List.of(HOST_IP, SHA256, DOMAIN)) {
            assertThat(plain(investigate(other))).doesNotContain("Quarantined");
        }

        String ref = ref(host, "Quarantine");
        card(single(press(action("contain.press", ref))));
        card(single(press(action("contain.confirm", ref))));
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));

        for (String asked : List.of(HOST, HOST_IP, SHA256, DOMAIN)) {
            wm.resetRequests();
            JsonNode again = investigate(asked);
            assertThat(plain(again)).as(asked).contains("Containment: Quarantined ", "by " + ALICE_EMAIL + " via ISE, ",
                    asked.equals(HOST) ? "Containment: Quarantined by " : HOST_NAME_IN_AMP + " (" + HOST_MAC + ") by ")
                    .doesNotContain("not isolated or quarantined");
            // The hash and the domain were also seen on another computer, which may still be quarantined.
            assertThat(CardText.titles(again)).as(asked).contains("Unquarantine " + HOST_NAME_IN_AMP)
                    .noneMatch(t -> t.equals("Quarantine " + HOST_NAME_IN_AMP)
                            || t.contains(HOST_MAC) && !t.startsWith("Unquarantine"));
            assertThat(productRequests()).as("%s asked the products again, not the cache", asked).isNotEmpty();
            if (asked.equals(HOST_IP)) {
                wm.verify(getRequestedFor(urlPathEqualTo(ISE_BY_IP)));
            }
        }
        // Nothing changed since: the cache answers again.
        wm.resetRequests();
        assertThat(plain(investigate(HOST_IP))).contains(") by " + ALICE_EMAIL + " via ISE, ");
        wm.verify(0, getRequestedFor(urlPathEqualTo(ISE_BY_IP)));

        String undo = ref(investigate(HOST_IP), "Unquarantine");
        card(single(press(action("contain.press", undo))));
        JsonNode undone = card(single(press(action("contain.confirm", undo))));
        assertThat(plain(undone)).contains("Unquarantined");
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));

        wm.resetRequests();
        JsonNode after = investigate(HOST_IP);
        assertThat(plain(after)).doesNotContain("Quarantined");
        assertThat(CardText.titles(after)).contains("Quarantine " + HOST_NAME_IN_AMP)
                .noneMatch(t -> t.startsWith("Unquarantine"));
        wm.verify(getRequestedFor(urlPathEqualTo(ISE_BY_IP)));
        wm.resetRequests();
        assertThat(CardText.titles(investigate(HOST))).contains("Quarantine " + HOST_NAME_IN_AMP)
                .noneMatch(t -> t.startsWith("Unquarantine"));
        wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers")).withQueryParam("hostname[]", matching("(?i)" + HOST + ".*")));
    }

    // --- helpers

    private JsonNode investigate(String what) {
        return card(single(say("/investigate " + what)));
    }

    /** Requests to the products (not Webex, not the alert poller's event polling) since the last reset. */
    private List<String> productRequests() {
        return wm.getAllServeEvents().stream().map(e -> e.getRequest().getUrl())
                .filter(u -> !u.startsWith("/v1/") && !u.startsWith("/amp/v1/events?")).toList();
    }

    private List<JsonNode> say(String text) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "ledger-" + IDS.incrementAndGet());
        webex.message("capture-message-direct-user.json", id, "direct", text);
        return delivered(() -> channel.message(id, ROOM, "direct", ALICE, ALICE_EMAIL));
    }

    private List<JsonNode> press(Map<String, String> inputs) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "ledger-" + IDS.incrementAndGet());
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", CARD_MESSAGE).put("personId", ALICE).put("roomId", ROOM);
        ObjectNode in = a.putObject("inputs");
        inputs.forEach(in::put);
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        ObjectNode r = Fixtures.json("fixtures/webex/rooms/capture-room-direct.json");
        r.put("id", ROOM).put("type", "direct");
        webex.stub(get(urlPathEqualTo("/v1/rooms/" + ROOM)), r);
        return delivered(() -> channel.cardAction(id, CARD_MESSAGE, ROOM, "direct", ALICE, ALICE_EMAIL));
    }

    private List<JsonNode> delivered(IntSupplier delivery) {
        int before = webex.posted().size();
        assertThat(delivery.getAsInt()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.posted().size() >= before + 1);
        List<JsonNode> all = webex.posted();
        return List.copyOf(all.subList(before, all.size()));
    }

    private static Map<String, String> action(String action, String ref) {
        return Map.of("action", action, "ref", ref);
    }

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    private static JsonNode card(JsonNode post) {
        JsonNode attachment = post.path("attachments").path(0);
        assertThat(attachment.isMissingNode()).as("a card attachment in %s", post).isFalse();
        CardValidator.assertValid(new Card((ObjectNode) attachment.path("content"), post.path("markdown").asText()));
        return attachment.path("content");
    }

    private static String ref(JsonNode card, String titleStart) {
        List<JsonNode> found = CardText.submits(card).stream().filter(s -> s.path("title").asText().startsWith(titleStart))
                .toList();
        assertThat(found).as("one '%s' button among %s", titleStart, CardText.titles(card)).hasSize(1);
        return found.get(0).path("data").path("ref").asText();
    }

    private static String plain(JsonNode card) {
        return CardText.plain(card);
    }
}

package io.irflow.investigate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Host names as a responder types them, end to end (signed webhook in, WireMock products from the reference fixtures,
 * cards out): AMP's computer list, built from its 38-demo-computers sample with the Kovter computer (whose threat
 * event, ISE session and CMX client the shared stubs carry) renamed {@value #CORP} and the Dridex one {@value #LAB}.
 */
class HostNamesEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40)).build();

    private static final String CORP = "web01.corp.example.com";
    private static final String LAB = "web01.lab.example.com";
    private static final String DRIDEX_GUID = "b8d25739-17ed-4d79-b823-115f05b6cda9";
    private static final String LOOKUPS = """
            lookups:
              timeout: 2s
              deadline: 3s
            """;
    private static final String CARD_MESSAGE = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE",
            "c0ffee00-1234-4321-8888-00000000ab01");
    private static final AtomicInteger IDS = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void start() {
        webex.bot("irflow");
        webex.person(WebexStub.ANALYST, WebexStub.ANALYST_EMAIL);
        ProductStubs products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl());
        products.stubAll();
        computers(CORP, List.of(CORP));
        computers(LAB, List.of(LAB));
        computers("web01", List.of(CORP, LAB));
        // Umbrella enforcement makes Block available, so the cards show where it is (and is not) offered.
        String umbrella = "umbrella:\n  url: \"" + wm.baseUrl() + "/umbrella\"\n  customer_key: \"k\"\n";
        bot = AppWiring.start(TestConfigs.bot(webex.url(), LOOKUPS + products.yaml() + umbrella),
                TestConfigs.fastTuning());
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        wm.resetRequests();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void an_fqdn_amp_knows_gets_the_host_card_with_quarantine_then_the_domain_card_without_block() {
        List<JsonNode> posts = send("/investigate " + CORP, 2);

        JsonNode host = card(posts.get(0));
        assertThat(verdict(host)).endsWith(" " + CORP);
        assertThat(CardText.plain(host)).contains("Address: ", " · " + ProductStubs.HOST_MAC, "User: CORP\\jdoe");
        assertThat(CardText.titles(host)).contains("Quarantine " + CORP, "Isolate " + CORP);
        JsonNode domain = card(posts.get(1));
        assertThat(CardText.plain(domain)).startsWith(verdict(domain)).contains(" — " + CORP + "\n", "\nDomain · ");
        assertThat(CardText.titles(domain)).noneMatch(t -> t.startsWith("Block") || t.startsWith("Quarantine"));
        wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers")).withQueryParam("hostname[]", equalTo(CORP)));
        wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/events"))
                .withQueryParam("connector_guid[]", equalTo(ProductStubs.HOST_GUID)));
    }

    @Test
    void a_computer_named_in_a_sentence_is_echoed_as_a_host() {
        List<JsonNode> posts = send("/investigate the beacon came from " + CORP + " after lunch", 3);

        assertThat(posts.get(0).path("markdown").asText()).isEqualTo("Understood: host `" + CORP + "`.");
    }

    @Test
    void the_name_lookup_is_cached_with_the_investigation() {
        send("/investigate " + CORP, 2);
        int asked = amp(CORP);

        send("/investigate " + CORP, 2);

        assertThat(amp(CORP)).isEqualTo(asked);
    }

    @Test
    void an_fqdn_no_product_knows_as_a_computer_gets_only_the_domain_card() {
        List<JsonNode> posts = send("/investigate mail.badguys.example", 1);

        JsonNode domain = card(posts.get(0));
        assertThat(CardText.plain(domain)).contains(" — mail.badguys.example\n", "\nDomain · ");
        assertThat(CardText.titles(domain)).anyMatch(t -> t.startsWith("Block"));
        wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers"))
                .withQueryParam("hostname[]", equalTo("mail.badguys.example")));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/amp/v1/events")));
    }

    @Test
    void an_ambiguous_short_name_gets_every_candidate_with_a_button_each_and_no_action() {
        List<JsonNode> posts = send("/investigate web01", 1);

        JsonNode which = card(posts.get(0));
        assertThat(CardText.plain(which)).contains("Which computer?", "`web01` may mean 2 computers in AMP for Endpoints",
                CORP, LAB);
        assertThat(CardText.titles(which)).containsExactly(CORP, LAB);
        assertThat(CardText.submits(which)).allSatisfy(s -> assertThat(s.path("data").path("action").asText())
                .isEqualTo("investigate.name"));
        assertThat(posts.get(0).path("markdown").asText()).contains(CORP, LAB);
        // Nothing was investigated, so nothing can be contained yet.
        wm.verify(0, getRequestedFor(urlPathEqualTo("/amp/v1/events")));
        wm.verify(0, getRequestedFor(urlPathMatching("/(ise-mnt|ise-ers)/.*")));
    }

    @Test
    void pressing_a_candidate_investigates_that_computer_by_its_full_name() {
        JsonNode which = card(send("/investigate web01", 1).get(0));
        JsonNode corp = CardText.submits(which).get(0).path("data");

        List<JsonNode> posts = press(Map.of("action", corp.path("action").asText(), "name", corp.path("name").asText()), 2);

        JsonNode host = card(posts.get(0));
        assertThat(verdict(host)).endsWith(" " + CORP);
        assertThat(CardText.titles(host)).contains("Quarantine " + CORP);
    }

    @Test
    void quarantine_of_an_ambiguous_name_is_refused_with_the_candidates() {
        JsonNode post = send("/quarantine web01", 1).get(0);

        assertThat(post.has("attachments")).isFalse();
        assertThat(post.path("markdown").asText()).contains("`web01` may mean 2 computers", "`" + CORP + "`",
                "`" + LAB + "`", "Nothing was done", "/quarantine " + CORP);
        wm.verify(0, putRequestedFor(urlPathMatching("/ise-ers/.*")));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/amp/v1/events")));
    }

    @Test
    void quarantine_of_an_fqdn_amp_knows_asks_to_confirm_for_that_host() {
        JsonNode post = send("/quarantine " + CORP, 1).get(0);

        assertThat(CardText.plain(card(post))).contains("Confirm: quarantine " + CORP + "?");
        assertThat(CardText.titles(card(post))).containsExactly("Quarantine " + CORP, "Cancel");
    }

    // --- harness

    /** AMP's answer to {@code hostname[]=asked}: the named sample computers. */
    private void computers(String asked, List<String> names) {
        ObjectNode list = Fixtures.json("fixtures/amp/computers-list-38-demo-computers.json");
        ArrayNode data = list.putArray("tmp");
        for (JsonNode c : list.get("data")) {
            String guid = c.path("connector_guid").asText();
            if (guid.equals(ProductStubs.HOST_GUID) && names.contains(CORP)) {
                data.add(((ObjectNode) c.deepCopy()).put("hostname", CORP));
            } else if (guid.equals(DRIDEX_GUID) && names.contains(LAB)) {
                data.add(((ObjectNode) c.deepCopy()).put("hostname", LAB));
            }
        }
        list.set("data", data);
        list.remove("tmp");
        ((ObjectNode) list.path("metadata").path("results")).put("total", data.size())
                .put("current_item_count", data.size());
        wm.stubFor(get(urlPathEqualTo("/amp/v1/computers")).withQueryParam("hostname[]", equalTo(asked)).atPriority(1)
                .willReturn(okJson(Fixtures.write(list))));
    }

    private static int amp(String hostname) {
        return wm.findAll(getRequestedFor(urlPathEqualTo("/amp/v1/computers"))
                .withQueryParam("hostname[]", equalTo(hostname))).size();
    }

    private List<JsonNode> send(String text, int posts) {
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("ciscospark://us/MESSAGE/hostnames-" + IDS.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        webex.message("capture-message-direct-user.json", id, "direct", text);
        return delivered(posts, () -> assertThat(webhooks.deliver(url, SignedWebhooks.message(id, WebexStub.ROOM,
                "direct", WebexStub.ANALYST, WebexStub.ANALYST_EMAIL))).isEqualTo(200));
    }

    /** A button press on a card in the test room, with these inputs. */
    private List<JsonNode> press(Map<String, String> inputs, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "hostnames-" + IDS.incrementAndGet());
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", CARD_MESSAGE).put("personId", WebexStub.ANALYST).put("roomId", WebexStub.ROOM);
        ObjectNode in = a.putObject("inputs");
        inputs.forEach(in::put);
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        ObjectNode r = Fixtures.json("fixtures/webex/rooms/capture-room-direct.json");
        r.put("id", WebexStub.ROOM).put("type", "direct");
        webex.stub(get(urlPathEqualTo("/v1/rooms/" + WebexStub.ROOM)), r);
        return delivered(posts, () -> assertThat(webhooks.deliver(url,
                SignedWebhooks.cardAction(id, CARD_MESSAGE, WebexStub.ROOM, WebexStub.ANALYST))).isEqualTo(200));
    }

    private List<JsonNode> delivered(int posts, Runnable deliver) {
        int before = webex.posted().size();
        deliver.run();
        await().atMost(Duration.ofSeconds(8)).until(() -> webex.posted().size() >= before + posts);
        List<JsonNode> all = webex.posted();
        assertThat(all.size() - before).isEqualTo(posts);
        return all.subList(before, all.size());
    }

    private static JsonNode card(JsonNode post) {
        assertThat(post.path("roomId").asText()).isEqualTo(WebexStub.ROOM);
        JsonNode attachment = post.path("attachments").get(0);
        assertThat(attachment).as("a card attachment in %s", post).isNotNull();
        CardValidator.assertValid(new Card((ObjectNode) attachment.path("content"), post.path("markdown").asText()));
        return attachment.path("content");
    }

    private static String verdict(JsonNode card) {
        return card.path("body").get(0).path("text").asText().replace("\\", "");
    }
}

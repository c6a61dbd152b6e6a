package io.irflow.investigate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.testing.CardValidator;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.ProductStubs.Product;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.testing.ProductStubs.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /investigate} end to end: a signed webhook into the running bot, every product played by one WireMock from
 * the reference fixtures, Webex by the same WireMock under /v1; what the bot asked the products and which cards it
 * posted back.
 */
class InvestigateEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40)).build();

    private static final String LOOKUPS = """
            lookups:
              timeout: 2s
              deadline: 3s
            """;
    private static final AtomicInteger MESSAGES = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private ProductStubs products;
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl());
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private void start() {
        start(p -> {
        });
    }

    private void start(Consumer<ProductStubs> before) {
        before.accept(products);
        products.stubAll();
        bot = AppWiring.start(TestConfigs.bot(webex.url(), LOOKUPS + products.yaml()), TestConfigs.fastTuning());
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        wm.resetRequests();
    }

    /** Sends one signed message and returns the posts it caused (waits for {@code posts} of them). */
    private Sent send(String text, int posts) {
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("ciscospark://us/MESSAGE/e2e-" + MESSAGES.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        webex.message("capture-message-direct-user.json", id, "direct", text);
        int before = webex.posted().size();
        long start = System.nanoTime();
        assertThat(webhooks.deliver(url, SignedWebhooks.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(8)).until(() -> webex.posted().size() >= before + posts);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<JsonNode> all = webex.posted();
        return new Sent(id, all.subList(before, all.size()), took);
    }

    private record Sent(String messageId, List<JsonNode> posts, Duration took) {
        JsonNode only() {
            assertThat(posts).hasSize(1);
            return posts.get(0);
        }
    }

    /** Checks room, thread and Webex validity of a posted card and returns its content. */
    private static JsonNode card(JsonNode post, String parentId) {
        assertThat(post.path("roomId").asText()).isEqualTo(WebexStub.ROOM);
        assertThat(post.path("parentId").asText()).isEqualTo(parentId);
        JsonNode attachment = post.path("attachments").get(0);
        assertThat(attachment).as("a card attachment in %s", post).isNotNull();
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        CardValidator.assertValid(new Card((ObjectNode) attachment.path("content"), post.path("markdown").asText()));
        return attachment.path("content");
    }

    /** Every TextBlock text and fact of a card, markdown escapes removed, one per line. */
    private static String plain(JsonNode card) {
        List<String> out = new ArrayList<>();
        collect(card, out);
        return String.join("\n", out).replace("**", "").replace("\u200B", "").replaceAll("\\\\(.)", "$1");
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            if (node.has("text")) {
                out.add(node.get("text").asText());
            }
            if (node.has("title") && node.has("value")) {
                out.add(node.get("title").asText() + ": " + node.get("value").asText());
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    private static String verdictLine(JsonNode card) {
        return card.path("body").get(0).path("text").asText().replace("\\", "");
    }

    @Nested
    class EveryProductAnswers {
        @BeforeEach
        void go() {
            start();
        }

        @Test
        void a_host_gets_amps_computer_with_its_user_and_isolation_state_and_the_malware_verdict() {
            Sent sent = send("/investigate " + ProductStubs.HOST, 1);

            JsonNode card = card(sent.only(), sent.messageId());
            String text = plain(card);
            assertThat(verdictLine(card)).isEqualTo("🔴 MALICIOUS — " + ProductStubs.HOST);
            assertThat(text).contains("AMP for Endpoints: Executed malware: W32.Ransomware.WannaCry.SBX.TG",
                    "Host: " + ProductStubs.HOST_NAME_IN_AMP,
                    "User: jdoe@CORP",
                    "IP: " + ProductStubs.HOST_IP + ", 54.200.199.139",
                    "MAC: " + ProductStubs.HOST_MAC,
                    "Containment: not_isolated",
                    "Isolation: not_isolated (isolation not available)",
                    "Policy: Protect");
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers"))
                    .withQueryParam("hostname[]", equalTo(ProductStubs.HOST))
                    .withHeader("Authorization", equalTo(basic(ProductStubs.AMP_ID, ProductStubs.AMP_KEY))));
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/events"))
                    .withQueryParam("connector_guid[]", equalTo(ProductStubs.HOST_GUID))
                    .withHeader("Authorization", equalTo(basic(ProductStubs.AMP_ID, ProductStubs.AMP_KEY))));
            wm.verify(postRequestedFor(urlPathEqualTo("/tr/iroh/iroh-enrich/deliberate/observables"))
                    .withRequestBody(matchingJsonPath("$[0].type", equalTo("hostname")))
                    .withHeader("Authorization", equalTo(ProductStubs.trBearer())));
        }
    }
}

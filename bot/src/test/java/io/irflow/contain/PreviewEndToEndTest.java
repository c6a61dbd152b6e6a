package io.irflow.contain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.config.AppConfig;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.testing.ProductStubs.DOMAIN;
import static io.irflow.testing.ProductStubs.HOST;
import static io.irflow.testing.ProductStubs.SHA256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The impact preview end to end: typed containment commands into the running bot, every product and Webex played by
 * WireMock from the reference samples; the confirmation card posted to Webex shows what the products said, and a
 * product that fails or hangs is named while the card still comes, on time.
 */
class PreviewEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40)).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String ACTIVITY = "/amp/v1/computers/activity";
    private static final AtomicInteger IDS = new AtomicInteger();

    private final WebexStub webex = new WebexStub(wm);
    private final EventChannel channel = EventChannel.open(EventChannel.Mode.WEBHOOK);
    private AppWiring.Bot bot;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        webex.person(ALICE, ALICE_EMAIL);
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        channel.close();
    }

    @Test
    void block_domain_shows_how_many_computers_amp_saw_contacting_it_and_umbrellas_categories() {
        // AMP's paginated activity sample: 10 computers in all, two on the first page.
        wm.stubFor(get(urlPathEqualTo(ACTIVITY)).withQueryParam("q", equalTo(DOMAIN)).atPriority(1)
                .willReturn(okJson(Fixtures.text("fixtures/amp/computers-activity-filename-paginated-next-link.json")
                        .replace("https://api.amp.cisco.com", wm.baseUrl() + "/amp"))));
        start();

        JsonNode confirmation = card(single(say("/block " + DOMAIN, 1)));

        assertThat(plain(confirmation)).contains("Confirm: block " + DOMAIN + "?", "Impact preview",
                "10 computers contacted " + DOMAIN + ": Demo_CozyDuke, Demo_Upatre and 8 more (AMP for Endpoints)",
                "Umbrella Investigate", "Status: ").doesNotContain("unavailable");
        assertThat(CardText.titles(confirmation)).containsExactly("Block " + DOMAIN, "Cancel");
        wm.verify(1, getRequestedFor(urlPathEqualTo(ACTIVITY)).withQueryParam("q", equalTo(DOMAIN)));
    }

    @Test
    void block_hash_shows_the_computers_that_have_the_file() {
        start();

        JsonNode confirmation = card(single(say("/block " + SHA256, 1)));

        assertThat(plain(confirmation)).contains("Confirm: block hash ",
                "1 computer has this file: Demo_Stabuniq (AMP for Endpoints)").doesNotContain("Umbrella");
    }

    @Test
    void quarantine_shows_the_hosts_user_location_group_and_profile_from_the_investigation_it_just_made() {
        start();

        JsonNode confirmation = card(single(say("/quarantine " + HOST, 1)));

        String text = plain(confirmation);
        // ISE's MnT session sample, CMX's location sample and AMP's computer list sample (the Demo-Kovter computer).
        assertThat(text).contains("Confirm: quarantine ", "Impact preview", "User: jdoe@CORP",
                "Location: HQ Campus > Building 2 > Floor 3", "Group (AMP for Endpoints): Protect",
                "Policy (AMP for Endpoints): Protect", "Endpoint profile (ISE): Windows10-Workstation / Workstation")
                .doesNotContain("unavailable");
        // The preview reused the command's own investigation: AMP was searched for the host once, not twice.
        wm.verify(1, getRequestedFor(urlPathEqualTo("/amp/v1/computers")));
    }

    @Test
    void amp_refusing_the_credentials_is_named_and_the_card_still_comes_with_umbrellas_part() {
        wm.stubFor(get(urlPathEqualTo(ACTIVITY)).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("fixtures/amp/error-401-unknown-api-key.json"))));
        start();

        JsonNode confirmation = card(single(say("/block " + DOMAIN, 1)));

        assertThat(plain(confirmation)).contains("Confirm: block " + DOMAIN + "?", "Umbrella Investigate",
                "Preview unavailable: AMP for Endpoints refused the credentials (HTTP 401)");
        assertThat(CardText.titles(confirmation)).containsExactly("Block " + DOMAIN, "Cancel");
    }

    @Test
    void a_hanging_amp_does_not_hold_the_card_beyond_the_preview_deadline() {
        wm.stubFor(get(urlPathMatching(ACTIVITY)).atPriority(1)
                .willReturn(okJson(Fixtures.text("fixtures/amp/empty-list-authored.json")).withFixedDelay(8_000)));
        start();

        long started = System.nanoTime();
        JsonNode confirmation = card(single(say("/block " + DOMAIN, 1)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        assertThat(plain(confirmation)).contains("Confirm: block " + DOMAIN + "?",
                "Preview unavailable: AMP for Endpoints timed out");
        assertThat(CardText.titles(confirmation)).containsExactly("Block " + DOMAIN, "Cancel");
    }

    // --- the bot

    private void start() {
        String products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).yaml()
                .replace("  api_key: \"" + ProductStubs.AMP_KEY + "\"\n", "  api_key: \"" + ProductStubs.AMP_KEY
                        + "\"\n  file_list_guid: \"e773a9eb-296c-40df-98d8-bed46322589d\"\n");
        AppConfig config = channel.config(webex.url(), "lookups:\n  timeout: 2s\n  deadline: 3s\n" + products
                + "umbrella:\n  url: \"" + wm.baseUrl() + "/umbrella\"\n  customer_key: \"umbrella-key\"\n");
        bot = channel.start(config, TestConfigs.fastTuning());
        wm.resetRequests();
    }

    private List<JsonNode> say(String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "preview-" + IDS.incrementAndGet());
        webex.message("capture-message-direct-user.json", id, "direct", text);
        return delivered(posts, () -> channel.message(id, ROOM, "direct", ALICE, ALICE_EMAIL));
    }

    private List<JsonNode> delivered(int posts, IntSupplier delivery) {
        int before = webex.posted().size();
        assertThat(delivery.getAsInt()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> webex.posted().size() >= before + posts);
        List<JsonNode> all = webex.posted();
        return List.copyOf(all.subList(before, all.size()));
    }

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    /** Checks the post is a card Webex renders (content and fallback); returns its content. */
    private static JsonNode card(JsonNode post) {
        assertThat(post.path("roomId").asText()).isEqualTo(ROOM);
        JsonNode attachment = post.path("attachments").path(0);
        assertThat(attachment.isMissingNode()).as("a card attachment in %s", post).isFalse();
        CardValidator.assertValid(new Card((ObjectNode) attachment.path("content"), post.path("markdown").asText()));
        return attachment.path("content");
    }

    private static String plain(JsonNode card) {
        return CardText.plain(card);
    }
}

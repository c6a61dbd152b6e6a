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
import io.irflow.testing.TestDatabases;
import io.irflow.testing.WebexStub;
import io.irflow.webex.RestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.testing.ProductStubs.DOMAIN;
import static io.irflow.testing.ProductStubs.HOST;
import static io.irflow.testing.ProductStubs.HOST_GUID;
import static io.irflow.testing.ProductStubs.HOST_MAC;
import static io.irflow.testing.ProductStubs.HOST_NAME_IN_AMP;
import static io.irflow.testing.ProductStubs.SHA256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Containment safeguards end to end, the running bot, Webex and every product played by one WireMock as in
 * {@link ContainmentEndToEndTest}. Dry run ({@code security.dry_run}, and {@code --dry-run} on a command): every
 * containment goes through its lookups, confirmation and audit, and not one write request (POST, PUT, PATCH, DELETE)
 * reaches a product. Protected hosts ({@code security.protected}): a warning and a second responder.
 */
class SafeguardsEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40)).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String CARD_MESSAGE = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE",
            "c0ffee00-1234-4321-8888-0000000000d1");
    private static final String APPLY = "/ise-ers/ers/config/ancendpoint/apply";
    private static final String POLICY = "ANC_Quarantine";
    private static final String CSRF = "csrf-dry-run";
    private static final String FILE_LIST = "e773a9eb-296c-40df-98d8-bed46322589d";
    /** Every path but Webex's (/v1) and Threat Response's (/tr, whose lookups are POSTs): the products' writes. */
    private static final String PRODUCTS = "/(?!v1/|tr/).*";
    private static final String DRY_RUN = """
            security:
              responders: ["alice@example.com"]
              dry_run: true
            """;
    private static final String BOB = RestIds.restId(RestIds.HOME_CLUSTER, "PEOPLE",
            "6a1b2c3d-0b0b-4b0b-8b0b-000000000b0b");
    private static final String BOB_EMAIL = "bob@example.com";
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private final WebexStub webex = new WebexStub(wm);
    private final EventChannel channel = EventChannel.open(EventChannel.Mode.WEBHOOK);
    private AppConfig config;
    private AppWiring.Bot bot;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        webex.person(ALICE, ALICE_EMAIL);
        webex.person(BOB, BOB_EMAIL);
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(Fixtures.text("fixtures/ise/ers-ancendpoint-list-empty.json"))
                        .withHeader("X-CSRF-Token", CSRF)));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        channel.close();
    }

    @Test
    void with_security_dry_run_quarantine_isolate_and_both_blocks_are_confirmed_and_audited_but_write_nothing() {
        start(DRY_RUN);
        assertThat(plain(card(single(say("/status", 1))))).contains("Dry run is on (security.dry_run)");
        JsonNode investigation = investigateHost();

        String quarantine = ref(investigation, "Quarantine");
        JsonNode confirmation = card(single(press(action("contain.press", quarantine))));
        assertThat(plain(confirmation)).contains("Dry run · Confirm: quarantine ", "Dry run: Quarantine " + label()
                + " through ISE. Even once confirmed, nothing is sent to ISE.", "MAC address: " + HOST_MAC);
        JsonNode quarantined = card(single(press(action("contain.confirm", quarantine))));
        assertThat(plain(quarantined)).contains("Dry run: quarantine not executed", "Dry run: would have applied ANC "
                + "policy " + POLICY + " to " + HOST_MAC.toUpperCase() + " on " + host() + ".",
                "Nothing was changed in ISE", "(by " + ALICE_EMAIL + ")");
        assertThat(CardText.titles(quarantined)).isEmpty();

        String isolate = ref(investigation, "Isolate");
        assertThat(plain(card(single(press(action("contain.press", isolate))))))
                .contains("Dry run · Confirm: isolate ");
        assertThat(plain(card(single(press(action("contain.confirm", isolate)))))).contains(
                "Dry run: would have isolated AMP connector " + HOST_GUID + " on " + host() + ".");

        assertThat(plain(card(single(say("/block " + DOMAIN, 1))))).contains("Dry run · Confirm: block " + DOMAIN + "?");
        assertThat(plain(card(single(press(action("contain.confirm", lastRef()))))))
                .contains("Dry run: would have added " + DOMAIN + " to the Umbrella Enforcement API block list on "
                        + host() + ".");
        assertThat(plain(card(single(say("/block " + SHA256, 1))))).contains("Dry run · Confirm: block hash ");
        assertThat(plain(card(single(press(action("contain.confirm", lastRef()))))))
                .contains("Dry run: would have added " + SHA256 + " to AMP simple custom detection list " + FILE_LIST
                        + " on " + host() + ".");

        assertNoProductWrite();
        JsonNode contained = card(single(say("/contained", 1)));
        assertThat(plain(contained)).contains("Contained by irflow (0)");
        List<String> audit = auditLines();
        assertThat(audit).filteredOn(l -> l.contains(" · dry run · ")).hasSize(4);
        assertThat(audit).filteredOn(l -> l.contains(" · dry run · " + ALICE_EMAIL + " · quarantine " + HOST_MAC))
                .singleElement().satisfies(l -> assertThat(l).contains("would have applied ANC policy " + POLICY));
        assertThat(audit).filteredOn(l -> l.contains(" · confirmed · ") || l.contains(" · requested · "))
                .hasSize(8).allSatisfy(l -> assertThat(l).matches(".* · dry run(; confirmation asked)?"));
        assertThat(audit).noneMatch(l -> l.contains(" · executed · "));
        // The investigation card drawn after the dry run does not show the host contained.
        assertThat(plain(card(single(say("/investigate " + HOST, 1))))).doesNotContain("🔒", "Quarantined by");
    }

    @Test
    void the_dry_run_flag_on_a_normal_config_writes_nothing_and_the_same_command_without_it_still_writes() {
        start("");
        assertThat(plain(card(single(say("/status", 1))))).doesNotContain("Dry run");
        wm.resetRequests();

        JsonNode confirmation = card(single(say("/quarantine " + HOST_MAC + " --dry-run", 1)));
        assertThat(plain(confirmation)).contains("Dry run · Confirm: quarantine ", "Dry run: yes");
        assertThat(plain(card(single(press(action("contain.confirm", lastRef()))))))
                .contains("Dry run: would have applied ANC policy " + POLICY + " to " + HOST_MAC.toUpperCase());
        assertThat(plain(card(single(say("/unblock " + DOMAIN + " --dry-run", 1))))).contains("Dry run · Confirm: "
                + "unblock " + DOMAIN + "?");
        assertThat(plain(card(single(press(action("contain.confirm", lastRef()))))))
                .contains("Dry run: would have removed " + DOMAIN + " from the Umbrella Enforcement API block list");
        card(single(say("/isolate " + HOST + " --DRY-RUN", 1)));
        assertThat(single(press(action("contain.cancel", lastRef()))).path("markdown").asText())
                .isEqualTo("Cancelled: isolate " + HOST_NAME_IN_AMP + " (dry run).");
        assertNoProductWrite();
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");

        JsonNode real = card(single(say("/quarantine " + HOST_MAC, 1)));
        assertThat(plain(real)).startsWith("Confirm: quarantine ").doesNotContain("Dry run", "Protected host",
                "Approval:");
        JsonNode done = card(single(press(action("contain.confirm", lastRef()))));
        assertThat(plain(done)).contains("Quarantined: " + HOST_MAC).doesNotContain("Dry run");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        wm.verify(1, putRequestedFor(urlPathMatching(PRODUCTS)));
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (1)");
    }

    @Test
    void a_dry_run_confirmed_after_a_restart_stays_a_dry_run() {
        start("storage:\n  url: \"" + TestDatabases.freshUrl("h2", dir) + "\"\n");
        card(single(say("/quarantine " + HOST_MAC + " --dry-run", 1)));
        String ref = lastRef();

        bot.close();
        bot = channel.start(config, TestConfigs.fastTuning());
        wm.resetRequests();

        assertThat(plain(card(single(press(action("contain.confirm", ref))))))
                .contains("Dry run: would have applied ANC policy " + POLICY);
        assertNoProductWrite();
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");
    }

    // --- protected hosts

    @Test
    void quarantining_a_host_in_a_protected_range_warns_and_waits_for_a_second_responder_without_require_approval() {
        // The investigation taught the host store the host's IP: the range protects it though the target is its MAC.
        start("""
                security:
                  responders: ["alice@example.com", "bob@example.com"]
                  protected: ["%s/24", "PAYROLL-*"]
                """.formatted(ProductStubs.HOST_IP.replaceAll("\\.\\d+$", ".0")));
        JsonNode investigation = investigateHost();

        JsonNode confirmation = card(single(press(action("contain.press", ref(investigation, "Quarantine")))));
        assertThat(plain(confirmation)).contains("Confirm: quarantine ", "Protected host: it matches security.protected "
                + "entry " + ProductStubs.HOST_IP.replaceAll("\\.\\d+$", ".0") + "/24, so a second responder must "
                + "approve after you confirm.", "Approval: a second responder must approve after you confirm");
        String ref = ref(confirmation, "Quarantine");
        JsonNode waiting = card(single(press(action("contain.confirm", ref))));
        assertThat(plain(waiting)).contains("Approval needed", "Protected host");
        assertThat(single(press(action("contain.confirm", ref))).path("markdown").asText())
                .contains("A second responder has to approve this");
        wm.verify(0, putRequestedFor(urlPathMatching(PRODUCTS)));

        assertThat(plain(card(single(press(BOB, action("contain.confirm", ref))))))
                .contains("Quarantined: " + label() + " via ISE (by " + BOB_EMAIL + ")");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains(" · awaiting approval · " + ALICE_EMAIL,
                "protected host (security.protected entry"));
    }

    @Test
    void quarantining_a_host_amp_put_in_a_protected_amp_group_warns_and_waits_for_a_second_responder() {
        // AMP's computer record (fetched by the investigation) says Demo-Kovter is in the group "Protect".
        start("""
                security:
                  responders: ["alice@example.com", "bob@example.com"]
                  protected: ["amp_group:protect"]
                """);
        JsonNode investigation = investigateHost();

        JsonNode confirmation = card(single(press(action("contain.press", ref(investigation, "Quarantine")))));
        assertThat(plain(confirmation)).contains("Confirm: quarantine ", "Protected host: it matches security."
                + "protected entry amp_group:protect, so a second responder must approve after you confirm.");
        String ref = ref(confirmation, "Quarantine");
        assertThat(plain(card(single(press(action("contain.confirm", ref)))))).contains("Approval needed");
        wm.verify(0, putRequestedFor(urlPathMatching(PRODUCTS)));

        assertThat(plain(card(single(press(BOB, action("contain.confirm", ref))))))
                .contains("Quarantined: " + label() + " via ISE (by " + BOB_EMAIL + ")");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
    }

    @Test
    void a_host_in_another_amp_group_than_the_protected_one_is_quarantined_on_one_confirmation() {
        start("""
                security:
                  responders: ["alice@example.com", "bob@example.com"]
                  protected: ["amp_group:Triage", "amp_group:747376e0-0311-400b-b457-63bf4a4b124c"]
                """);
        JsonNode investigation = investigateHost();

        JsonNode confirmation = card(single(press(action("contain.press", ref(investigation, "Quarantine")))));
        assertThat(plain(confirmation)).contains("Confirm: quarantine ").doesNotContain("Protected host", "Approval");
        assertThat(plain(card(single(press(action("contain.confirm", ref(confirmation, "Quarantine")))))))
                .contains("Quarantined: " + label() + " via ISE (by " + ALICE_EMAIL + ")");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
    }

    // --- helpers

    private void assertNoProductWrite() {
        wm.verify(0, postRequestedFor(urlPathMatching(PRODUCTS)));
        wm.verify(0, putRequestedFor(urlPathMatching(PRODUCTS)));
        wm.verify(0, patchRequestedFor(urlPathMatching(PRODUCTS)));
        wm.verify(0, deleteRequestedFor(urlPathMatching(PRODUCTS)));
    }

    private void start(String extraYaml) {
        String products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).yaml()
                .replace("  api_key: \"" + ProductStubs.AMP_KEY + "\"\n", "  api_key: \"" + ProductStubs.AMP_KEY
                        + "\"\n  file_list_guid: \"" + FILE_LIST + "\"\n");
        assertThat(products).contains(FILE_LIST);
        config = channel.config(webex.url(), "lookups:\n  timeout: 2s\n  deadline: 3s\n" + products
                + "umbrella:\n  url: \"" + wm.baseUrl() + "/umbrella\"\n  customer_key: \"umbrella-key\"\n"
                + extraYaml);
        bot = channel.start(config, TestConfigs.fastTuning());
    }

    private JsonNode investigateHost() {
        JsonNode card = card(single(say("/investigate " + HOST, 1)));
        assertThat(plain(card)).contains(HOST_MAC);
        wm.resetRequests();
        return card;
    }

    private static String host() {
        return URI.create(wm.baseUrl()).getHost();
    }

    private static String label() {
        return HOST_NAME_IN_AMP + " (" + HOST_MAC + ")";
    }

    private List<JsonNode> say(String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "dry-" + IDS.incrementAndGet());
        webex.message("capture-message-direct-user.json", id, "direct", text);
        return delivered(posts, () -> channel.message(id, ROOM, "direct", ALICE, ALICE_EMAIL));
    }

    private List<JsonNode> press(Map<String, String> inputs) {
        return press(ALICE, inputs);
    }

    private List<JsonNode> press(String person, Map<String, String> inputs) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "dry-" + IDS.incrementAndGet());
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", CARD_MESSAGE).put("personId", person).put("roomId", ROOM);
        ObjectNode in = a.putObject("inputs");
        inputs.forEach(in::put);
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        String email = person.equals(BOB) ? BOB_EMAIL : ALICE_EMAIL;
        return delivered(1, () -> channel.cardAction(id, CARD_MESSAGE, ROOM, "direct", person, email));
    }

    private List<JsonNode> delivered(int posts, IntSupplier delivery) {
        int before = webex.posted().size();
        assertThat(delivery.getAsInt()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.posted().size() >= before + posts);
        List<JsonNode> all = webex.posted();
        return List.copyOf(all.subList(before, all.size()));
    }

    /** The Confirm reference of the last card posted (a confirmation). */
    private String lastRef() {
        List<JsonNode> all = webex.posted();
        return confirmRef(card(all.get(all.size() - 1)));
    }

    private List<String> auditLines() {
        String text = plain(card(single(say("/audit 50", 1))));
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        return lines.subList(1, lines.size());
    }

    private static Map<String, String> action(String action, String ref) {
        return Map.of("action", action, "ref", ref);
    }

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    /** Checks the post is a card Webex renders (content and fallback); returns its content. */
    private static JsonNode card(JsonNode post) {
        JsonNode attachment = post.path("attachments").path(0);
        assertThat(attachment.isMissingNode()).as("a card attachment in %s", post).isFalse();
        CardValidator.assertValid(new Card((ObjectNode) attachment.path("content"), post.path("markdown").asText()));
        return attachment.path("content");
    }

    private static String ref(JsonNode card, String titleStart) {
        List<JsonNode> found = CardText.submits(card).stream()
                .filter(s -> s.path("title").asText().startsWith(titleStart)).toList();
        assertThat(found).as("one '%s' button among %s", titleStart, CardText.titles(card)).hasSize(1);
        return found.get(0).path("data").path("ref").asText();
    }

    /** The reference of the confirmation's acting button (titled after what it does, e.g. "Quarantine X"). */
    private static String confirmRef(JsonNode card) {
        List<JsonNode> found = CardText.submits(card).stream()
                .filter(s -> "contain.confirm".equals(s.path("data").path("action").asText())).toList();
        assertThat(found).as("one confirm button among %s", CardText.titles(card)).hasSize(1);
        return found.get(0).path("data").path("ref").asText();
    }

    private static String plain(JsonNode card) {
        return CardText.plain(card);
    }
}

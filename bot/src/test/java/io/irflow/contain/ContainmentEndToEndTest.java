package io.irflow.contain;

import io.irflow.webex.RestIds;
import io.irflow.testing.CardText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.app.Tuning;
import io.irflow.cards.Card;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.chat.AccessMiddleware;
import io.irflow.config.AppConfig;
import io.irflow.store.Database;
import io.irflow.testing.CardValidator;
import io.irflow.testing.EventChannel;
import io.irflow.testing.Fixtures;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.testing.ProductStubs.HOST;
import static io.irflow.testing.ProductStubs.HOST_GUID;
import static io.irflow.testing.ProductStubs.HOST_MAC;
import static io.irflow.testing.ProductStubs.HOST_NAME_IN_AMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Containment end to end: signed webhooks into the running bot ({@link AppWiring#start}), Webex and every product
 * played by one WireMock (Webex under /v1, the products under their {@link ProductStubs} prefixes); ISE's ANC calls
 * and AMP's isolation answers come from the reference samples. Card presses are attachment actions that the bot
 * fetches ({@code GET /v1/attachment/actions/{id}}), the presser's email from {@code GET /v1/people/{id}}.
 */
class ContainmentEndToEndTest {
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
    private static final String BOB = RestIds.restId(RestIds.HOME_CLUSTER, "PEOPLE", "6a1b2c3d-0b0b-4b0b-8b0b-000000000b0b");
    private static final String BOB_EMAIL = "bob@example.com";
    /** Same domain as the responders, but not on the list (which names people, not the domain). */
    private static final String MALLORY = RestIds.restId(RestIds.HOME_CLUSTER, "PEOPLE", "7e7e7e7e-0a0a-4a0a-8a0a-000000000e0e");
    private static final String MALLORY_EMAIL = "mallory@example.com";
    private static final String CARD_MESSAGE = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "c0ffee00-1234-4321-8888-000000000001");

    private static final String APPLY = "/ise-ers/ers/config/ancendpoint/apply";
    private static final String CLEAR = "/ise-ers/ers/config/ancendpoint/clear";
    private static final String ISOLATION = "/amp/v1/computers/" + HOST_GUID + "/isolation";
    private static final String POLICY = "ANC_Quarantine";
    private static final String CSRF = "csrf-e2e-7f3a";
    private static final String FORGED_MAC = "de:ad:be:ef:00:01";
    /** The unlock code in AMP's isolation PUT sample. */
    private static final String UNLOCK_CODE = "gdkxjk";
    private static final String TWO_RESPONDERS_WITH_APPROVAL = """
            security:
              responders: ["alice@example.com", "bob@example.com"]
              require_approval: true
            """;
    private static final String TWO_RESPONDERS = """
            security:
              responders: ["alice@example.com", "bob@example.com"]
            """;
    /** Bob's direct room with the bot: not the room the cards of these tests are posted in. */
    private static final String BOB_ROOM = RestIds.restId(RestIds.HOME_CLUSTER, "ROOM",
            "b0b0b0b0-0000-4000-8000-00000000b0b0");
    private static final String WRONG_ROOM = "That button belongs to a card posted in another room and works only "
            + "there. Nothing was done.";
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    /** How events reach the bot; the first scenario runs over webhooks and over the event socket. */
    private EventChannel channel = EventChannel.open(EventChannel.Mode.WEBHOOK);
    private AppConfig config;
    private Tuning tuning = TestConfigs.fastTuning();
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        webex.person(ALICE, ALICE_EMAIL);
        webex.person(BOB, BOB_EMAIL);
        webex.person(MALLORY, MALLORY_EMAIL);
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        // ERS CSRF: the token comes back on a GET with "X-CSRF-TOKEN: fetch" and must go with the PUT.
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(fixture("ise/ers-ancendpoint-list-empty.json")).withHeader("X-CSRF-Token", CSRF)));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
        wm.stubFor(put(urlPathEqualTo(CLEAR)).willReturn(aResponse().withStatus(204)));
        wm.stubFor(put(urlPathEqualTo(ISOLATION)).willReturn(okJson(fixture("amp/isolation-put-pending-start.json"))));
        wm.stubFor(delete(urlPathEqualTo(ISOLATION))
                .willReturn(okJson(fixture("amp/isolation-delete-pending-stop-authored.json"))));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        channel.close();
    }

    // --- 1. investigate, press, confirm

    @ParameterizedTest
    @EnumSource(EventChannel.Mode.class)
    void quarantine_from_the_investigation_card_is_confirmed_first_then_applies_the_anc_policy_once(EventChannel.Mode mode) {
        channel.close();
        channel = EventChannel.open(mode);
        start("");
        JsonNode investigation = investigateHost();

        for (String title : List.of("Quarantine", "Isolate")) {
            JsonNode data = submit(investigation, title).path("data");
            List<String> keys = new ArrayList<>();
            data.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as("%s button data %s", title, data).containsExactlyInAnyOrder("action", "ref");
            assertThat(data.path("action").asText()).isEqualTo("contain.press");
            assertThat(data.path("ref").asText()).matches("[A-Za-z0-9_-]{20,}");
            assertThat(data.toString().toLowerCase()).doesNotContain(HOST_MAC, HOST_MAC.replace(":", ""),
                    HOST_MAC.replace(":", "-"), HOST_GUID, HOST.toLowerCase(), ProductStubs.HOST_IP);
        }
        String ref = ref(investigation, "Quarantine");

        JsonNode confirmation = card(single(press(ALICE, action("contain.press", ref), 1)));

        assertThat(plain(confirmation)).contains("Confirm: quarantine " + HOST_NAME_IN_AMP + "?",
                "Quarantine " + label() + " through ISE. Nothing happens until a responder confirms.",
                "Action: Quarantine", "MAC address: " + HOST_MAC, "Product: ISE — ANC policy '" + POLICY + "'")
                .containsPattern("Buttons expire: (\\d{1,2} \\w{3} )?\\d\\d:\\d\\d UTC \\(in 23 h\\)");
        assertThat(CardText.titles(confirmation)).containsExactly("Quarantine " + HOST_NAME_IN_AMP, "Cancel");
        assertThat(ref(confirmation, "Quarantine ")).isEqualTo(ref);
        assertThat(submit(confirmation, "Quarantine ").path("style").asText()).isEqualTo("destructive");
        assertThat(submit(confirmation, "Cancel").has("style")).isFalse();
        wm.verify(0, anyRequestedFor(urlPathMatching("/ise-ers/.*")));

        JsonNode result = card(single(press(ALICE, action("contain.confirm", ref), 1)));

        assertThat(plain(result)).contains("Quarantined: " + label() + " via ISE (by " + ALICE_EMAIL + "). "
                + "ANC policy " + POLICY + " applied to " + HOST_MAC.toUpperCase());
        assertThat(CardText.titles(result)).containsExactly("Unquarantine " + HOST_NAME_IN_AMP);
        assertThat(ref(result, "Unquarantine")).isNotEqualTo(ref);
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY))
                .withBasicAuth(new BasicCredentials(ProductStubs.ISE_USER, ProductStubs.ISE_PASSWORD))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("X-CSRF-TOKEN", equalTo(CSRF))
                .withRequestBody(equalToJson(applyBody())));
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));

        JsonNode contained = card(single(say("/contained", 1)));

        assertThat(plain(contained)).contains("Contained by irflow (1)",
                "Quarantined: " + label() + " via ISE since ", "), by " + ALICE_EMAIL);
        assertThat(CardText.titles(contained)).singleElement().asString().startsWith("Unquarantine " + HOST_NAME_IN_AMP);
    }

    // --- 1b. behind a corporate proxy

    @Test
    void behind_a_proxy_every_product_and_webex_call_of_investigate_and_quarantine_goes_through_it() throws Exception {
        try (io.irflow.testing.TestProxy proxy = io.irflow.testing.TestProxy.requiring("svc", "pa55")) {
            start("http:\n  proxy: \"" + proxy.url("svc", "pa55") + "\"\n");
            String ref = ref(investigateHost(), "Quarantine");
            press(ALICE, action("contain.press", ref), 1);
            press(ALICE, action("contain.confirm", ref), 1);
            say("/investigate " + ProductStubs.DOMAIN + " " + ProductStubs.SHA256, 1);

            List<String> paths = proxy.requests().stream()
                    .map(r -> java.net.URI.create(r.target()).getPath().replaceAll("^(/[^/]+/?[^/]*).*", "$1")).toList();
            assertThat(paths).contains("/v1/people", "/v1/messages", "/v1/attachment", "/amp/v1", "/tr/iroh",
                    "/ise-mnt/admin", "/ise-ers/ers", "/cmx/api").anyMatch(p -> p.startsWith("/investigate/"))
                    .anyMatch(p -> p.startsWith("/tg/")).anyMatch(p -> p.startsWith("/vt/"));
            assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.withCredentials()).as(r.target()).isTrue());
            wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        }
    }

    // --- 2. people who are not responders (the router's access middleware refuses before any handler runs)

    @Test
    void a_press_by_an_outsider_calls_no_product_gets_one_refusal_an_hour_and_is_in_the_access_log() {
        start("");
        String ref = ref(investigateHost(), "Quarantine");

        JsonNode refusal = single(press(MALLORY, action("contain.press", ref), 1));
        assertThat(refusal.path("roomId").asText()).isEqualTo(ROOM);
        assertThat(refusal.has("attachments")).isFalse();
        assertThat(refusal.path("markdown").asText()).isEqualTo(AccessMiddleware.REFUSAL);
        // Within the hour: silence, whatever the button.
        silent(() -> channel.cardAction(stubAction(ROOM, MALLORY, action("contain.confirm", ref)), CARD_MESSAGE, ROOM,
                "direct", MALLORY, MALLORY_EMAIL));
        silent(() -> channel.cardAction(stubAction(ROOM, MALLORY, action("contain.cancel", ref)), CARD_MESSAGE, ROOM,
                "direct", MALLORY, MALLORY_EMAIL));
        assertOnlyWebex();
        // Who pressed is what Webex says for the person id, never the card's inputs.
        wm.verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/v1/people/" + MALLORY)));

        String access = single(say("/access", 1)).path("markdown").asText();
        assertThat(access.lines().filter(l -> l.contains(MALLORY_EMAIL)).toList()).hasSize(1).allSatisfy(l ->
                assertThat(l).contains("button contain.press").contains("refused: not an analyst or responder"));
        assertThat(auditLines(say("/audit", 1))).as("the middleware refused before containment saw anything").isEmpty();

        // The refusals did not use up the button: a responder can still press it.
        assertThat(plain(card(single(press(ALICE, action("contain.press", ref), 1)))))
                .contains("Confirm: quarantine " + HOST_NAME_IN_AMP + "?");
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void an_analyst_can_investigate_but_cannot_quarantine_confirm_cancel_or_undo_and_is_told_each_time() {
        start("""
                security:
                  responders: ["alice@example.com"]
                  analysts: ["@example.com"]
                """);
        String ref = ref(investigateHost(), "Quarantine");

        // Typed: refused before the host is looked up, so no product hears of it.
        String typed = single(sayAs(BOB, BOB_EMAIL, "/quarantine " + HOST, 1)).path("markdown").asText();
        assertThat(typed).contains("/quarantine").contains("needs a **responder**").contains("analyst");
        for (String button : List.of("contain.press", "contain.confirm", "contain.cancel", "contain.press")) {
            assertThat(single(press(BOB, action(button, ref), 1)).path("markdown").asText())
                    .startsWith("That button needs a **responder**");
        }
        assertOnlyWebex();

        // A responder moves it to "confirm"; the analyst still cannot confirm or cancel it.
        JsonNode confirmation = card(single(press(ALICE, action("contain.press", ref), 1)));
        assertThat(single(press(BOB, action("contain.confirm", ref(confirmation, "Quarantine ")), 1)).path("markdown")
                .asText()).startsWith("That button needs a **responder**");
        assertThat(single(press(BOB, action("contain.cancel", ref(confirmation, "Cancel")), 1)).path("markdown")
                .asText()).startsWith("That button needs a **responder**");
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));

        // ...while the responder can: quarantine, then the analyst cannot press Undo either.
        JsonNode done = card(single(press(ALICE, action("contain.confirm", ref), 1)));
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        assertThat(single(press(BOB, action("contain.press", ref(done, "Unquarantine")), 1)).path("markdown")
                .asText()).startsWith("That button needs a **responder**");
        wm.verify(0, putRequestedFor(urlPathEqualTo(CLEAR)));

        // Read-only commands work for the analyst, and the responder sees every refusal.
        assertThat(plain(card(single(sayAs(BOB, BOB_EMAIL, "/investigate " + HOST, 1))))).contains(" · "
                + HOST_MAC + " · ");
        assertThat(plain(card(single(sayAs(BOB, BOB_EMAIL, "/contained", 1))))).contains(HOST_MAC);
        assertThat(single(sayAs(BOB, BOB_EMAIL, "/access", 1)).path("markdown").asText()).contains("needs a **responder**");
        List<String> log = single(say("/access 20", 1)).path("markdown").asText().lines()
                .filter(l -> l.contains(BOB_EMAIL)).toList();
        assertThat(log).hasSize(9).allSatisfy(l -> assertThat(l).contains("refused: analyst, needs a responder"));
        assertThat(log).anySatisfy(l -> assertThat(l).contains("/quarantine"))
                .anySatisfy(l -> assertThat(l).contains("/access"));
    }

    @Test
    void a_responder_can_cancel_a_pending_action() {
        start("");
        String ref = ref(investigateHost(), "Quarantine");
        JsonNode confirmation = card(single(press(ALICE, action("contain.press", ref), 1)));
        assertThat(single(press(ALICE, action("contain.cancel", ref(confirmation, "Cancel")), 1)).path("markdown").asText())
                .startsWith("Cancelled: quarantine");
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));
    }

    // --- 3. never trust card data

    @Test
    void a_forged_action_naming_another_mac_only_ever_sends_the_stored_mac_and_bad_or_used_refs_do_nothing() {
        start("");
        JsonNode investigation = investigateHost();
        String ref = ref(investigation, "Quarantine");
        String isolateRef = ref(investigation, "Isolate");
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("mac", FORGED_MAC);
        forged.put("macAddress", FORGED_MAC.toUpperCase());
        forged.put("target", FORGED_MAC);
        forged.put("kind", "QUARANTINE");
        forged.put("product", "ISE");

        JsonNode confirmation = card(single(press(ALICE, forged(action("contain.press", ref), forged), 1)));
        assertThat(plain(confirmation)).contains("MAC address: " + HOST_MAC).doesNotContain(FORGED_MAC);

        JsonNode result = card(single(press(ALICE, forged(action("contain.confirm", ref), forged), 1)));
        assertThat(plain(result)).contains("Quarantined: " + label());

        // Confirming a button that was never pressed (no confirmation card) does nothing either.
        JsonNode skipped = single(press(ALICE, forged(action("contain.confirm", isolateRef), forged), 1));
        assertThat(skipped.path("markdown").asText()).startsWith("“Isolate " + HOST_NAME_IN_AMP
                + "” has not been asked for yet: press it on its card first.").endsWith("Nothing was done.");

        JsonNode unknown = single(press(ALICE, forged(action("contain.confirm", "AAAAAAAAAAAAAAAAAAAAAAAA"), forged), 1));
        assertThat(unknown.path("markdown").asText())
                .isEqualTo("That button can no longer be used (unknown reference). Nothing was done; investigate again "
                        + "or type the command.");
        JsonNode noRef = single(press(ALICE, forged(Map.of("action", "contain.confirm"), forged), 1));
        assertThat(noRef.path("markdown").asText()).startsWith("That button can no longer be used (unknown reference)");

        for (String again : List.of("contain.confirm", "contain.press")) {
            JsonNode reused = single(press(ALICE, action(again, ref), 1));
            assertThat(reused.path("markdown").asText()).startsWith("**" + HOST_NAME_IN_AMP + "** was quarantined by "
                    + ALICE_EMAIL + " at ").contains("(just now).", "It is still quarantined", "/contained")
                    .endsWith("Nothing was done.");
        }

        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)).withRequestBody(equalToJson(applyBody())));
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));
        wm.verify(0, putRequestedFor(urlPathMatching("/amp/.*")));
        wm.verify(0, anyRequestedFor(anyUrl()).withRequestBody(matching("(?is).*de[:-]?ad[:-]?be[:-]?ef.*")));
        wm.verify(0, anyRequestedFor(urlMatching("(?i).*de(:|%3a|-)?ad(:|%3a|-)?be(:|%3a|-)?ef.*")));

        List<String> audit = auditLines(say("/audit 20", 1));
        assertThat(audit).filteredOn(l -> l.contains(" · refused · ")).hasSize(5)
                .anySatisfy(l -> assertThat(l).contains("reference unknown reference"))
                .anySatisfy(l -> assertThat(l).contains("reference already used"));
        assertThat(String.join("\n", audit)).doesNotContain(FORGED_MAC);
    }

    // --- 4. approval by a second responder

    @Test
    void with_approval_required_nothing_runs_until_a_second_responder_approves() {
        start(TWO_RESPONDERS_WITH_APPROVAL);
        String ref = ref(investigateHost(), "Quarantine");

        JsonNode confirmation = card(single(press(ALICE, action("contain.press", ref), 1)));
        assertThat(plain(confirmation)).contains("Approval: a second responder must approve after you confirm");

        JsonNode waiting = card(single(press(ALICE, action("contain.confirm", ref), 1)));
        assertThat(plain(waiting)).contains("Approval needed", ALICE_EMAIL + " confirmed: quarantine " + label()
                + " through ISE. A second responder must approve it.");
        assertThat(CardText.titles(waiting)).containsExactly("Approve", "Cancel");
        assertThat(ref(waiting, "Approve")).isEqualTo(ref);

        JsonNode self = single(press(ALICE, action("contain.confirm", ref), 1));
        assertThat(self.path("markdown").asText()).contains("A second responder has to approve this");
        JsonNode outsider = single(press(MALLORY, action("contain.confirm", ref), 1));
        assertThat(outsider.path("markdown").asText()).isEqualTo(AccessMiddleware.REFUSAL);
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));

        JsonNode result = card(single(press(BOB, action("contain.confirm", ref), 1)));

        assertThat(plain(result)).contains("Quarantined: " + label() + " via ISE (by " + BOB_EMAIL + ")");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)).withRequestBody(equalToJson(applyBody()))
                .withHeader("X-CSRF-TOKEN", equalTo(CSRF)));
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));
        JsonNode again = single(press(BOB, action("contain.confirm", ref), 1));
        assertThat(again.path("markdown").asText()).startsWith("**" + HOST_NAME_IN_AMP + "** was quarantined by "
                + BOB_EMAIL + " at ").endsWith("Nothing was done.");
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));

        assertThat(events(say("/audit 20", 1))).containsExactly(
                "refused " + BOB_EMAIL, "executed " + BOB_EMAIL, "approved " + BOB_EMAIL,
                "refused " + ALICE_EMAIL, "awaiting approval " + ALICE_EMAIL, "requested " + ALICE_EMAIL);
    }

    // --- 5. undo

    @Test
    void undo_is_confirmed_then_clears_the_policy_once_and_the_audit_lists_every_step() {
        start("");
        JsonNode result = quarantineHost();

        String undo = ref(result, "Unquarantine");
        JsonNode confirmation = card(single(press(ALICE, action("contain.press", undo), 1)));
        assertThat(plain(confirmation)).contains("Confirm: unquarantine " + HOST_NAME_IN_AMP + "?",
                "Unquarantine " + label() + " through ISE",
                "MAC address: " + HOST_MAC, "Product: ISE — ANC policy '" + POLICY + "'");
        wm.verify(0, putRequestedFor(urlPathEqualTo(CLEAR)));

        JsonNode undone = card(single(press(ALICE, action("contain.confirm", undo), 1)));

        assertThat(plain(undone)).contains("Unquarantined: " + label() + " via ISE (by " + ALICE_EMAIL + "). "
                + "ANC policy " + POLICY + " cleared from " + HOST_MAC.toUpperCase());
        assertThat(CardText.titles(undone)).isEmpty();
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR))
                .withBasicAuth(new BasicCredentials(ProductStubs.ISE_USER, ProductStubs.ISE_PASSWORD))
                .withHeader("X-CSRF-TOKEN", equalTo(CSRF))
                .withRequestBody(equalToJson(clearBody())));
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));

        JsonNode contained = card(single(say("/contained", 1)));
        assertThat(plain(contained)).contains("Contained by irflow (0)",
                "Nothing is quarantined, isolated or blocked by irflow right now.");
        assertThat(CardText.titles(contained)).isEmpty();

        List<JsonNode> auditPosts = say("/audit", 1);
        assertThat(events(auditPosts)).containsExactly("undone " + ALICE_EMAIL, "confirmed " + ALICE_EMAIL,
                "requested " + ALICE_EMAIL, "executed " + ALICE_EMAIL, "confirmed " + ALICE_EMAIL,
                "requested " + ALICE_EMAIL);
        List<String> lines = auditLines(auditPosts);
        assertThat(lines.get(0)).contains("quarantine " + HOST_MAC + " · ISE · HTTP 204 · ANC policy " + POLICY + " cleared");
        assertThat(lines.get(3)).contains("quarantine " + HOST_MAC + " · ISE · HTTP 204 · ANC policy " + POLICY + " applied");
        assertThat(single(auditPosts).path("markdown").asText()).contains("undone", "executed", "requested", "confirmed");

        // The used undo button cannot clear it twice.
        JsonNode twice = single(press(ALICE, action("contain.confirm", undo), 1));
        assertThat(twice.path("markdown").asText()).startsWith("**" + HOST_NAME_IN_AMP + "** was unquarantined by "
                + ALICE_EMAIL + " at ").endsWith("Nothing was done.");
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));
    }

    // --- 5b. a button that can no longer be used says what became of it

    @Test
    void a_second_press_of_a_used_or_cancelled_button_states_who_did_what_and_when() {
        start(TWO_RESPONDERS);
        JsonNode investigation = investigateHost();
        String quarantine = ref(investigation, "Quarantine");
        String isolate = ref(investigation, "Isolate");
        card(single(press(ALICE, action("contain.press", quarantine), 1)));
        JsonNode result = card(single(press(ALICE, action("contain.confirm", quarantine), 1)));

        String late = single(press(BOB, action("contain.confirm", quarantine), 1)).path("markdown").asText();
        assertThat(late).matches("\\*\\*" + HOST_NAME_IN_AMP + "\\*\\* was quarantined by " + ALICE_EMAIL
                + " at \\d\\d:\\d\\d UTC \\(just now\\)\\. It is still quarantined; its undo button is on the result card "
                + "in this thread and in /contained\\. Nothing was done\\.");

        card(single(press(ALICE, action("contain.press", isolate), 1)));
        assertThat(single(press(BOB, action("contain.cancel", isolate), 1)).path("markdown").asText())
                .startsWith("Cancelled: isolate");
        String cancelled = single(press(ALICE, action("contain.confirm", isolate), 1)).path("markdown").asText();
        assertThat(cancelled).matches(BOB_EMAIL + " cancelled “Isolate " + HOST_NAME_IN_AMP + "” at \\d\\d:\\d\\d UTC "
                + "\\(just now\\)\\. \\*\\*" + HOST_NAME_IN_AMP + "\\*\\* is not isolated by irflow now; investigate it "
                + "again for a fresh card\\. Nothing was done\\.");

        String undo = ref(result, "Unquarantine");
        card(single(press(BOB, action("contain.press", undo), 1)));
        card(single(press(BOB, action("contain.confirm", undo), 1)));
        String afterUndo = single(press(ALICE, action("contain.press", quarantine), 1)).path("markdown").asText();
        assertThat(afterUndo).startsWith("**" + HOST_NAME_IN_AMP + "** was quarantined by " + ALICE_EMAIL + " at ")
                .contains("It was unquarantined by " + BOB_EMAIL + " since.").endsWith("Nothing was done.");

        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));
        wm.verify(0, putRequestedFor(urlPathEqualTo(ISOLATION)));
    }

    @Test
    void undo_buttons_pressed_after_another_responder_undid_it_call_the_product_once_and_say_who_did() {
        start(TWO_RESPONDERS);
        String fromResult = ref(quarantineHost(), "Unquarantine");
        // Alice asks to undo from the result card; her confirmation card waits while two /contained cards are drawn.
        JsonNode alicesConfirmation = card(single(press(ALICE, action("contain.press", fromResult), 1)));
        String bobs = ref(card(single(sayAs(BOB, BOB_EMAIL, "/contained", 1))), "Unquarantine");
        String spare = ref(card(single(say("/contained", 1))), "Unquarantine");

        // Bob undoes it from his /contained card.
        card(single(press(BOB, action("contain.press", bobs), 1)));
        assertThat(plain(card(single(press(BOB, action("contain.confirm", bobs), 1))))).contains("Unquarantined: ");
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));

        // Alice's waiting confirmation and the unused spare button: the current fact, no second undo, no new card.
        String expected = "**" + HOST_NAME_IN_AMP + "** was already unquarantined by " + BOB_EMAIL + " at ";
        List<String> answers = new ArrayList<>();
        answers.add(single(press(ALICE, action("contain.confirm", ref(alicesConfirmation, "Unquarantine ")), 1))
                .path("markdown").asText());
        answers.add(single(press(ALICE, action("contain.press", spare), 1)).path("markdown").asText());
        answers.add(single(press(BOB, action("contain.press", spare), 1)).path("markdown").asText());
        answers.add(single(press(ALICE, action("contain.confirm", fromResult), 1)).path("markdown").asText());
        assertThat(answers).allSatisfy(a -> assertThat(a).startsWith(expected)
                .contains("(just now), after this button was drawn.").endsWith("Nothing was done."));

        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        assertThat(auditLines(say("/audit 20", 1))).filteredOn(l -> l.contains(" · refused · ")).hasSize(4)
                .allSatisfy(l -> assertThat(l).contains("already undone by " + BOB_EMAIL));
        assertThat(events(say("/audit 20", 1))).filteredOn(e -> e.startsWith("undone ")).containsExactly("undone "
                + BOB_EMAIL);
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");
    }

    @Test
    void help_lists_the_real_commands_grouped_in_order_of_use_with_product_names() {
        start("");
        JsonNode help = card(single(say("help", 1)));

        String text = plain(help);
        assertThat(text).containsSubsequence("Investigate", "/investigate", "(or /i)", "Contain", "/quarantine",
                "/release", "/contained", "Incidents", "/incidents", "In an incident's room", "/note", "/close",
                "Admin", "/status", "/access", "/help (or /?, /h)", "Products enabled: AMP for Endpoints");
        assertThat(text).contains("Responders only, except /contained and /audit.", "ISE", "Threat Response")
                .doesNotContain("amp4e", "threatresponse", "(incident rooms only)");
        assertThat(text.split("These work in an incident's own room only", -1)).hasSize(2);
        assertThat(help.toString()).doesNotContain("`");
    }

    // --- 6. durable across a restart

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void after_a_restart_on_the_same_database_the_audit_and_the_contained_list_still_show_it(String kind) {
        String db = TestDatabases.freshUrl(kind, dir);
        start("storage:\n  url: \"" + db + "\"\n");
        quarantineHost();

        restart();

        JsonNode contained = card(single(say("/contained", 1)));
        assertThat(plain(contained)).contains("Contained by irflow (1)", "Quarantined: " + label() + " via ISE since ",
                "), by " + ALICE_EMAIL);
        assertThat(events(say("/audit", 1))).containsExactly("executed " + ALICE_EMAIL, "confirmed " + ALICE_EMAIL,
                "requested " + ALICE_EMAIL);

        // The undo button drawn by the restarted bot works.
        String undo = ref(contained, "Unquarantine " + HOST_NAME_IN_AMP);
        card(single(press(ALICE, action("contain.press", undo), 1)));
        card(single(press(ALICE, action("contain.confirm", undo), 1)));
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)).withRequestBody(equalToJson(clearBody())));

        restart();

        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");
        assertThat(events(say("/audit", 1))).containsExactly("undone " + ALICE_EMAIL, "confirmed " + ALICE_EMAIL,
                "requested " + ALICE_EMAIL, "executed " + ALICE_EMAIL, "confirmed " + ALICE_EMAIL,
                "requested " + ALICE_EMAIL);
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
    }

    // --- 7. AMP isolation and its unlock code

    @Test
    void isolation_sends_the_unlock_code_only_to_the_presser_in_a_direct_message() {
        start("");
        String ref = ref(investigateHost(), "Isolate");

        JsonNode confirmation = card(single(press(ALICE, action("contain.press", ref), 1)));
        assertThat(plain(confirmation)).contains("Confirm: isolate " + HOST_NAME_IN_AMP + "?", "Isolate " + HOST_NAME_IN_AMP
                + " through AMP for Endpoints", "AMP computer: " + HOST_GUID, "Product: AMP for Endpoints — AMP isolation");
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));

        List<JsonNode> posts;
        List<String> logged;
        try (io.irflow.testing.LogCapture log = io.irflow.testing.LogCapture.everything()) {
            posts = press(ALICE, action("contain.confirm", ref), 2);
            logged = log.linesWithCauses();
        }
        assertThat(logged).noneMatch(line -> line.contains(UNLOCK_CODE));

        assertThat(posts).hasSize(2);
        List<JsonNode> inRoom = posts.stream().filter(p -> p.has("roomId")).toList();
        List<JsonNode> direct = posts.stream().filter(p -> p.has("toPersonId")).toList();
        assertThat(inRoom).singleElement().satisfies(p -> {
            assertThat(plain(card(p))).contains("Isolated: " + HOST_NAME_IN_AMP + " via AMP for Endpoints (by "
                    + ALICE_EMAIL + "). isolation status: pending_start");
            assertThat(p.toString()).doesNotContain(UNLOCK_CODE);
        });
        assertThat(direct).singleElement().satisfies(p -> {
            assertThat(p.path("toPersonId").asText()).isEqualTo(ALICE);
            assertThat(p.has("roomId")).isFalse();
            assertThat(p.has("parentId")).isFalse();
            assertThat(p.path("markdown").asText()).contains("AMP unlock code for " + HOST_NAME_IN_AMP + ": `"
                    + UNLOCK_CODE + "`", "sent only to you");
        });
        wm.verify(1, putRequestedFor(urlPathEqualTo(ISOLATION))
                .withBasicAuth(new BasicCredentials(ProductStubs.AMP_ID, ProductStubs.AMP_KEY))
                .withRequestBody(matchingJsonPath("$.comment", equalTo("Isolated by irflow"))));
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));

        List<JsonNode> later = new ArrayList<>(say("/contained", 1));
        later.addAll(say("/audit", 1));
        assertThat(plain(card(later.get(0)))).contains("Isolated: " + HOST_NAME_IN_AMP + " via AMP for Endpoints");
        assertThat(later).allSatisfy(p -> assertThat(p.toString()).doesNotContain(UNLOCK_CODE));
        assertThat(webex.posted()).filteredOn(p -> p.toString().contains(UNLOCK_CODE)).singleElement()
                .satisfies(p -> assertThat(p.path("toPersonId").asText()).isEqualTo(ALICE));
    }

    // --- 8. simultaneous confirms

    @Test
    void twenty_simultaneous_confirms_of_one_reference_apply_the_policy_once() throws Exception {
        tuning = new Tuning(20, 200, TestConfigs.fastIntake(), TestConfigs.fastTuning().webexRetry(), TestConfigs.fastTuning().socket());
        start("");
        String ref = ref(investigateHost(), "Quarantine");
        card(single(press(ALICE, action("contain.press", ref), 1)));
        List<String> actionIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            actionIds.add(stubAction(ROOM, ALICE, action("contain.confirm", ref)));
        }
        int before = webex.posted().size();

        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String id : actionIds) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return webhooks.deliver(url, SignedWebhooks.cardAction(id, CARD_MESSAGE, ROOM, ALICE));
                }));
            }
            go.countDown();
            for (Future<Integer> s : statuses) {
                assertThat(s.get(20, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> webex.posted().size() >= before + 20);
        List<JsonNode> answers = webex.posted().subList(before, webex.posted().size());

        assertThat(answers).hasSize(20);
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)).withRequestBody(equalToJson(applyBody())));
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));
        assertThat(answers).filteredOn(p -> p.has("attachments")).singleElement()
                .satisfies(p -> assertThat(plain(card(p))).contains("Quarantined: " + label()));
        assertThat(answers).filteredOn(p -> !p.has("attachments")).hasSize(19)
                .allSatisfy(p -> assertThat(p.path("markdown").asText()).endsWith("Nothing was done.").satisfiesAnyOf(
                        m -> assertThat(m).startsWith("**" + HOST_NAME_IN_AMP + "** was quarantined by " + ALICE_EMAIL),
                        m -> assertThat(m).startsWith(ALICE_EMAIL + " confirmed “Quarantine " + HOST_NAME_IN_AMP + "”")));
        List<String> events = events(say("/audit 50", 1));
        assertThat(events).filteredOn(e -> e.startsWith("executed ")).hasSize(1);
        assertThat(events).filteredOn(e -> e.startsWith("confirmed ")).hasSize(1);
        assertThat(events).filteredOn(e -> e.startsWith("refused ")).hasSize(19);
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (1)");
    }

    @Test
    void two_undo_buttons_of_one_host_confirmed_at_the_same_moment_clear_the_policy_once() throws Exception {
        tuning = new Tuning(4, 200, TestConfigs.fastIntake(), TestConfigs.fastTuning().webexRetry(),
                TestConfigs.fastTuning().socket());
        start(TWO_RESPONDERS);
        String fromResult = ref(quarantineHost(), "Unquarantine");
        String fromList = ref(card(single(sayAs(BOB, BOB_EMAIL, "/contained", 1))), "Unquarantine");
        card(single(press(ALICE, action("contain.press", fromResult), 1)));
        card(single(press(BOB, action("contain.press", fromList), 1)));
        // ISE takes its time: both confirms are past confirm()'s check before either undo is recorded.
        wm.stubFor(put(urlPathEqualTo(CLEAR)).willReturn(aResponse().withStatus(204).withFixedDelay(700)));
        List<String> ids = List.of(stubAction(ROOM, ALICE, action("contain.confirm", fromResult)),
                stubAction(ROOM, BOB, action("contain.confirm", fromList)));
        int before = webex.posted().size();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String id = ids.get(i);
                String who = i == 0 ? ALICE : BOB;
                statuses.add(pool.submit(() -> {
                    go.await();
                    return webhooks.deliver(url, SignedWebhooks.cardAction(id, CARD_MESSAGE, ROOM, who));
                }));
            }
            go.countDown();
            for (Future<Integer> st : statuses) {
                assertThat(st.get(20, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> webex.posted().size() >= before + 2);
        List<JsonNode> answers = webex.posted().subList(before, webex.posted().size());

        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));
        assertThat(answers).filteredOn(p -> p.has("attachments")).singleElement()
                .satisfies(p -> assertThat(plain(card(p))).contains("Unquarantined: " + label()));
        assertThat(answers).filteredOn(p -> !p.has("attachments")).singleElement().satisfies(p ->
                assertThat(p.path("markdown").asText()).startsWith("**" + HOST_NAME_IN_AMP + "** was already "
                        + "unquarantined by ").endsWith("Nothing was done."));
        assertThat(events(say("/audit 20", 1))).filteredOn(e -> e.startsWith("undone ")).hasSize(1);
    }

    // --- 9. a card reference works only in the room its card was posted in

    @Test
    void a_reference_used_in_another_room_is_refused_there_calls_no_product_and_is_audited() {
        start(TWO_RESPONDERS);
        String ref = ref(investigateHost(), "Quarantine");

        for (String step : List.of("contain.press", "contain.confirm", "contain.cancel")) {
            JsonNode refusal = single(pressIn(BOB_ROOM, BOB, action(step, ref), 1));
            assertThat(refusal.path("roomId").asText()).isEqualTo(BOB_ROOM);
            assertThat(refusal.has("attachments")).isFalse();
            assertThat(refusal.path("markdown").asText()).isEqualTo(WRONG_ROOM);
        }
        wm.verify(0, anyRequestedFor(urlPathMatching("/(ise-ers|ise-mnt|amp)/.*")));
        assertThat(auditLines(say("/audit", 1))).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains(" · refused · " + BOB_EMAIL + " · reference from a card posted in another room")
                .doesNotContain(HOST_MAC));

        // Neither used up nor cancelled: in its own room the card still works.
        card(single(press(BOB, action("contain.press", ref), 1)));
        assertThat(plain(card(single(press(BOB, action("contain.confirm", ref), 1)))))
                .contains("Quarantined: " + label());
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
    }

    @Test
    void an_approval_card_is_approved_only_in_the_room_it_was_posted_in() {
        start(TWO_RESPONDERS_WITH_APPROVAL);
        String ref = ref(investigateHost(), "Quarantine");
        card(single(press(ALICE, action("contain.press", ref), 1)));
        String approve = ref(card(single(press(ALICE, action("contain.confirm", ref), 1))), "Approve");

        JsonNode refusal = single(pressIn(BOB_ROOM, BOB, action("contain.confirm", approve), 1));

        assertThat(refusal.path("roomId").asText()).isEqualTo(BOB_ROOM);
        assertThat(refusal.path("markdown").asText()).isEqualTo(WRONG_ROOM);
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));
        assertThat(plain(card(single(press(BOB, action("contain.confirm", approve), 1)))))
                .contains("Quarantined: " + label() + " via ISE (by " + BOB_EMAIL + ")");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
    }

    // --- 10. a crash between ISE's answer and irflow's database write

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_quarantine_a_crash_left_executing_is_reconciled_at_start_up_and_its_undo_works(String kind) {
        String db = TestDatabases.freshUrl(kind, dir);
        try (Database d = Database.open(db)) {
            // What a process killed after ISE applied the policy, before recording it, leaves: the intent.
            Instant started = Instant.now().minus(Duration.ofMinutes(10));
            new PendingActionStore(d.dataSource()).insert(new PendingAction("crash-left-this-executing-0001",
                    ContainmentKind.QUARANTINE, false, "ISE", HOST_MAC, label(), ROOM,
                    ALICE_EMAIL, started, started.plus(Duration.ofHours(24)), PendingAction.State.EXECUTING,
                    ALICE_EMAIL));
        }
        // ISE has the policy on the MAC (ERS ANC endpoint samples, for the host's MAC).
        String upper = HOST_MAC.toUpperCase();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(2)
                .withQueryParam("filter", equalTo("macAddress.EQ." + upper))
                .willReturn(okJson(fixture("ise/ers-ancendpoint-list-quarantine.json"))));
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint/0b6f2c1e-4d3a-4f5b-9c8d-7e6f5a4b3c2d"))
                .willReturn(okJson(fixture("ise/ers-ancendpoint-get-by-id-quarantine.json")
                        .replace("D4:BE:D9:3D:25:E2", upper))));

        start("storage:\n  url: \"" + db + "\"\n");
        try (Database d = Database.open(db)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !new ContainedTargetStore(d.dataSource()).all().isEmpty());
        }

        JsonNode contained = card(single(say("/contained", 1)));
        assertThat(plain(contained)).contains("Contained by irflow (1)", "Quarantined: " + label() + " via ISE since ",
                "), by " + ALICE_EMAIL);
        assertThat(auditLines(say("/audit", 1)).get(0)).contains(" · executed · " + ALICE_EMAIL + " · quarantine "
                + HOST_MAC + " · ISE · reconciled: ISE reports it in effect");

        String undo = ref(contained, "Unquarantine " + HOST_NAME_IN_AMP);
        card(single(press(ALICE, action("contain.press", undo), 1)));
        assertThat(plain(card(single(press(ALICE, action("contain.confirm", undo), 1)))))
                .contains("Unquarantined: " + label());
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)).withRequestBody(equalToJson(clearBody())));
        wm.verify(0, putRequestedFor(urlPathEqualTo(APPLY)));
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");
    }

    // --- flows

    /** Investigates the host, presses Quarantine, confirms; returns the result card. */
    private JsonNode quarantineHost() {
        String ref = ref(investigateHost(), "Quarantine");
        card(single(press(ALICE, action("contain.press", ref), 1)));
        JsonNode result = card(single(press(ALICE, action("contain.confirm", ref), 1)));
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)).withRequestBody(equalToJson(applyBody())));
        return result;
    }

    private JsonNode investigateHost() {
        JsonNode card = card(single(say("/investigate " + HOST, 1)));
        assertThat(plain(card)).contains(" · " + HOST_MAC + " · ");
        wm.resetRequests(); // from here on, every product request is one the containment made
        return card;
    }

    // --- paging

    @Test
    void a_long_audit_log_and_contained_list_come_a_page_at_a_time_with_how_to_see_the_rest() {
        start("");
        AuditStore log = new AuditStore(bot.database().dataSource());
        ContainedTargetStore held = new ContainedTargetStore(bot.database().dataSource());
        for (int i = 1; i <= 45; i++) {
            log.append(new AuditStore.Entry(java.time.Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i), "entry-" + i
                    + "@example.com", ROOM, AuditStore.Event.EXECUTED,
                    io.irflow.capabilities.ContainmentKind.BLOCK_DOMAIN, "Umbrella", "d" + i
                    + ".example", "ok", 200, null, null));
        }
        for (int i = 1; i <= 23; i++) {
            String mac = String.format("02:00:00:00:00:%02x", i);
            held.add(new ContainedTargetStore.Row(io.irflow.capabilities.ContainmentKind.QUARANTINE, mac, "host-" + i, "ISE",
                    java.time.Instant.parse("2026-12-01T10:00:00Z"), ALICE_EMAIL, ROOM));
        }

        List<String> first = auditLines(say("/audit", 1));
        assertThat(first).hasSize(21);
        assertThat(first.get(0)).contains("entry-45@");
        assertThat(first.get(19)).contains("entry-26@");
        assertThat(first.get(20)).isEqualTo("Showing 1–20 of 45. 25 more: /audit page 2, or /audit --all for up to 50 "
                + "at once.");

        JsonNode third = card(single(say("/audit page 3", 1)));
        assertThat(plain(third)).startsWith("Audit — page 3 of 3 (newest first)").contains("entry-5@", "entry-1@",
                "Showing 41–45 of 45.").doesNotContain("entry-6@");
        assertThat(plain(card(single(say("/audit --all", 1))))).contains("entry-45@", "entry-1@").doesNotContain("more:");
        assertThat(single(say("/audit page two", 1)).path("markdown").asText()).contains("`/audit page 2`");

        JsonNode contained = card(single(say("/contained", 1)));
        assertThat(plain(contained)).contains("Contained by irflow (23)", "Showing 1–20 of 23. 3 more: /contained page 2");
        JsonNode rest = card(single(say("/contained page 2", 1)));
        assertThat(plain(rest)).contains("Showing 21–23 of 23.");
        assertThat(CardText.titles(rest)).hasSize(3).allMatch(t -> t.startsWith("Unquarantine host-2"));
        assertThat(CardText.titles(contained)).hasSize(5);
    }

    private static String label() {
        return HOST_NAME_IN_AMP + " (" + HOST_MAC + ")";
    }

    // --- the bot

    private void start(String extraYaml) {
        config = channel.config(webex.url(), LOOKUPS + new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl())
                .yaml() + extraYaml);
        boot();
    }

    private void boot() {
        bot = channel.start(config, tuning);
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
    }

    /** Stops the bot and starts a new one from the same config (the same {@code storage.url}). */
    private void restart() {
        bot.close();
        bot = null;
        boot();
    }

    // --- Webex

    /** Alice types a command; returns the posts it caused. */
    private List<JsonNode> say(String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "e2e-" + IDS.incrementAndGet());
        webex.message("capture-message-direct-user.json", id, "direct", text);
        return delivered(posts, () -> channel.message(id, ROOM, "direct", ALICE, ALICE_EMAIL));
    }

    /** Someone else types a command in the 1:1 room; returns the posts it caused. */
    private List<JsonNode> sayAs(String personId, String email, String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "e2e-" + IDS.incrementAndGet());
        ObjectNode m = webex.message("capture-message-direct-user.json", id, "direct", text);
        m.put("personId", personId).put("personEmail", email);
        webex.stub(get(urlPathEqualTo("/v1/messages/" + id)), m);
        return delivered(posts, () -> channel.message(id, ROOM, "direct", personId, email));
    }

    /** Delivers, lets the bot handle it, and checks nothing was posted. */
    private void silent(IntSupplier delivery) {
        int before = webex.posted().size();
        assertThat(delivery.getAsInt()).isEqualTo(200);
        await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(webex.posted()).hasSize(before);
    }

    /** Since the last reset, only Webex was asked anything: no product request at all. */
    private void assertOnlyWebex() {
        // The alert poller asks AMP for events (GET /amp/v1/events) on its own schedule, whatever happens in chat.
        assertThat(webex.requests()).filteredOn(r -> !r.getUrl().startsWith("/amp/v1/events?"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.getUrl()).startsWith("/v1/"));
    }

    /** Someone submits a card with these inputs; returns the posts it caused. */
    private List<JsonNode> press(String personId, Map<String, String> inputs, int posts) {
        return pressIn(ROOM, personId, inputs, posts);
    }

    /** As {@link #press}, from a given (direct) room: Webex reports that room for the submission. */
    private List<JsonNode> pressIn(String room, String personId, Map<String, String> inputs, int posts) {
        String id = stubAction(room, personId, inputs);
        return delivered(posts, () -> channel.cardAction(id, CARD_MESSAGE, room, "direct", personId, email(personId)));
    }

    /** {@code GET /attachment/actions/{id}} from the captured button submission, with new ids and inputs. */
    private String stubAction(String room, String personId, Map<String, String> inputs) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "e2e-" + IDS.incrementAndGet());
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", CARD_MESSAGE).put("personId", personId).put("roomId", room);
        ObjectNode in = a.putObject("inputs");
        inputs.forEach(in::put);
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        // Every room these tests press in is a 1:1 room; the room rule asks Webex when the room is not listed.
        ObjectNode r = Fixtures.json("fixtures/webex/rooms/capture-room-direct.json");
        r.put("id", room).put("type", "direct");
        webex.stub(get(urlPathEqualTo("/v1/rooms/" + room)), r);
        return id;
    }

    /** Delivers, waits for the posts, and checks every posted card is one Webex renders. */
    private List<JsonNode> delivered(int posts, IntSupplier delivery) {
        int before = webex.posted().size();
        assertThat(delivery.getAsInt()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.posted().size() >= before + posts);
        List<JsonNode> all = webex.posted();
        List<JsonNode> out = List.copyOf(all.subList(before, all.size()));
        out.stream().filter(p -> p.has("attachments")).forEach(ContainmentEndToEndTest::card);
        return out;
    }

    private static String email(String personId) {
        return personId.equals(ALICE) ? ALICE_EMAIL : personId.equals(BOB) ? BOB_EMAIL : MALLORY_EMAIL;
    }

    private static Map<String, String> action(String action, String ref) {
        return Map.of("action", action, "ref", ref);
    }

    private static Map<String, String> forged(Map<String, String> inputs, Map<String, String> extra) {
        Map<String, String> out = new LinkedHashMap<>(inputs);
        out.putAll(extra);
        return out;
    }

    // --- cards

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    /** Checks room and Webex validity (content and markdown fallback) of a posted card; returns its content. */
    private static JsonNode card(JsonNode post) {
        assertThat(post.path("roomId").asText()).isEqualTo(ROOM);
        JsonNode attachment = post.path("attachments").path(0);
        assertThat(attachment.isMissingNode()).as("a card attachment in %s", post).isFalse();
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        CardValidator.assertValid(new Card((ObjectNode) attachment.path("content"), post.path("markdown").asText()));
        return attachment.path("content");
    }

    /** Every Action.Submit of a card, including those inside Action.ShowCard. */
    private static JsonNode submit(JsonNode card, String titleStart) {
        List<JsonNode> found = CardText.submits(card).stream().filter(s -> s.path("title").asText().startsWith(titleStart)).toList();
        assertThat(found).as("one '%s' button among %s", titleStart, CardText.titles(card)).hasSize(1);
        return found.get(0);
    }

    private static String ref(JsonNode card, String titleStart) {
        return submit(card, titleStart).path("data").path("ref").asText();
    }

    /** The audit card's lines, newest first. */
    private static List<String> auditLines(List<JsonNode> posts) {
        JsonNode card = card(single(posts));
        List<String> lines = new ArrayList<>(List.of(plain(card).split("\n")));
        if (lines.get(0).equals("Audit")) {
            assertThat(lines).containsExactly("Audit", "No containment step has been taken or refused yet.");
            return List.of();
        }
        assertThat(lines.get(0)).startsWith("Audit — last ");
        return lines.subList(1, lines.size());
    }

    /** "event actor" per audit line, newest first. */
    private static List<String> events(List<JsonNode> posts) {
        return auditLines(posts).stream().map(l -> {
            String[] parts = l.split(" · ");
            return parts[1] + " " + parts[2];
        }).toList();
    }

    private static String plain(JsonNode card) {
        return CardText.plain(card);
    }

    // --- product samples

    private static String fixture(String path) {
        return Fixtures.text("fixtures/" + path);
    }

    /** ISE's apply request sample, for the host's MAC (ISE's upper-case form) and the configured policy. */
    private static String applyBody() {
        return iseRequest("ise/ers-ancendpoint-apply-request.json");
    }

    private static String clearBody() {
        return iseRequest("ise/ers-ancendpoint-clear-request.json");
    }

    private static String iseRequest(String sample) {
        String body = fixture(sample);
        assertThat(body).contains("\"00:50:56:A1:3C:7E\"", "\"" + POLICY + "\"");
        return body.replace("00:50:56:A1:3C:7E", HOST_MAC.toUpperCase());
    }
}

package io.irflow.alerts;

import io.irflow.webex.RestIds;
import io.irflow.testing.CardText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.config.AppConfig;
import io.irflow.json.Json;
import io.irflow.testing.CardValidator;
import io.irflow.testing.Fixtures;
import io.irflow.testing.LogCapture;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts end to end: the bot started with {@link AppWiring#start}, AMP's {@code GET /v1/events} and Webex played by one
 * WireMock (Webex under /v1, the products under their {@link ProductStubs} prefixes). The events are the reference
 * sample ({@code events-executed-malware-1107296272-authored.json}) with host, hash, type, id and date varied; the
 * pollers run every second and the publisher posts up to 50 per second. Webex answers each post with a fresh message
 * id, so threaded updates can be traced to their card.
 */
class AlertEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(60)).build();

    private static final String ROOM = WebexStub.ROOM;
    private static final String ALICE = WebexStub.ANALYST;
    private static final String ALICE_EMAIL = WebexStub.ANALYST_EMAIL;
    private static final String CARD_MESSAGE = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "a1e47000-1234-4321-8888-000000000001");
    private static final String EVENTS = "/amp/v1/events";
    private static final String APPLY = "/ise-ers/ers/config/ancendpoint/apply";
    private static final String POLICY = "ANC_Quarantine";
    private static final String CSRF = "csrf-alerts-e2e";
    private static final String FILE_LIST = "e773a9eb-296c-40df-98d8-bed46322589d";
    private static final String SOURCE = "AMP for Endpoints";

    /** A host as AMP reports it. */
    record Host(String name, String ip, String mac, String guid) {
    }

    /** The Kovter demo host: the one ISE, CMX and AMP's computer lookup know in {@link ProductStubs}. */
    static final Host KOVTER = new Host(ProductStubs.HOST_NAME_IN_AMP, ProductStubs.HOST_IP, ProductStubs.HOST_MAC,
            ProductStubs.HOST_GUID);
    /** The sample's own host. */
    static final Host FINANCE = new Host("FIN-LT-0042.corp.example.com", "10.20.30.41", "00:50:56:9a:4b:1c",
            "6c0c5f52-8992-4ae7-80c0-c10a3f3973b7");
    static final Host HR = new Host("HR-WS-0007.corp.example.com", "10.20.30.57", "00:50:56:9a:4b:2d",
            "7d1d6a63-aa03-4bf8-91b1-d21b4b4084c8");
    static final Host SERVER = new Host("SRV-FILE-01.corp.example.com", "10.30.0.15", "00:50:56:9a:4b:3e",
            "8e2e7b74-bb14-4c09-a2c2-e32c5c5195d9");
    static final Host NEWCOMER = new Host("OPS-LT-0101.corp.example.com", "10.20.31.9", "00:50:56:9a:4b:4f",
            "9f3f8c85-cc25-4d1a-b3d3-f43d6d62a6ea");

    private static final String WANNACRY = "ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa";
    private static final String KOVTER_HASH = ProductStubs.SHA256;
    private static final String UPATRE = "a78c29d1fa05c2b23d1dc9b75da8c053399143682fe3779bc466f10e1a997850";
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private final List<StubMapping> ampPages = new ArrayList<>();
    private AppConfig config;
    private AppWiring.Bot bot;
    private String url;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        // Every post gets its own message id (threads point at the card's id).
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(1).willReturn(okJson("""
                {"id": "MSG-{{randomValue length=24 type='ALPHANUMERIC'}}", "roomId": "%s", "roomType": "group",
                 "created": "2026-01-01T00:00:00.000Z"}""".formatted(ROOM)).withTransformers("response-template")));
        webex.person(ALICE, ALICE_EMAIL);
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(fixture("ise/ers-ancendpoint-list-empty.json")).withHeader("X-CSRF-Token", CSRF)));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
        amp(List.of());
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    // --- 1. three compromised hosts, three cards

    @Test
    void three_compromised_hosts_post_exactly_three_cards_naming_their_host_with_reference_only_buttons() {
        amp(List.of(event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50)),
                event(2, FINANCE, "Threat Detected", 1090519054L, WANNACRY, ago(40)),
                event(3, HR, "Quarantine Failure", 2164260880L, UPATRE, ago(30))));
        start("");

        List<Post> cards = steadyCards(3);

        assertThat(cards).extracting(p -> p.body().path("roomId").asText()).containsOnly(ROOM);
        assertThat(cards).extracting(p -> p.body().has("parentId")).containsOnly(false);
        for (Host h : List.of(KOVTER, FINANCE, HR)) {
            assertThat(cards).as("one card for %s", h.name()).filteredOn(p -> heading(card(p)).contains(h.name()))
                    .singleElement().satisfies(p -> {
                        JsonNode c = card(p);
                        assertThat(plain(c)).contains("Host: " + h.name(), "IP: " + h.ip(), "MAC: " + h.mac(),
                                "Source: " + SOURCE);
                        assertThat(p.body().path("markdown").asText()).contains(h.name());
                        // Five buttons at most: I'm on it is last, so the third offer (Block hash) gives way.
                        // Each offer names the host it acts on.
                        assertThat(CardText.titles(c)).containsExactly("Investigate", "Quarantine " + h.name(),
                                "Isolate " + h.name(), "Open incident", "I'm on it");
                        for (JsonNode s : CardText.submits(c)) {
                            List<String> keys = new ArrayList<>();
                            s.path("data").fieldNames().forEachRemaining(keys::add);
                            assertThat(keys).as("data of %s", s.path("title").asText())
                                    .containsExactlyInAnyOrder("action", "ref");
                            assertThat(s.path("data").path("ref").asText()).matches("[A-Za-z0-9_-]{20,}");
                            assertThat(s.path("data").toString().toLowerCase()).doesNotContain(h.mac(), h.guid(),
                                    h.ip(), h.name().toLowerCase());
                        }
                    });
        }
        assertThat(plain(card(cardOf(cards, FINANCE)))).contains("Threat: W32.Ransomware.WannaCry.SBX.TG",
                "File: tasksche.exe", "SHA-256 " + WANNACRY, "Disposition: Malicious", "Severity: Critical");
        assertThat(heading(card(cardOf(cards, HR)))).contains("Quarantine Failure");
    }

    // --- 2. Quarantine from the alert card

    @Test
    void quarantine_on_an_alert_card_is_confirmed_first_then_applies_the_anc_policy_once_to_that_host() {
        amp(List.of(event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50)),
                event(2, FINANCE, "Threat Detected", 1090519054L, WANNACRY, ago(40)),
                event(3, HR, "Quarantine Failure", 2164260880L, UPATRE, ago(30))));
        start("");
        List<Post> cards = steadyCards(3);
        String ref = ref(card(cardOf(cards, KOVTER)), "Quarantine " + KOVTER.name());

        JsonNode confirmation = card(single(press(Map.of("action", "contain.press", "ref", ref), 1)));

        assertThat(plain(confirmation)).contains("Confirm: quarantine " + KOVTER.name() + "?",
                "MAC address: " + KOVTER.mac(),
                "Product: ISE — ANC policy '" + POLICY + "'");
        assertThat(CardText.titles(confirmation)).containsExactly("Quarantine " + KOVTER.name(), "Cancel");
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));

        JsonNode result = card(single(press(Map.of("action", "contain.confirm", "ref", ref), 1)));

        assertThat(plain(result)).contains("Quarantined: " + KOVTER.name() + " (" + KOVTER.mac() + ") via ISE (by "
                + ALICE_EMAIL + ")");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)).withHeader("X-CSRF-TOKEN", equalTo(CSRF))
                .withRequestBody(equalToJson(applyBody(KOVTER.mac()))));
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));
    }

    // --- 3. Investigate from the alert card

    @Test
    void investigate_on_an_alert_card_posts_an_investigation_card_for_that_host() {
        amp(List.of(event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50)),
                event(2, FINANCE, "Threat Detected", 1090519054L, WANNACRY, ago(40))));
        start("");
        List<Post> cards = steadyCards(2);
        String ref = ref(card(cardOf(cards, KOVTER)), "Investigate");

        JsonNode investigation = card(single(press(Map.of("action", AlertPipeline.INVESTIGATE_ACTION, "ref", ref), 1)));

        assertThat(plain(investigation)).containsIgnoringCase(ProductStubs.HOST).contains("Address: "
                + KOVTER.ip() + " · ",
                " · " + KOVTER.mac());
        assertThat(heading(investigation)).doesNotStartWith("🚨");
    }

    // --- 3b. the ledger on alert cards (issue 14, point 2)

    @Test
    void after_a_quarantine_the_hosts_investigation_and_next_alert_card_show_irflows_quarantine_and_offer_undo() {
        List<ObjectNode> events = new ArrayList<>(List.of(
                event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50))));
        amp(events);
        start("");
        JsonNode first = card(cardOf(steadyCards(1), KOVTER));
        String quarantine = ref(first, "Quarantine " + KOVTER.name());
        card(single(press(Map.of("action", "contain.press", "ref", quarantine), 1)));
        card(single(press(Map.of("action", "contain.confirm", "ref", quarantine), 1)));

        JsonNode investigation = card(single(press(Map.of("action", AlertPipeline.INVESTIGATE_ACTION, "ref",
                ref(first, "Investigate")), 1)));
        assertThat(plain(investigation)).contains("Containment: Quarantined by " + ALICE_EMAIL + " via ISE, ");
        assertThat(CardText.titles(investigation)).anyMatch(t -> t.startsWith("Unquarantine "))
                .noneMatch(t -> t.startsWith("Quarantine"));

        events.add(event(2, KOVTER, "Threat Detected", 1090519054L, WANNACRY, ago(5)));
        amp(events);
        JsonNode next = card(cardOf(steadyCards(2).subList(1, 2), KOVTER));
        assertThat(plain(next)).contains(" by " + ALICE_EMAIL + " via ISE, ");
        assertThat(CardText.titles(next)).contains("Unquarantine " + KOVTER.name())
                .noneMatch(t -> t.startsWith("Quarantine"));
    }

    // --- 4. restart between polls

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_restart_between_polls_posts_nothing_twice_and_the_new_event_once(String kind) {
        String storage = "storage:\n  url: \"" + TestDatabases.freshUrl(kind, dir) + "\"\n";
        List<ObjectNode> old = List.of(event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50)),
                event(2, FINANCE, "Threat Detected", 1090519054L, WANNACRY, ago(40)),
                event(3, HR, "Quarantine Failure", 2164260880L, UPATRE, ago(30)));
        amp(old);
        start(storage);
        steadyCards(3);

        bot.close();
        bot = null;
        int pollsBefore = polls().size();
        List<ObjectNode> again = new ArrayList<>(old);
        again.add(event(4, NEWCOMER, "Executed malware", 1107296272L, WANNACRY, ago(5)));
        amp(again);
        boot();

        List<Post> cards = steadyCards(4);
        for (Host h : List.of(KOVTER, FINANCE, HR, NEWCOMER)) {
            assertThat(cards).filteredOn(p -> heading(card(p)).contains(h.name())).as("cards for %s", h.name()).hasSize(1);
        }
        assertThat(posts()).filteredOn(p -> p.body().has("parentId")).isEmpty();
        // The restarted bot resumed from the stored cursor (newest event minus the 2 min overlap), not the 1 h lookback.
        List<LoggedRequest> after = polls().subList(pollsBefore, polls().size());
        assertThat(after).isNotEmpty().allSatisfy(r -> assertThat(OffsetDateTime.parse(r.queryParameter("start_date")
                .firstValue()).toInstant()).isAfter(Instant.now().minus(Duration.ofMinutes(5))));
    }

    // --- 5. a storm

    @Test
    void fifty_events_for_one_host_and_threat_in_a_burst_make_one_card_and_a_few_threaded_updates() {
        List<ObjectNode> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(event(100 + i, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(100 - i)));
        }
        // Two pages of 25 with a next link, newest first as AMP sends them.
        List<ObjectNode> newestFirst = new ArrayList<>(burst);
        newestFirst.sort(Comparator.comparing((ObjectNode e) -> e.path("timestamp").asLong()).reversed());
        ampPaged(List.of(newestFirst.subList(0, 25), newestFirst.subList(25, 50)));
        start("");

        List<Post> cards = steadyCards(1);
        Post root = cards.get(0);
        assertThat(heading(card(root))).contains(KOVTER.name());
        await().atMost(Duration.ofSeconds(15)).until(() -> threaded().stream()
                .anyMatch(p -> p.body().path("markdown").asText().startsWith("**50 events**")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pendingPosts() == 0);

        List<Post> threaded = threaded();
        assertThat(threaded).isNotEmpty().hasSizeLessThanOrEqualTo(5)
                .allSatisfy(p -> {
                    assertThat(p.body().path("parentId").asText()).isEqualTo(root.messageId());
                    assertThat(p.body().path("roomId").asText()).isEqualTo(ROOM);
                    assertThat(p.body().has("attachments")).isFalse();
                    assertThat(p.body().path("markdown").asText()).matches("\\*\\*\\d+ events\\*\\* of this kind so far on "
                            + KOVTER.name() + "; latest: Executed malware at .*");
                });
        assertThat(threaded.get(threaded.size() - 1).body().path("markdown").asText()).startsWith("**50 events**");
        assertThat(alertCards()).hasSize(1);

        String status = single(say("/alerts", 1)).path("markdown").asText();
        assertThat(status).contains("**" + SOURCE + "**: active", "50 alert(s) today", "Posts waiting for Webex: 0.");
    }

    // --- 5b. Webex fails after it may have posted

    @Test
    void a_card_whose_post_webex_answered_500_is_posted_again_once_saying_it_is_a_re_send() {
        // Webex answers the first post 500 (it may or may not have posted it), then as usual.
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(1).inScenario("webex-500")
                .whenScenarioStateIs("Started").willReturn(aResponse().withStatus(500)
                        .withHeader("trackingid", "ROUTER_500")).willSetStateTo("up"));
        amp(List.of(event(1, FINANCE, "Threat Detected", 1090519054L, WANNACRY, ago(40))));
        start("");

        await().atMost(Duration.ofSeconds(20)).until(() -> posts().size() >= 2);
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6)).until(() -> posts().size() == 2);

        List<Post> posts = posts();
        JsonNode first = card(posts.get(0));
        JsonNode again = card(posts.get(1));
        assertThat(posts.get(0).body().path("markdown").asText()).startsWith("**Alert:**");
        assertThat(posts.get(1).body().path("markdown").asText()).startsWith("_Re-sent: Webex failed while receiving")
                .contains("**Alert:**").contains(FINANCE.name());
        assertThat(heading(again)).startsWith("Re-sent: Webex failed while receiving this post the first time");
        assertThat(plain(again)).endsWith(plain(first));
        assertThat(posts).extracting(p -> p.body().has("parentId")).containsOnly(false);
        assertThat(pendingPosts()).isZero();
    }

    // --- 6. auto-quarantine

    @Test
    void auto_quarantine_quarantines_the_workstation_once_and_never_the_excluded_server() {
        amp(List.of(event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50)),
                event(2, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(45)),
                event(3, SERVER, "Executed malware", 1107296272L, WANNACRY, ago(40))));
        start("""
                alerts:
                  poll_interval: 1s
                  posts_per_second: 50
                  auto_quarantine: true
                  never_quarantine: [SRV-*]
                """);

        List<Post> cards = steadyCards(2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pendingPosts() == 0);

        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)).withRequestBody(equalToJson(applyBody(KOVTER.mac()))));
        wm.verify(1, putRequestedFor(urlPathMatching("/.*")));
        assertThat(plain(card(cardOf(cards, KOVTER)))).contains("Quarantined automatically by irflow (ISE)");
        assertThat(CardText.titles(card(cardOf(cards, KOVTER)))).contains("Undo quarantine", "Isolate " + KOVTER.name())
                .noneMatch(t -> t.startsWith("Quarantine"));
        assertThat(plain(card(cardOf(cards, SERVER)))).doesNotContainIgnoringCase("quarantined automatically")
                .doesNotContainIgnoringCase("quarantine failed");

        JsonNode audit = card(single(say("/audit", 1)));
        List<String> lines = List.of(plain(audit).split("\n"));
        assertThat(lines).filteredOn(l -> l.contains(" · executed · ")).singleElement().satisfies(l -> assertThat(l)
                .contains(" · executed · " + AlertPipeline.AUTO_ACTOR + " · quarantine " + KOVTER.mac()));
        assertThat(String.join("\n", lines)).doesNotContain(SERVER.mac()).doesNotContain(ALICE_EMAIL);
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (1)");
    }

    @Test
    void under_security_dry_run_auto_quarantine_writes_nothing_and_the_alert_card_says_what_it_would_have_done() {
        amp(List.of(event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50))));
        start("""
                alerts:
                  poll_interval: 1s
                  posts_per_second: 50
                  auto_quarantine: true
                security:
                  responders: ["alice@example.com"]
                  dry_run: true
                """);

        List<Post> cards = steadyCards(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pendingPosts() == 0);

        wm.verify(0, putRequestedFor(urlPathMatching("/(?!v1/).*")));
        assertThat(plain(card(cardOf(cards, KOVTER)))).contains("Automatic quarantine, dry run (security.dry_run): "
                + "Dry run: would have applied ANC policy " + POLICY + " to " + KOVTER.mac().toUpperCase())
                .doesNotContain("Quarantined automatically", "Undo quarantine");
        List<String> lines = List.of(plain(card(single(say("/audit", 1)))).split("\n"));
        assertThat(lines).filteredOn(l -> l.contains(" · dry run · ")).singleElement().satisfies(l -> assertThat(l)
                .contains(AlertPipeline.AUTO_ACTOR + " · quarantine " + KOVTER.mac(), "would have applied"));
        assertThat(lines).noneMatch(l -> l.contains(" · executed · "));
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");
    }

    @Test
    void polled_auto_quarantine_checks_never_quarantine_by_mac_and_with_require_approval_only_asks_for_approval() {
        amp(List.of(event(1, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50)),
                event(2, FINANCE, "Executed malware", 1107296272L, WANNACRY, ago(40))));
        start("""
                alerts:
                  poll_interval: 1s
                  posts_per_second: 50
                  auto_quarantine: true
                  never_quarantine: ["0050.569A.4B1C"]
                security:
                  responders: ["alice@example.com"]
                  require_approval: true
                """);

        List<Post> cards = steadyCards(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> posts().stream()
                .anyMatch(p -> p.body().path("markdown").asText().startsWith(AlertPipeline.AUTO_ACTOR + " confirmed")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pendingPosts() == 0);

        assertThat(plain(card(cardOf(cards, FINANCE)))).contains("matches never_quarantine entry 0050.569A.4B1C.");
        assertThat(plain(card(cardOf(cards, KOVTER)))).contains("waits for a responder's approval");
        List<Post> approvals = posts().stream()
                .filter(p -> p.body().path("markdown").asText().startsWith(AlertPipeline.AUTO_ACTOR + " confirmed")).toList();
        assertThat(approvals).singleElement().satisfies(p -> assertThat(plain(card(p))).contains(KOVTER.mac())
                .doesNotContain(FINANCE.mac()));
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));
    }

    // --- 7. bad events never block their source

    @Test
    void an_undated_event_and_malformed_events_are_skipped_with_their_id_while_the_events_around_them_are_posted() {
        ObjectNode undated = event(21, HR, "Executed malware", 1107296272L, UPATRE, ago(45));
        undated.remove("date");
        undated.remove("timestamp");
        ObjectNode wrongShape = event(22, SERVER, "Executed malware", 1107296272L, WANNACRY, ago(40));
        wrongShape.put("computer", "not an object");
        ObjectNode wrongId = event(23, SERVER, "Executed malware", 1107296272L, WANNACRY, ago(35));
        wrongId.put("id", "not-a-number");
        amp(List.of(event(20, KOVTER, "Executed malware", 1107296272L, KOVTER_HASH, ago(50)), undated, wrongShape,
                wrongId, event(24, FINANCE, "Threat Detected", 1090519054L, WANNACRY, ago(30))));

        try (LogCapture pipelineLog = new LogCapture(AlertPipeline.class);
             LogCapture clientLog = new LogCapture(io.irflow.adapters.amp.AmpClient.class)) {
            start("");

            List<Post> cards = steadyCards(2);

            assertThat(cards).extracting(p -> heading(card(p))).anySatisfy(h -> assertThat(h).contains(KOVTER.name()))
                    .anySatisfy(h -> assertThat(h).contains(FINANCE.name()));
            assertThat(pipelineLog.lines()).contains(SOURCE + ": skipped event " + (6533298001234500000L + 21) + ": no date");
            assertThat(clientLog.lines()).anyMatch(l -> l.startsWith(SOURCE + ": skipped event " + (6533298001234500000L + 22)))
                    .anyMatch(l -> l.startsWith(SOURCE + ": skipped event not-a-number"));
        }
        // The cursor moved past the batch: later polls start from the newest good event (minus the overlap).
        Instant newest = ago(30);
        await().atMost(Duration.ofSeconds(10)).until(() -> polls().stream().anyMatch(r -> !OffsetDateTime.parse(
                r.queryParameter("start_date").firstValue()).toInstant().isBefore(newest.minus(Duration.ofMinutes(3)))));
        assertThat(new AlertSourceStore(bot.database().dataSource()).sources(Instant.EPOCH)).filteredOn(st -> st.source().equals(SOURCE))
                .singleElement().satisfies(st -> assertThat(st.lastError()).isNull());
    }

    // --- 6. one infection, every source: one card per host

    /** The demo's infected workstation: AMP reports it by name and address, Cognitive by its address only. */
    static final Host FIN042 = new Host("WKS-FIN-042", "10.10.20.42", "00:50:56:9a:42:42",
            "4242c5f2-8992-4ae7-80c0-c10a3f3973b7");
    private static final String COGNITIVE_POLL = "/cognitive/PollService/";
    private static final String COGNITIVE_YAML = """
            cognitive:
              url: "%s/cognitive"
              feed: "webflows-e2e"
              username: "taxii-e2e"
              password: "taxii-e2e-pass"
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AMP first", "Cognitive first, AMP knows the computer"})
    void amp_and_two_ip_keyed_cognitive_events_on_one_host_make_one_card_and_a_thread(String order) {
        boolean ampFirst = order.startsWith("AMP");
        if (!ampFirst) {
            ampComputer(FIN042);
        }
        ObjectNode ampEvent = event(1, FIN042, "Executed malware", 1107296272L, UPATRE, ago(50));
        if (ampFirst) {
            amp(List.of(ampEvent));
        } else {
            cognitive(FIN042.ip(), FIN042.ip());
        }
        start(COGNITIVE_YAML.formatted(wm.baseUrl()));
        Post root = steadyCards(1).get(0);
        if (ampFirst) {
            cognitive(FIN042.ip(), FIN042.ip());
        } else {
            amp(List.of(ampEvent));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> threaded().size() >= 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).until(() -> pendingPosts() == 0);

        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6)).until(() -> threaded().size() == 2);
        assertThat(posts()).filteredOn(p -> !p.body().has("parentId")).singleElement().extracting(Post::messageId)
                .isEqualTo(root.messageId());
        String heading = heading(card(root));
        assertThat(heading).contains(FIN042.name()).doesNotContain(FIN042.ip());
        assertThat(plain(card(root))).contains("Host: " + FIN042.name());
        assertThat(plain(card(root))).contains("Source: " + (ampFirst ? SOURCE : "Cognitive Intelligence"));
        List<Post> threaded = threaded();
        assertThat(threaded).hasSize(2).allSatisfy(p -> assertThat(p.body().path("parentId").asText())
                .isEqualTo(root.messageId()));
        // The other product's first event is a card in the thread, naming the host, with that product's buttons.
        Post other = threaded.stream().filter(p -> p.body().has("attachments")).findFirst().orElseThrow();
        assertThat(heading(card(other))).contains(FIN042.name());
        assertThat(plain(card(other))).contains("Source: " + (ampFirst ? "Cognitive Intelligence" : SOURCE));
        if (!ampFirst) {
            assertThat(CardText.titles(card(other))).contains("Quarantine " + FIN042.name(), "Isolate " + FIN042.name(),
                    "I'm on it");
        }
        // Two Cognitive events: the update counts that kind only, not AMP's event too.
        Post update = threaded.stream().filter(p -> !p.body().has("attachments")).findFirst().orElseThrow();
        assertThat(update.body().path("markdown").asText()).startsWith("**2 events**")
                .contains("so far on " + FIN042.name());
        assertThat(posts()).filteredOn(p -> !p.body().has("parentId")).hasSize(1);
        wm.verify(0, deleteRequestedFor(urlPathMatching("/v1/messages/.*")));
    }

    @Test
    void cognitive_first_on_an_ip_nobody_knows_then_amp_names_the_host_leaves_one_top_card_naming_it() {
        wm.stubFor(delete(urlPathMatching("/v1/messages/.+")).willReturn(aResponse().withStatus(204)));
        cognitive(FIN042.ip(), FIN042.ip());
        start(COGNITIVE_YAML.formatted(wm.baseUrl()));
        Post first = steadyCards(1).get(0);
        // Nobody had reported the address when the first card went out: it names the address.
        assertThat(heading(card(first))).contains(FIN042.ip());
        await().atMost(Duration.ofSeconds(20)).until(() -> threaded().size() == 1);

        amp(List.of(event(1, FIN042, "Executed malware", 1107296272L, UPATRE, ago(50))));
        await().atMost(Duration.ofSeconds(20)).until(() -> !wm.findAll(deleteRequestedFor(
                urlPathEqualTo("/v1/messages/" + first.messageId()))).isEmpty());

        // Webex cannot edit a card: a new top card names the host, with what came before, and the old one is deleted.
        List<Post> tops = posts().stream().filter(p -> !p.body().has("parentId")).toList();
        assertThat(tops).hasSize(2);
        Post named = tops.get(1);
        assertThat(heading(card(named))).contains(FIN042.name()).doesNotContain(FIN042.ip());
        assertThat(plain(card(named))).contains("Host: " + FIN042.name(), "Source: " + SOURCE,
                "Earlier on this host: Cognitive Intelligence: ", "(2 events)");
        assertThat(CardText.titles(card(named))).contains("Quarantine " + FIN042.name(), "Isolate " + FIN042.name(),
                "I'm on it");
        wm.verify(1, deleteRequestedFor(urlPathMatching("/v1/messages/.+")));

        // A later Cognitive event on the address threads under the card naming the host, counting its own kind.
        cognitive(FIN042.ip(), FIN042.ip(), FIN042.ip());
        await().atMost(Duration.ofSeconds(20)).until(() -> threaded().stream()
                .anyMatch(p -> p.body().path("parentId").asText().equals(named.messageId())));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).until(() -> pendingPosts() == 0);
        List<Post> under = threaded().stream()
                .filter(p -> p.body().path("parentId").asText().equals(named.messageId())).toList();
        assertThat(under).extracting(p -> p.body().path("markdown").asText())
                .allSatisfy(m -> assertThat(m).contains("so far on " + FIN042.name()))
                .last().satisfies(m -> assertThat(m).startsWith("**5 events**"));
        assertThat(posts()).filteredOn(p -> !p.body().has("parentId")).hasSize(2);
        wm.verify(1, deleteRequestedFor(urlPathMatching("/v1/messages/.+")));
    }

    @Test
    void a_cognitive_event_on_an_ip_no_product_knows_gets_its_own_card_named_by_the_ip() {
        amp(List.of(event(1, FIN042, "Executed malware", 1107296272L, UPATRE, ago(50))));
        start(COGNITIVE_YAML.formatted(wm.baseUrl()));
        steadyCards(1);
        cognitive("10.10.99.7");

        List<Post> cards = steadyCards(2);

        assertThat(cards).extracting(p -> heading(card(p))).anySatisfy(h -> assertThat(h).contains(FIN042.name()))
                .anySatisfy(h -> assertThat(h).contains("10.10.99.7"));
        assertThat(threaded()).isEmpty();
    }

    /** AMP's computer lookup by address knows this host (as AMP does for any computer with its connector). */
    private void ampComputer(Host h) {
        ObjectNode list = Fixtures.json("fixtures/amp/computers-list-38-demo-computers.json");
        ObjectNode c = (ObjectNode) list.get("data").get(0).deepCopy();
        c.put("hostname", h.name()).put("connector_guid", h.guid()).remove("external_ip");
        ArrayNode addresses = c.putArray("network_addresses");
        addresses.addObject().put("ip", h.ip()).put("mac", h.mac());
        c.putArray("internal_ips").add(h.ip());
        list.putArray("data").add(c);
        ((ObjectNode) list.path("metadata").path("results")).put("total", 1).put("current_item_count", 1);
        wm.stubFor(get(urlPathEqualTo("/amp/v1/computers")).atPriority(1).withQueryParam("internal_ip", equalTo(h.ip()))
                .willReturn(okJson(Fixtures.write(list))));
    }

    /** Cognitive's feed answers every poll with one incident whose indicators name these client addresses, now. */
    private void cognitive(String... clientIps) {
        String xml = fixture("cognitive/poll-response-cta-smoke-test.xml");
        int from = xml.indexOf("<inc:Related_Indicator>");
        int to = xml.indexOf("</inc:Related_Indicator>") + "</inc:Related_Indicator>".length();
        String indicator = xml.substring(from, to);
        StringBuilder indicators = new StringBuilder();
        for (int i = 0; i < clientIps.length; i++) {
            indicators.append(indicator.replace("cta:indicator-event-1", "cta:indicator-e2e-" + IDS.incrementAndGet())
                    .replace("1.11.111.1", clientIps[i]).replace("1457827200000",
                            Long.toString(ago(40 - i).toEpochMilli())));
        }
        String body = xml.substring(0, from) + indicators + xml.substring(to);
        wm.stubFor(post(urlPathEqualTo(COGNITIVE_POLL)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withHeader("X-TAXII-Content-Type", "urn:taxii.mitre.org:message:xml:1.1")
                .withBody(body.replace("Smoking Incident", "Botnet C2 traffic"))));
    }

    // --- the bot

    private void start(String extraYaml) {
        String products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).yaml()
                .replace("  api_key: \"" + ProductStubs.AMP_KEY + "\"\n",
                        "  api_key: \"" + ProductStubs.AMP_KEY + "\"\n  file_list_guid: \"" + FILE_LIST + "\"\n");
        String alerts = extraYaml.contains("alerts:") ? "" : """
                alerts:
                  poll_interval: 1s
                  posts_per_second: 50
                """;
        config = TestConfigs.bot(webex.url(), """
                lookups:
                  timeout: 2s
                  deadline: 3s
                """ + alerts + products + extraYaml);
        boot();
    }

    private void boot() {
        bot = AppWiring.start(config, TestConfigs.fastTuning());
        url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
    }

    private long pendingPosts() {
        return new AlertOutboxStore(bot.database().dataSource()).pendingPosts();
    }

    // --- AMP

    private static Instant ago(int seconds) {
        return Instant.now().minusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The sample event with another id, host, type, hash and date. */
    static ObjectNode event(long n, Host h, String type, long typeId, String sha256, Instant at) {
        ObjectNode e = (ObjectNode) Fixtures.json("fixtures/amp/events-executed-malware-1107296272-authored.json")
                .get("data").get(0).deepCopy();
        e.put("id", 6533298001234500000L + n).put("timestamp", at.getEpochSecond())
                .put("date", OffsetDateTime.ofInstant(at, ZoneOffset.UTC).toString())
                .put("event_type", type).put("event_type_id", typeId).put("connector_guid", h.guid());
        ObjectNode c = (ObjectNode) e.get("computer");
        c.put("connector_guid", h.guid()).put("hostname", h.name());
        ((ObjectNode) c.get("network_addresses").get(0)).put("ip", h.ip()).put("mac", h.mac());
        ((ObjectNode) e.get("file").get("identity")).put("sha256", sha256);
        return e;
    }

    /** AMP answers every alert poll with these events (newest first) on one page. */
    private void amp(List<ObjectNode> events) {
        List<ObjectNode> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing((ObjectNode e) -> e.path("timestamp").asLong()).reversed());
        ampPaged(List.of(sorted));
    }

    /** AMP answers every alert poll with these pages, linked by metadata.links.next. */
    private void ampPaged(List<List<ObjectNode>> pages) {
        ampPages.forEach(wm::removeStub);
        ampPages.clear();
        int total = pages.stream().mapToInt(List::size).sum();
        for (int i = 0; i < pages.size(); i++) {
            ObjectNode page = Json.mapper().createObjectNode().put("version", "v1.2.0");
            ObjectNode links = page.putObject("metadata").putObject("links");
            links.put("self", wm.baseUrl() + EVENTS + "?offset=" + i * 25);
            if (i + 1 < pages.size()) {
                links.put("next", wm.baseUrl() + EVENTS + "?limit=500&offset=" + (i + 1));
            }
            ((ObjectNode) page.get("metadata")).putObject("results").put("total", total)
                    .put("current_item_count", pages.get(i).size()).put("index", i).put("items_per_page", 500);
            ArrayNode data = page.putArray("data");
            pages.get(i).forEach(data::add);
            var request = get(urlPathEqualTo(EVENTS)).atPriority(1);
            request = i == 0 ? request.withQueryParam("event_type[]", matching(".+")).withQueryParam("offset", absent())
                    : request.withQueryParam("offset", equalTo(Integer.toString(i)));
            ampPages.add(wm.stubFor(request.willReturn(okJson(Fixtures.write(page)))));
        }
    }

    /** Alert polls AMP received. */
    private static List<LoggedRequest> polls() {
        List<LoggedRequest> polls = new ArrayList<>(wm.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(urlPathEqualTo(EVENTS)).withQueryParam("event_type[]", matching(".+"))));
        polls.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return polls;
    }

    // --- Webex

    /** A post the bot made and the message id Webex gave it. */
    record Post(JsonNode body, String messageId) {
    }

    /** Every POST /v1/messages, oldest first, with the id it was answered with. */
    private static List<Post> posts() {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        events.removeIf(e -> !e.getRequest().getMethod().getName().equals("POST")
                || !e.getRequest().getUrl().startsWith("/v1/messages"));
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<Post> out = new ArrayList<>();
        for (ServeEvent e : events) {
            JsonNode body = read(e.getRequest().getBodyAsString());
            JsonNode answer = read(e.getResponse().getBodyAsString());
            out.add(new Post(body, answer.path("id").asText()));
        }
        return out;
    }

    /** The alert cards posted so far. */
    private static List<Post> alertCards() {
        return posts().stream().filter(p -> p.body().has("attachments")
                && p.body().path("markdown").asText().startsWith("**Alert:**")).toList();
    }

    private static List<Post> threaded() {
        return posts().stream().filter(p -> p.body().has("parentId")).toList();
    }

    /** Waits for {@code n} alert cards and checks no more come over the next polls. */
    private static List<Post> steadyCards(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> alertCards().size() >= n);
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6)).until(() -> alertCards().size() == n);
        return alertCards();
    }

    private static Post cardOf(List<Post> cards, Host h) {
        return cards.stream().filter(p -> heading(card(p)).contains(h.name())).findFirst().orElseThrow();
    }

    /** Alice types a command in the room; returns the posts it caused. */
    private List<JsonNode> say(String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "alerts-e2e-" + IDS.incrementAndGet());
        webex.message("capture-message-direct-user.json", id, "direct", text);
        int before = posts().size();
        return delivered(posts, before, webhooks.deliver(url, SignedWebhooks.message(id, ROOM, "direct", ALICE, ALICE_EMAIL)));
    }

    /** Alice presses a button on a card in the room; returns the posts it caused. */
    private List<JsonNode> press(Map<String, String> inputs, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "alerts-e2e-" + IDS.incrementAndGet());
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", CARD_MESSAGE).put("personId", ALICE).put("roomId", ROOM);
        ObjectNode in = a.putObject("inputs");
        inputs.forEach(in::put);
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        int before = posts().size();
        return delivered(posts, before, webhooks.deliver(url, SignedWebhooks.cardAction(id, CARD_MESSAGE, ROOM, ALICE)));
    }

    private List<JsonNode> delivered(int posts, int before, int status) {
        assertThat(status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> posts().size() >= before + posts);
        List<Post> all = posts();
        return all.subList(before, all.size()).stream().map(Post::body).toList();
    }

    // --- cards

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    private static JsonNode card(Post p) {
        return card(p.body());
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

    /** The card's first text (an alert card's "🚨 title on host"). */
    private static String heading(JsonNode card) {
        return plain(card).split("\n", 2)[0];
    }

    private static String ref(JsonNode card, String title) {
        List<JsonNode> found = CardText.submits(card).stream().filter(s -> s.path("title").asText().equals(title)).toList();
        assertThat(found).as("one '%s' button among %s", title, CardText.titles(card)).hasSize(1);
        return found.get(0).path("data").path("ref").asText();
    }

    private static String plain(JsonNode card) {
        return CardText.plain(card);
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fixture(String path) {
        return Fixtures.text("fixtures/" + path);
    }

    /** ISE's apply request sample for a MAC (ISE's upper-case form) and the configured policy. */
    private static String applyBody(String mac) {
        String body = fixture("ise/ers-ancendpoint-apply-request.json");
        assertThat(body).contains("\"00:50:56:A1:3C:7E\"", "\"" + POLICY + "\"");
        return body.replace("00:50:56:A1:3C:7E", mac.toUpperCase());
    }
}

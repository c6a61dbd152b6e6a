package io.irflow.contain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.app.Tuning;
import io.irflow.cards.Card;
import io.irflow.cards.Words;
import io.irflow.config.AppConfig;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import io.irflow.testing.EventChannel;
import io.irflow.testing.Fixtures;
import io.irflow.testing.MutableClock;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
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
 * Containment expiry end to end (issue 18 §4): signed webhooks into the running bot, Webex and the products played
 * by WireMock, time moved by a {@link MutableClock} while the expiry check runs every 100 ms. A containment held
 * {@code --for} a while (or with the confirmation card's picker) is reminded once, then undone once by irflow with
 * reason "expired" through the responder's undo path, unless extended or kept; a restart and a second instance on
 * the same database change nothing of that.
 */
class ContainmentExpiryEndToEndTest {
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
    private static final String ISOLATION = "/amp/v1/computers/" + HOST_GUID + "/isolation";
    private static final Duration TICKS = Duration.ofMillis(800);
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private final WebexStub webex = new WebexStub(wm);
    private final EventChannel channel = EventChannel.open(EventChannel.Mode.WEBHOOK);
    /** Minutes only, so "in 4 h" reads whole. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    private final Tuning tuning = TestConfigs.fastTuning().withClock(clock).withExpiryCheck(Duration.ofMillis(100));
    private final List<AppWiring.Bot> bots = new ArrayList<>();
    private AppConfig config;
    private AppWiring.Bot bot;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
        webex.person(ALICE, ALICE_EMAIL);
        new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl()).stubAll();
        wm.stubFor(get(urlPathEqualTo("/ise-ers/ers/config/ancendpoint")).atPriority(1)
                .withHeader("X-CSRF-TOKEN", equalTo("fetch"))
                .willReturn(okJson(Fixtures.text("fixtures/ise/ers-ancendpoint-list-empty.json"))
                        .withHeader("X-CSRF-Token", "csrf-expiry")));
        wm.stubFor(put(urlPathEqualTo(APPLY)).willReturn(aResponse().withStatus(204)));
        wm.stubFor(put(urlPathEqualTo(CLEAR)).willReturn(aResponse().withStatus(204)));
        wm.stubFor(put(urlPathEqualTo(ISOLATION))
                .willReturn(okJson(Fixtures.text("fixtures/amp/isolation-put-pending-start.json"))));
        wm.stubFor(delete(urlPathEqualTo(ISOLATION))
                .willReturn(okJson(Fixtures.text("fixtures/amp/isolation-delete-pending-stop-authored.json"))));
    }

    @AfterEach
    void stop() {
        bots.forEach(AppWiring.Bot::close);
        channel.close();
    }

    // --- the life of an expiring containment

    @Test
    void an_expiry_picked_on_the_confirmation_card_is_reminded_once_then_undone_once_by_irflow_everywhere() {
        start("");
        JsonNode investigation = card(single(say("/investigate " + HOST, 1)));
        String ref = ref(investigation, "Quarantine");
        JsonNode confirmation = card(single(press(action("contain.press", ref), 1)));
        assertThat(picker(confirmation).path("value").asText()).isEqualTo("none");
        assertThat(picker(confirmation).path("choices").findValuesAsText("value"))
                .containsExactly("none", "1h", "4h", "24h", "7d");
        Instant at = clock.instant();
        Instant expiry = at.plus(Duration.ofHours(4));
        String until = Words.utc(at).absolute(expiry);

        JsonNode done = card(single(press(with(action("contain.confirm", ref), "expiry", "4h"), 1)));

        assertThat(plain(done)).contains("Quarantined: " + label(), " · irflow undoes it at " + until
                + " (in 4 h) unless a responder extends it");
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (1)",
                "), by " + ALICE_EMAIL + " · expires " + until + " (in 4 h)");
        assertThat(plain(card(single(say("/investigate " + HOST, 1)))))
                .contains("via ISE, ", ", until " + until + " (in 4 h), then undone by irflow");

        clock.advance(Duration.ofMinutes(3 * 60 + 44));
        quiet();
        clock.advance(Duration.ofMinutes(1));
        JsonNode reminder = card(single(background(1)));
        assertThat(plain(reminder)).contains("Containment expiring", "Quarantined " + label() + " via ISE until "
                + Words.utc(clock.instant()).absolute(expiry) + " (in 15 min); then irflow undoes it (unquarantine).");
        assertThat(CardText.titles(reminder)).containsExactly("Extend +4 h", "Extend +24 h", "Keep (no expiry)");
        assertThat(submit(reminder, "Extend +4 h").path("data").toString()).doesNotContain(HOST_MAC, HOST);
        quiet();

        clock.advance(Duration.ofMinutes(15));
        JsonNode reverted = card(single(background(1)));
        assertThat(plain(reverted)).contains("Expired: unquarantined", "Unquarantined " + label()
                + " via ISE (by irflow: its expiry passed at " + Words.utc(expiry).absolute(expiry) + ")");
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));
        quiet();
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));

        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");
        List<String> audit = auditLines(say("/audit", 1));
        assertThat(audit.get(0)).contains(" · undone · irflow · quarantine " + HOST_MAC + " · ISE · HTTP 204 · "
                + "expired: ANC policy");
        assertThat(audit.get(1)).contains(" · requested · irflow · quarantine " + HOST_MAC + " · ISE · expired");
        assertThat(plain(card(single(say("/investigate " + HOST, 1))))).doesNotContain("🔒", "then undone");
    }

    @Test
    void a_typed_for_sets_the_expiry_extend_pushes_it_out_and_keep_removes_it() {
        start("");
        JsonNode confirmation = card(single(say("/quarantine " + HOST_MAC + " --for 1h", 1)));
        assertThat(picker(confirmation).path("value").asText()).isEqualTo("1h");
        String ref = ref(confirmation, "Confirm");
        // The client submits the picker's value with the Confirm button.
        card(single(press(with(action("contain.confirm", ref), "expiry", "1h"), 1)));
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
        Instant first = clock.instant().plus(Duration.ofHours(1));

        clock.advance(Duration.ofMinutes(45));
        JsonNode reminder = card(single(background(1)));
        String extend = ref(reminder, "Extend +4 h");
        String extended = single(press(Map.of("action", "contain.extend", "ref", extend, "by", "4h"), 1))
                .path("markdown").asText();
        Instant second = first.plus(Duration.ofHours(4));
        assertThat(extended).isEqualTo("Extended: quarantined **" + HOST_MAC + "** via ISE now expires "
                + Words.utc(clock.instant()).absolute(second) + " (in 4 h 15 min).");
        assertThat(single(press(Map.of("action", "contain.extend", "ref", extend, "by", "4h"), 1)).path("markdown")
                .asText()).startsWith("That button can no longer be used");

        clock.advance(Duration.ofMinutes(16));
        quiet();
        wm.verify(0, putRequestedFor(urlPathEqualTo(CLEAR)));
        assertThat(plain(card(single(say("/contained", 1))))).contains("expires "
                + Words.utc(clock.instant()).absolute(second) + " (in 3 h 59 min)");

        String typed = single(say("/extend " + HOST_MAC + " 2h", 1)).path("markdown").asText();
        Instant third = second.plus(Duration.ofHours(2));
        assertThat(typed).contains("Extended: quarantined **" + HOST_MAC + "** via ISE now expires "
                + Words.utc(clock.instant()).absolute(third));

        clock.advance(Duration.between(clock.instant(), third.minus(Duration.ofMinutes(15))));
        JsonNode again = card(single(background(1)));
        String kept = single(press(Map.of("action", "contain.keep", "ref", ref(again, "Keep")), 1))
                .path("markdown").asText();
        assertThat(kept).isEqualTo("Kept: quarantined **" + HOST_MAC + "** via ISE no longer expires; it holds until "
                + "a responder undoes it.");

        clock.advance(Duration.ofDays(10));
        quiet();
        wm.verify(0, putRequestedFor(urlPathEqualTo(CLEAR)));
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (1)")
                .doesNotContain("expires");
        assertThat(auditLines(say("/audit", 1))).filteredOn(l -> l.contains(" · extended · " + ALICE_EMAIL))
                .hasSize(3).anySatisfy(l -> assertThat(l).contains("expiry removed"))
                .anySatisfy(l -> assertThat(l).contains("(+4 h)")).anySatisfy(l -> assertThat(l).contains("(+2 h)"));
    }

    @Test
    void a_responders_undo_before_the_expiry_leaves_nothing_to_revert() {
        start("");
        JsonNode confirmation = card(single(say("/isolate " + HOST + " --for 90m", 1)));
        assertThat(picker(confirmation).path("value").asText()).isEqualTo("90m");
        assertThat(picker(confirmation).path("choices").toString()).contains("1 h 30 min");
        JsonNode done = card(press(with(action("contain.confirm", ref(confirmation, "Confirm")), "expiry", "90m"), 2)
                .stream().filter(p -> p.has("roomId")).findFirst().orElseThrow());
        String undo = ref(done, "Release");
        card(single(press(action("contain.press", undo), 1)));
        assertThat(plain(card(single(press(action("contain.confirm", undo), 1))))).contains("Released");
        wm.verify(1, deleteRequestedFor(urlPathEqualTo(ISOLATION)));

        clock.advance(Duration.ofHours(2));
        quiet();

        wm.verify(1, deleteRequestedFor(urlPathEqualTo(ISOLATION)));
        assertThat(auditLines(say("/audit", 1))).noneMatch(l -> l.contains(" · irflow · "));
    }

    @Test
    void lengths_irflow_does_not_take_get_a_clear_answer_and_nothing_is_done() {
        start("");
        assertThat(text(say("/quarantine " + HOST_MAC + " --for soon", 1))).isEqualTo("`soon` is not a length: use "
                + "minutes, hours or days, e.g. `90m`, `4h` or `2d`. Nothing was done.");
        assertThat(text(say("/quarantine " + HOST_MAC + " --for 45d", 1))).startsWith("`45d` is too long: a "
                + "containment holds at most 30 days").endsWith("Nothing was done.");
        assertThat(text(say("/isolate " + HOST + " --for 1m", 1))).isEqualTo("`1m` is too short: a containment "
                + "holds at least 5 min. Nothing was done.");
        assertThat(text(say("/isolate " + HOST + " --for", 1))).isEqualTo("`--for` needs a length, "
                + "e.g. `--for 4h`, `--for 90m` or `--for 2d`. Nothing was done.");
        assertThat(text(say("/unquarantine " + HOST_MAC + " --for 4h", 1))).startsWith("`--for` sets when a "
                + "containment ends; an undo (unquarantine) takes none.");
        assertThat(text(say("/extend " + HOST_MAC + " 4h", 1))).startsWith("irflow holds nothing contained on `"
                + HOST_MAC + "`");
        assertThat(text(say("/extend " + HOST_MAC + " later", 1))).startsWith("`later` is not a length");
        assertThat(text(say("/extend", 1))).startsWith("Tell me what and how much longer");

        String ref = ref(card(single(say("/quarantine " + HOST_MAC, 1))), "Confirm");
        assertThat(text(press(with(action("contain.confirm", ref), "expiry", "99d"), 1)))
                .startsWith("That expiry cannot be used: `99d` is too long");
        wm.verify(0, putRequestedFor(urlPathMatching("/.*")));
        assertThat(text(press(Map.of("action", "contain.extend", "ref", "made-up", "by", "4h"), 1)))
                .startsWith("That button can no longer be used");
        assertThat(text(press(Map.of("action", "contain.extend", "ref", "made-up", "by", "900d"), 1)))
                .startsWith("That button does not say by how much");
    }

    // --- restarts and instances

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_expiry_survives_a_restart_and_the_new_instance_reverts_it_once(String kind) {
        start("storage:\n  url: \"" + TestDatabases.freshUrl(kind, dir) + "\"\n");
        quarantineFor("1h");
        bot.close();
        bots.remove(bot);
        boot();

        clock.advance(Duration.ofMinutes(61));
        // Past the reminder's time already: the undo itself tells the room.
        JsonNode reverted = card(single(background(1)));
        assertThat(plain(reverted)).contains("Expired: unquarantined");
        quiet();
        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));
        assertThat(plain(card(single(say("/contained", 1))))).contains("Contained by irflow (0)");
    }

    @Test
    void two_instances_on_one_postgres_database_remind_once_and_revert_once() {
        start("storage:\n  url: \"" + TestDatabases.freshUrl("postgres", dir) + "\"\n");
        AppWiring.Bot other = AppWiring.start(config, tuning);
        bots.add(other);
        quarantineFor("1h");

        clock.advance(Duration.ofMinutes(45));
        assertThat(plain(card(single(background(1))))).contains("Containment expiring");
        quiet();
        clock.advance(Duration.ofMinutes(15));
        assertThat(plain(card(single(background(1))))).contains("Expired: unquarantined");
        quiet();

        wm.verify(1, putRequestedFor(urlPathEqualTo(CLEAR)));
        assertThat(auditLines(say("/audit", 1))).filteredOn(l -> l.contains(" · undone · ")).hasSize(1);
    }

    // --- flows

    private void quarantineFor(String length) {
        String ref = ref(card(single(say("/quarantine " + HOST_MAC + " --for " + length, 1))), "Confirm");
        assertThat(plain(card(single(press(with(action("contain.confirm", ref), "expiry", length), 1)))))
                .contains("Quarantined: " + HOST_MAC);
        wm.verify(1, putRequestedFor(urlPathEqualTo(APPLY)));
    }

    private static String label() {
        return HOST_NAME_IN_AMP + " (" + HOST_MAC + ")";
    }

    // --- the bot

    private void start(String extraYaml) {
        config = channel.config(webex.url(), LOOKUPS + new ProductStubs(wm.getRuntimeInfo().getWireMock(),
                wm.baseUrl()).yaml() + extraYaml);
        boot();
    }

    private void boot() {
        bot = channel.start(config, tuning);
        bots.add(bot);
    }

    // --- Webex

    private List<JsonNode> say(String text, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "MESSAGE", "expiry-" + IDS.incrementAndGet());
        webex.message("capture-message-direct-user.json", id, "direct", text);
        return delivered(posts, () -> channel.message(id, ROOM, "direct", ALICE, ALICE_EMAIL));
    }

    private List<JsonNode> press(Map<String, String> inputs, int posts) {
        String id = RestIds.restId(RestIds.HOME_CLUSTER, "ATTACHMENT_ACTION", "expiry-" + IDS.incrementAndGet());
        ObjectNode a = Fixtures.json("fixtures/webex/attachment-actions/capture-attachment-action-button-submit.json");
        a.put("id", id).put("messageId", CARD_MESSAGE).put("personId", ALICE).put("roomId", ROOM);
        ObjectNode in = a.putObject("inputs");
        inputs.forEach(in::put);
        webex.stub(get(urlPathEqualTo("/v1/attachment/actions/" + id)), a);
        return delivered(posts, () -> channel.cardAction(id, CARD_MESSAGE, ROOM, "direct", ALICE, ALICE_EMAIL));
    }

    private List<JsonNode> delivered(int posts, IntSupplier delivery) {
        int before = webex.posted().size();
        assertThat(delivery.getAsInt()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.posted().size() >= before + posts);
        List<JsonNode> all = webex.posted();
        return List.copyOf(all.subList(before, all.size()));
    }

    /** What the expiry check posts on its own once the clock moved. */
    private List<JsonNode> background(int posts) {
        return delivered(posts, () -> 200);
    }

    /** A few passes of the expiry check post nothing. */
    private void quiet() {
        int before = webex.posted().size();
        await().pollDelay(TICKS).atMost(TICKS.plusSeconds(1)).until(() -> true);
        assertThat(webex.posted().subList(before, webex.posted().size())).isEmpty();
    }

    private static Map<String, String> action(String action, String ref) {
        return Map.of("action", action, "ref", ref);
    }

    private static Map<String, String> with(Map<String, String> inputs, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(inputs);
        out.put(key, value);
        return out;
    }

    // --- cards

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    private static String text(List<JsonNode> posts) {
        JsonNode p = single(posts);
        assertThat(p.has("attachments")).isFalse();
        return p.path("markdown").asText();
    }

    private static JsonNode card(JsonNode post) {
        assertThat(post.path("roomId").asText()).isEqualTo(ROOM);
        JsonNode attachment = post.path("attachments").path(0);
        assertThat(attachment.isMissingNode()).as("a card attachment in %s", post).isFalse();
        CardValidator.assertValid(new Card((ObjectNode) attachment.path("content"), post.path("markdown").asText()));
        return attachment.path("content");
    }

    /** The confirmation card's expiry picker. */
    private static JsonNode picker(JsonNode card) {
        List<JsonNode> found = new ArrayList<>();
        card.path("body").forEach(e -> {
            if (e.path("type").asText().equals("Input.ChoiceSet") && e.path("id").asText().equals("expiry")) {
                found.add(e);
            }
        });
        assertThat(found).as("one expiry picker in %s", card).hasSize(1);
        return found.get(0);
    }

    private static JsonNode submit(JsonNode card, String titleStart) {
        List<JsonNode> found = CardText.submits(card).stream()
                .filter(s -> "Confirm".equals(titleStart)
                        // the confirmation's acting button is titled after what it does ("Quarantine X")
                        ? "contain.confirm".equals(s.path("data").path("action").asText())
                        : s.path("title").asText().startsWith(titleStart)).toList();
        assertThat(found).as("one '%s' button among %s", titleStart, CardText.titles(card)).hasSize(1);
        return found.get(0);
    }

    private static String ref(JsonNode card, String titleStart) {
        return submit(card, titleStart).path("data").path("ref").asText();
    }

    private static List<String> auditLines(List<JsonNode> posts) {
        List<String> lines = new ArrayList<>(List.of(plain(card(single(posts))).split("\n")));
        return lines.subList(1, lines.size());
    }

    private static String plain(JsonNode card) {
        return CardText.plain(card);
    }
}

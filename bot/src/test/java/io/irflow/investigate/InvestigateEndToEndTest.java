package io.irflow.investigate;

import io.irflow.testing.CardText;
import io.irflow.testing.CardVocabulary;

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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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
        start(before, LOOKUPS);
    }

    private void start(Consumer<ProductStubs> before, String lookups) {
        before.accept(products);
        products.stubAll();
        bot = AppWiring.start(TestConfigs.bot(webex.url(), lookups + products.yaml()), TestConfigs.fastTuning());
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

    private static String plain(JsonNode card) {
        return CardText.plain(card);
    }

    private static String verdictLine(JsonNode card) {
        return card.path("body").get(0).path("text").asText().replace("\\", "");
    }

    /** Requests that reached a product (everything but Webex, which WireMock serves under /v1). */
    private static long productRequests() {
        return wm.getAllServeEvents().stream().filter(e -> !e.getRequest().getUrl().startsWith("/v1/")).count();
    }

    @Nested
    class FreshIsLimitedPerPerson {
        @BeforeEach
        void go() {
            start(p -> {
            }, LOOKUPS + "  fresh_per_hour: 2\n");
        }

        @Test
        void past_the_limit_fresh_is_refused_with_when_and_the_cached_investigation_runs_without_asking_products() {
            send("/i " + ProductStubs.DOMAIN, 1);
            send("/i --fresh " + ProductStubs.DOMAIN, 1);
            send("/i -f " + ProductStubs.DOMAIN, 1);
            String categorization = "/investigate/domains/categorization/" + ProductStubs.DOMAIN;
            wm.verify(3, getRequestedFor(urlPathEqualTo(categorization)));
            long asked = productRequests();

            Sent third = send("/investigate --fresh " + ProductStubs.DOMAIN, 2);

            assertThat(third.posts().get(0).path("markdown").asText())
                    .contains("`--fresh` is limited to 2 lookups per person per hour", "you have used 2 in the last hour",
                            "You can use `--fresh` for this again at ", " UTC (in 60 min)", "cached investigation");
            assertThat(plain(card(third.posts().get(1), third.messageId())))
                    .contains("Umbrella Investigate — malicious · cached");
            assertThat(productRequests()).isEqualTo(asked);
            wm.verify(3, getRequestedFor(urlPathEqualTo(categorization)));
        }

        @Test
        void more_observables_than_the_limit_at_once_are_looked_up_from_the_cache() {
            send("/i " + ProductStubs.DOMAIN + " " + ProductStubs.SHA256 + " " + ProductStubs.HOST_IP, 3);
            long asked = productRequests();

            Sent sent = send("/i --fresh " + ProductStubs.DOMAIN + " " + ProductStubs.SHA256 + " "
                    + ProductStubs.HOST_IP, 4);

            assertThat(sent.posts().get(0).path("markdown").asText()).contains("you asked for 3 at once");
            assertThat(sent.posts().stream().filter(p -> p.has("attachments"))).hasSize(3);
            assertThat(productRequests()).isEqualTo(asked);
        }
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
            // the name as AMP spells it, not as typed
            assertThat(verdictLine(card)).isEqualTo("MALICIOUS — " + ProductStubs.HOST_NAME_IN_AMP);
            assertThat(text).contains("AMP for Endpoints: Executed malware: W32.Ransomware.WannaCry.SBX.TG",
                    "Address: " + ProductStubs.HOST_IP + " · 54.200.199.139 · " + ProductStubs.HOST_MAC,
                    "User: CORP\\jdoe",
                    "Containment: not isolated (AMP for Endpoints)",
                    "Isolation: not isolated (isolation not available)",
                    "Policy: Protect",
                    "Where: HQ Campus > Building 2 > Floor 3",
                    "Posture: Compliant");
            CardVocabulary.assertInVocabulary(card);
            CardVocabulary.assertEveryFactOnce(card);
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

        @Test
        void a_domain_gets_umbrellas_phishing_verdict_and_every_other_sources_facts() {
            Sent sent = send("/investigate " + ProductStubs.DOMAIN, 1);

            JsonNode card = card(sent.only(), sent.messageId());
            String text = plain(card);
            assertThat(verdictLine(card)).isEqualTo("MALICIOUS — " + ProductStubs.DOMAIN);
            assertThat(text).contains("Domain · AMP for Endpoints, Umbrella Investigate, Threat Grid, Threat Response "
                            + "and VirusTotal answered · ",
                    "Umbrella Investigate: Umbrella classifies it as malicious: Phishing",
                    "Security categories: Phishing", "Risk score: 14/100",
                    "Seen on: 1 computer: Demo_Stabuniq",
                    "Highest scoring: 60 (suspicious, sample.url)",
                    "Talos Intelligence: clean",
                    "Detections: 0/94 engines", "Registrar: NameCheap, Inc.");
            String bearer = "Bearer " + ProductStubs.INVESTIGATE_TOKEN;
            for (String path : List.of("/domains/categorization/", "/security/name/", "/domains/risk-score/")) {
                wm.verify(getRequestedFor(urlPathEqualTo("/investigate" + path + ProductStubs.DOMAIN))
                        .withHeader("Authorization", equalTo(bearer)));
            }
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers/activity"))
                    .withQueryParam("q", equalTo(ProductStubs.DOMAIN))
                    .withHeader("Authorization", equalTo(basic(ProductStubs.AMP_ID, ProductStubs.AMP_KEY))));
            wm.verify(getRequestedFor(urlPathEqualTo("/tg/api/v2/search/submissions"))
                    .withQueryParam("q", equalTo(ProductStubs.DOMAIN)).withQueryParam("term", equalTo("domain"))
                    .withQueryParam("api_key", equalTo(ProductStubs.TG_KEY)));
            wm.verify(postRequestedFor(urlPathEqualTo("/tr/iroh/oauth2/token"))
                    .withHeader("Authorization", equalTo(basic(ProductStubs.TR_ID, ProductStubs.TR_SECRET))));
            wm.verify(postRequestedFor(urlPathEqualTo("/tr/iroh/iroh-enrich/deliberate/observables"))
                    .withRequestBody(matchingJsonPath("$[0].value", equalTo(ProductStubs.DOMAIN)))
                    .withHeader("Authorization", equalTo(ProductStubs.trBearer())));
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/domains/" + ProductStubs.DOMAIN))
                    .withHeader("x-apikey", equalTo(ProductStubs.VT_KEY)));
            wm.verify(0, getRequestedFor(urlPathMatching("/(ise-ers|ise-mnt|cmx)/.*")));
        }

        @Test
        void an_ip_gets_all_seven_products_and_the_hosts_user_location_and_isolation() {
            Sent sent = send("/i " + ProductStubs.HOST_IP, 1);

            JsonNode card = card(sent.only(), sent.messageId());
            String text = plain(card);
            assertThat(verdictLine(card)).isEqualTo("MALICIOUS — " + ProductStubs.HOST_IP);
            assertThat(text).contains("IP address · AMP for Endpoints, Umbrella Investigate, Threat Grid, "
                            + "Threat Response, ISE, CMX and VirusTotal answered · ",
                    "AMP for Endpoints: Executed malware: W32.Ransomware.WannaCry.SBX.TG", " · Threat Response agrees",
                    "\nHost: " + ProductStubs.HOST_NAME_IN_AMP + " · 54.200.199.139 · " + ProductStubs.HOST_MAC,
                    "\nUser: CORP\\jdoe\n",
                    "Containment: not isolated (AMP for Endpoints)",
                    "Where: HQ Campus > Building 2 > Floor 3, seen 5 Mar 2024 14:30 UTC (",
                    "Malicious domains: 2",
                    "Network device: bldg2-fl3-access-sw01 (10.20.1.11) GigabitEthernet1/0/12",
                    "Posture: Compliant", "ANC policy: none",
                    "SSID: CORP-WIFI",
                    "Owner: Google LLC (AS15169)");
            String ise = basic(ProductStubs.ISE_USER, ProductStubs.ISE_PASSWORD);
            wm.verify(getRequestedFor(urlPathEqualTo("/ise-mnt/admin/API/mnt/Session/EndPointIPAddress/"
                    + ProductStubs.HOST_IP)).withHeader("Authorization", equalTo(ise)));
            wm.verify(getRequestedFor(urlPathEqualTo("/ise-ers/ers/config/ancendpoint"))
                    .withQueryParam("filter", equalTo("macAddress.EQ." + ProductStubs.HOST_MAC.toUpperCase()))
                    .withHeader("Authorization", equalTo(ise)));
            wm.verify(getRequestedFor(urlPathEqualTo("/cmx/api/location/v2/clients"))
                    .withQueryParam("ipAddress", equalTo(ProductStubs.HOST_IP))
                    .withHeader("Authorization", equalTo(basic(ProductStubs.CMX_USER, ProductStubs.CMX_PASSWORD))));
            wm.verify(getRequestedFor(urlPathEqualTo("/investigate/ips/" + ProductStubs.HOST_IP + "/latest_domains"))
                    .withHeader("Authorization", equalTo("Bearer " + ProductStubs.INVESTIGATE_TOKEN)));
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers"))
                    .withQueryParam("internal_ip", equalTo(ProductStubs.HOST_IP)));
            wm.verify(getRequestedFor(urlPathEqualTo("/tg/api/v2/search/submissions"))
                    .withQueryParam("term", equalTo("ip")).withQueryParam("api_key", equalTo(ProductStubs.TG_KEY)));
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/ip_addresses/" + ProductStubs.HOST_IP))
                    .withHeader("x-apikey", equalTo(ProductStubs.VT_KEY)));
        }

        @Test
        void a_url_gets_virustotals_detections_and_names_the_sources_that_know_nothing() {
            Sent sent = send("/investigate " + ProductStubs.URL, 1);

            JsonNode card = card(sent.only(), sent.messageId());
            String text = plain(card);
            // the title shortened, the whole URL on its own line
            assertThat(text).startsWith("MALICIOUS — " + ProductStubs.URL.substring(0, 59) + "…\n" + ProductStubs.URL
                    + "\nVirusTotal: 5/90 engines flag it\nURL · VirusTotal answered · AMP for Endpoints, Umbrella "
                    + "Investigate and Threat Response know nothing about it");
            assertThat(text).contains("Threat names: malware download", "Title: Dropbox - 404");
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/urls/" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ProductStubs.URL.getBytes(StandardCharsets.UTF_8))))
                    .withHeader("x-apikey", equalTo(ProductStubs.VT_KEY)));
            wm.verify(getRequestedFor(urlPathEqualTo("/investigate/domains/categorization/www.dropbox.com")));
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers/activity"))
                    .withQueryParam("q", equalTo(ProductStubs.URL)));
            wm.verify(postRequestedFor(urlPathEqualTo("/tr/iroh/iroh-enrich/deliberate/observables"))
                    .withRequestBody(matchingJsonPath("$[0].type", equalTo("url"))));
            wm.verify(0, getRequestedFor(urlPathMatching("/tg/.*")));
        }

        @Test
        void a_sha256_gets_the_sandbox_report_detections_and_the_computers_that_saw_it() {
            Sent sent = send("/investigate " + ProductStubs.SHA256, 1);

            JsonNode card = card(sent.only(), sent.messageId());
            String text = plain(card);
            assertThat(verdictLine(card)).isEqualTo("MALICIOUS — SHA-256 " + ProductStubs.SHA256.substring(0, 8) + "…"
                    + ProductStubs.SHA256.substring(56));
            assertThat(text).contains("\n" + ProductStubs.SHA256 + "\n",
                    "SHA-256 · AMP for Endpoints, Threat Grid, Threat Response and VirusTotal answered · ",
                    "Threat Grid: threat score 100 (malicious, wsymqyv90.exe) · Threat Response and VirusTotal agree",
                    "Seen on: Demo_Stabuniq, Demo_Upatre",
                    "Detections: 1 on 1 computer: Threat Detected ×1", "Seen on: 1 computer: Demo_Stabuniq",
                    "File name: wsymqyv90.exe", "Contacted IPs: 198.51.100.23; 52.168.138.145",
                    "AMP File Reputation: malicious", "Seen on: Demo_Upatre, 3.128.146.129",
                    "Detections: 53/62 engines");
            wm.verify(getRequestedFor(urlPathEqualTo("/tg/api/v2/search/submissions"))
                    .withQueryParam("q", equalTo(ProductStubs.SHA256)).withQueryParam("api_key", equalTo(ProductStubs.TG_KEY)));
            wm.verify(getRequestedFor(urlPathEqualTo("/tg/api/v2/samples/feeds/domains"))
                    .withQueryParam("api_key", equalTo(ProductStubs.TG_KEY)));
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/events"))
                    .withQueryParam("detection_sha256", equalTo(ProductStubs.SHA256))
                    .withHeader("Authorization", equalTo(basic(ProductStubs.AMP_ID, ProductStubs.AMP_KEY))));
            wm.verify(postRequestedFor(urlPathEqualTo("/tr/iroh/iroh-enrich/observe/observables"))
                    .withRequestBody(matchingJsonPath("$[0].value", equalTo(ProductStubs.SHA256)))
                    .withHeader("Authorization", equalTo(ProductStubs.trBearer())));
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/files/" + ProductStubs.SHA256))
                    .withHeader("x-apikey", equalTo(ProductStubs.VT_KEY)));
        }

        @Test
        void a_repeat_is_served_from_the_cache_and_fresh_asks_again() {
            send("/i " + ProductStubs.DOMAIN, 1);
            Sent again = send("/i " + ProductStubs.DOMAIN, 1);

            String text = plain(card(again.only(), again.messageId()));
            assertThat(text).contains("Umbrella Investigate — malicious · cached", "VirusTotal — clean · cached");
            String categorization = "/investigate/domains/categorization/" + ProductStubs.DOMAIN;
            wm.verify(1, getRequestedFor(urlPathEqualTo(categorization)));
            wm.verify(1, getRequestedFor(urlPathEqualTo("/vt/domains/" + ProductStubs.DOMAIN)));
            wm.verify(1, postRequestedFor(urlPathEqualTo("/tr/iroh/iroh-enrich/deliberate/observables")));

            Sent fresh = send("/investigate --fresh " + ProductStubs.DOMAIN, 1);

            assertThat(plain(card(fresh.only(), fresh.messageId()))).doesNotContain("cached");
            wm.verify(2, getRequestedFor(urlPathEqualTo(categorization)));
            wm.verify(2, getRequestedFor(urlPathEqualTo("/vt/domains/" + ProductStubs.DOMAIN)));
        }

        @Test
        void several_observables_get_one_card_each() {
            Sent sent = send("/i " + ProductStubs.DOMAIN + " " + ProductStubs.SHA256 + " " + ProductStubs.HOST_IP, 3);

            assertThat(sent.posts()).hasSize(3);
            List<String> verdicts = sent.posts().stream().map(p -> verdictLine(card(p, sent.messageId()))).toList();
            assertThat(verdicts).containsExactlyInAnyOrder("MALICIOUS — " + ProductStubs.DOMAIN,
                    "MALICIOUS — SHA-256 " + ProductStubs.SHA256.substring(0, 8) + "…"
                            + ProductStubs.SHA256.substring(56),
                    "MALICIOUS — " + ProductStubs.HOST_IP);
        }

        @Test
        void more_than_five_observables_get_five_cards_and_a_note() {
            Sent sent = send("/i 198.51.100.1 198.51.100.2 198.51.100.3 198.51.100.4 198.51.100.5 198.51.100.6 "
                    + "198.51.100.7", 6);

            List<JsonNode> cards = sent.posts().stream().filter(p -> p.has("attachments")).toList();
            assertThat(cards).hasSize(5).allSatisfy(p -> card(p, sent.messageId()));
            assertThat(sent.posts()).filteredOn(p -> !p.has("attachments")).singleElement()
                    .satisfies(p -> assertThat(p.path("markdown").asText())
                            .contains("You gave 7 observables; I looked at the first 5. Ask again for the rest."));
            wm.verify(0, getRequestedFor(urlPathEqualTo("/vt/ip_addresses/198.51.100.6")));
        }

        @Test
        void a_pasted_sentence_gets_exactly_its_two_indicators_echoed_and_investigated() {
            Sent sent = send("/investigate beaconing to update-cdn[.]badguys[.]example from 203.0.113[.]66 after "
                    + "invoice_2026-11.pdf.exe ran", 3);

            assertThat(sent.posts()).hasSize(3);
            String echo = sent.posts().get(0).path("markdown").asText();
            assertThat(sent.posts().get(0).has("attachments")).isFalse();
            assertThat(echo).startsWith("Understood: domain `update-cdn.badguys.example`, IP `203.0.113.66`.")
                    .contains("File name `invoice_2026-11.pdf.exe` is not looked up");
            List<String> verdicts = sent.posts().subList(1, 3).stream()
                    .map(p -> verdictLine(card(p, sent.messageId()))).toList();
            assertThat(verdicts).hasSize(2).anySatisfy(v -> assertThat(v).endsWith(" update-cdn.badguys.example"))
                    .anySatisfy(v -> assertThat(v).endsWith(" 203.0.113.66"));
            assertThat(sent.posts().subList(1, 3).toString()).doesNotContain("pdf.exe", "gate.php");
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/domains/update-cdn.badguys.example")));
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/ip_addresses/203.0.113.66")));
            wm.verify(0, getRequestedFor(urlPathMatching("/vt/domains/(-11\\.pdf\\.exe|.*gate\\.php|.*pdf\\.exe)")));
            wm.verify(0, postRequestedFor(urlPathMatching("/tr/iroh/iroh-inspect/.*")));
            int total = webex.posted().size();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                    .until(() -> webex.posted().size() == total);
        }

        @Test
        void the_same_sentence_pasted_without_a_command_is_investigated_too() {
            Sent sent = send("beaconing to update-cdn[.]badguys[.]example from 203.0.113[.]66 after "
                    + "invoice_2026-11.pdf.exe ran", 3);

            assertThat(sent.posts().get(0).path("markdown").asText())
                    .startsWith("Understood: domain `update-cdn.badguys.example`, IP `203.0.113.66`.");
            assertThat(sent.posts().subList(1, 3)).allSatisfy(p -> card(p, sent.messageId()));
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/domains/update-cdn.badguys.example")));
        }

        @Test
        void words_without_an_indicator_or_a_mistyped_slash_command_get_the_unknown_command_answer() {
            assertThat(send("thanks WKS-FIN-042 looks fine now", 1).posts().get(0).path("markdown").asText())
                    .startsWith("I don't know the command `thanks`.");
            assertThat(send("/investgate evil.example", 1).posts().get(0).path("markdown").asText())
                    .startsWith("I don't know the command `investgate`.").contains("/investigate");
            wm.verify(0, getRequestedFor(urlPathMatching("/vt/.*")));
        }

        @Test
        void when_only_threat_response_reads_the_text_its_valid_observables_are_kept_and_its_file_names_dropped() {
            wm.stubFor(post(urlPathEqualTo("/tr/iroh/iroh-inspect/inspect")).atPriority(1).willReturn(okJson(
                    "[{\"type\":\"url\",\"value\":\"http://bad.example/x\"},"
                            + "{\"type\":\"domain\",\"value\":\"gate.php\"}]")));

            Sent sent = send("/i the proxy logged src=http://bad.example/x for that box", 3);

            assertThat(sent.posts().get(0).path("markdown").asText()).isEqualTo("Understood: URL `http://bad.example/x`.");
            assertThat(verdictLine(card(sent.posts().get(1), sent.messageId())).replace("\u200B", ""))
                    .endsWith(" http://bad.example/x");
            assertThat(sent.posts().get(2).path("markdown").asText())
                    .isEqualTo("Threat Response found 1 observable(s) in your text.");
            wm.verify(0, getRequestedFor(urlPathMatching("/vt/domains/.*")));
        }

        @Test
        void a_name_under_a_non_public_suffix_is_investigated_as_a_host_not_a_domain() {
            Sent sent = send("/i nas-01.local", 1);

            JsonNode card = card(sent.only(), sent.messageId());
            assertThat(verdictLine(card)).endsWith(" nas-01.local");
            assertThat(plain(card)).doesNotContain("\nDomain");
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/computers")).withQueryParam("hostname[]",
                    equalTo("nas-01.local")));
            wm.verify(0, getRequestedFor(urlPathMatching("/vt/domains/.*")));
        }

        @Test
        void file_names_threat_responses_inspect_reads_as_domains_get_no_card() {
            wm.stubFor(post(urlPathEqualTo("/tr/iroh/iroh-inspect/inspect")).atPriority(1).willReturn(okJson(
                    "[{\"type\":\"domain\",\"value\":\"-11.pdf.exe\"},{\"type\":\"domain\",\"value\":\"gate.php\"}]")));

            Sent sent = send("/investigate the dropper fetched gate.php and ran it", 1);

            assertThat(sent.only().has("attachments")).isFalse();
            assertThat(sent.only().path("markdown").asText()).contains("File name `gate.php` is not looked up");
            wm.verify(postRequestedFor(urlPathEqualTo("/tr/iroh/iroh-inspect/inspect")));
            wm.verify(0, getRequestedFor(urlPathMatching("/vt/domains/.*")));
        }

        @Test
        void garbage_gets_the_clear_answer_with_examples_and_no_product_call() {
            Sent sent = send("/investigate hello!!!", 1);

            String md = sent.only().path("markdown").asText();
            assertThat(md).contains("I can't tell what `hello!!!` is: it is not a host name, IP or MAC address, "
                    + "domain, URL or hash.", "For example: `/investigate WKS-0042`", "`/i example[.]com`");
            wm.verify(0, getRequestedFor(urlPathMatching("/(amp|investigate|tg|vt|cmx|ise-ers|ise-mnt)/.*")));
            wm.verify(0, postRequestedFor(urlPathMatching("/tr/.*")));
        }

        @Test
        void a_defanged_domain_is_refanged_before_the_lookup() {
            Sent sent = send("/i example[.]com", 1);

            JsonNode card = card(sent.only(), sent.messageId());
            assertThat(plain(card)).startsWith("CLEAN — example.com\nUmbrella Investigate: ")
                    .contains("Status: benign", "Content categories: Search Engines",
                            "https://www.virustotal.com/gui/domain/example.com");
            wm.verify(getRequestedFor(urlPathEqualTo("/investigate/domains/categorization/example.com")));
            wm.verify(getRequestedFor(urlPathEqualTo("/vt/domains/example.com")));
        }

        @Test
        void status_names_every_product_and_the_cache_statistics() {
            send("/i " + ProductStubs.DOMAIN, 1);
            send("/i " + ProductStubs.DOMAIN, 1);

            Sent sent = send("/status", 1);

            String text = plain(card(sent.only(), sent.messageId()));
            assertThat(text).contains("irflow status", "AMP for Endpoints: ✅ reachable",
                    "Umbrella Investigate: ✅ reachable", "Threat Grid: ✅ reachable", "Threat Response: ✅ reachable",
                    "ISE: ✅ reachable", "CMX: ✅ reachable", "VirusTotal: ✅ reachable", "Lookup cache",
                    "Umbrella Investigate: 1 hits · 1 misses · 1 entries (50% hits)");
            wm.verify(getRequestedFor(urlPathEqualTo("/amp/v1/version")));
            wm.verify(getRequestedFor(urlPathEqualTo("/ise-mnt/admin/API/mnt/Session/ActiveCount")));
            wm.verify(getRequestedFor(urlPathEqualTo("/cmx/api/location/v2/clients/count")));
            wm.verify(getRequestedFor(urlPathEqualTo("/tr/iroh/iroh-enrich/settings")));
        }
    }

    @Test
    void one_product_down_and_one_hanging_still_give_a_card_within_the_deadline_that_names_them() {
        start();
        products.down(Product.THREATGRID);
        products.hanging(Product.VIRUSTOTAL, Duration.ofSeconds(10));

        Sent sent = send("/investigate " + ProductStubs.DOMAIN, 1);

        assertThat(sent.took()).isLessThan(Duration.ofMillis(3_000 + 1_500));
        String text = plain(card(sent.only(), sent.messageId()));
        assertThat(text).contains("Umbrella Investigate — malicious", "Threat Response — clean",
                " · VirusTotal timed out · Threat Grid failed (HTTP 503) · ", "VirusTotal: timed out");
        assertThat(sent.only().path("markdown").asText()).contains("Threat Grid: error", "VirusTotal: timed out");
    }

    @Test
    void markdown_in_product_data_is_escaped_on_the_card() {
        start(p -> p.replacing("Dropbox - 404", "[click](http://evil)"));

        Sent sent = send("/investigate " + ProductStubs.URL, 1);

        JsonNode card = card(sent.only(), sent.messageId());
        String raw = card.toString();
        assertThat(raw).doesNotContain("[click](http://evil)").doesNotContain("http://evil")
                .contains("\\\\[click\\\\](http:\u200B//evil)");
        assertThat(plain(card)).contains("Title: [click](http://evil)");
        assertThat(sent.only().path("markdown").asText()).doesNotContain("[click]");
    }
}

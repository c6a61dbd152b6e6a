package io.irflow.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.app.AppWiring;
import io.irflow.cards.Card;
import io.irflow.json.Json;
import io.irflow.testing.CardValidator;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /alerts} on the running bot ({@link AppWiring#start}, Webex played by WireMock): HMAC-signed and bearer
 * requests are accepted once per id and become a card in {@code webex.irt_room}; everything else gets a 4xx with a
 * reason and posts nothing.
 */
class InboundAlertsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SECRET = "inbound-hmac-secret-5d1f";
    private static final String TOKEN = "inbound-bearer-token-9c2e";
    private static final String ENABLED = """
            alerts:
              inbound_secret: "%s"
              inbound_token: "%s"
              posts_per_second: 50
            """.formatted(SECRET, TOKEN);
    private static final String SHA256 = "ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa";

    private final WebexStub webex = new WebexStub(wm);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AppWiring.Bot bot;
    private AppWiring.Bot shared;

    @BeforeEach
    void stubs() {
        webex.bot("irflow");
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void a_signed_alert_is_accepted_and_posted_to_the_irt_room_once_and_its_id_again_is_a_duplicate() {
        start(ENABLED);
        String body = alert("siem-4711", "FIN-LT-0042.corp.example.com", "00:50:56:9A:4B:1C");

        Response first = send(body, signature(SECRET, body), null);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().path("status").asText()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(10)).until(() -> alertCards().size() == 1);
        JsonNode card = alertCards().get(0);
        assertThat(card.path("roomId").asText()).isEqualTo(WebexStub.ROOM);
        String text = card.toString();
        assertThat(text).contains("Lateral movement from FIN-LT-0042", "FIN-LT-0042.corp.example.com",
                "00:50:56:9a:4b:1c", SHA256, "inbound:splunk");

        Response again = send(body, signature(SECRET, body), null);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("status").asText()).isEqualTo("duplicate");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> alertCards().size() == 1);
    }

    @Test
    void a_bearer_token_is_accepted_too() {
        start(ENABLED);
        String body = alert("soar-1", "HR-WS-0007", null);

        Response r = send(body, null, "Bearer " + TOKEN);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().path("status").asText()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(10)).until(() -> alertCards().size() == 1);
        assertThat(alertCards().get(0).toString()).contains("HR-WS-0007");
    }

    @Test
    void unsigned_wrongly_signed_and_wrong_token_requests_are_refused_with_401_and_post_nothing() {
        start(ENABLED);
        String body = alert("siem-1", "FIN-LT-0042", null);

        List<Response> refused = List.of(
                send(body, null, null),
                send(body, signature("another-secret", body), null),
                send(body, "sha256=" + "0".repeat(64), null),
                send(body, signature(SECRET, body).replace("sha256=", "sha1="), null),
                send(body, signature(SECRET, body + " "), null),
                send(body, null, "Bearer not-the-token"),
                send(body, null, "Basic " + TOKEN));

        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("error").asText()).isEqualTo("missing or wrong X-Irflow-Signature or bearer token");
        });
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> webex.posted().isEmpty());
    }

    @Test
    void malformed_json_is_a_400() {
        start(ENABLED);
        for (String body : List.of("{\"id\": \"x\", ", "not json", "[1, 2]")) {
            Response r = send(body, signature(SECRET, body), null);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().path("error").asText()).as(body).isEqualTo("malformed JSON");
        }
        assertThat(webex.posted()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing host     | host      | {\"id\":\"a1\",\"title\":\"Malware\"}",
            "empty host       | host      | {\"id\":\"a2\",\"title\":\"Malware\",\"host\":{}}",
            "bad mac          | host.mac  | {\"id\":\"a3\",\"title\":\"Malware\",\"host\":{\"mac\":\"00:50:56:9a:4b\"}}",
            "bad sha256       | sha256    | {\"id\":\"a4\",\"title\":\"Malware\",\"host\":{\"hostname\":\"h\"},\"sha256\":\"abc123\"}",
            "bad at           | at        | {\"id\":\"a5\",\"title\":\"Malware\",\"host\":{\"hostname\":\"h\"},\"at\":\"yesterday\"}",
            "missing id       | id        | {\"title\":\"Malware\",\"host\":{\"hostname\":\"h\"}}",
            "missing title    | title     | {\"id\":\"a6\",\"host\":{\"hostname\":\"h\"}}",
            "bad link         | link      | {\"id\":\"a7\",\"title\":\"Malware\",\"host\":{\"hostname\":\"h\"},\"link\":\"javascript:alert(1)\"}"})
    void an_invalid_alert_is_a_400_naming_the_field(String what, String field, String body) {
        start(ENABLED);

        Response r = send(body, signature(SECRET, body), null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).startsWith(field + ":");
        assertThat(webex.posted()).isEmpty();
    }

    static Stream<Arguments> badFields() {
        String ok = "\"id\":\"b1\",\"title\":\"Malware\"";
        String host = ",\"host\":{\"hostname\":\"wks-1\"}";
        return Stream.of(
                Arguments.of("host.ip", "{" + ok + ",\"host\":{\"ip\":\"10.0.0.300\"}}"),
                Arguments.of("host.ip", "{" + ok + ",\"host\":{\"ip\":\"fin-lt-0042.example.com\"}}"),
                Arguments.of("host.ip", "{" + ok + ",\"host\":{\"ip\":\"010.1.2.3\"}}"),
                Arguments.of("host.ip", "{" + ok + ",\"host\":{\"ip\":\"10.1.2.3; rm -rf /\"}}"),
                Arguments.of("host.ip", "{" + ok + ",\"host\":{\"ip\":\"fe80::1%eth0\"}}"),
                Arguments.of("host.ip", "{" + ok + ",\"host\":{\"ip\":\"1:2:3:4:5:6:7:8:9\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"wks 1\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"../../etc/passwd\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"wks..corp\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"-wks\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"wks_1\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"wörk\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"" + "a".repeat(64) + ".corp\"}}"),
                Arguments.of("host.hostname", "{" + ok + ",\"host\":{\"hostname\":\"" + "a.".repeat(127) + "ab\"}}"),
                Arguments.of("host.mac", "{" + ok + ",\"host\":{\"mac\":\"00:50:56:9a:4b:zz\"}}"),
                Arguments.of("host.mac", "{" + ok + ",\"host\":{\"mac\":\"00:50-56:9a:4b:1c\"}}"),
                Arguments.of("id", "{\"id\":\"" + "i".repeat(257) + "\",\"title\":\"Malware\"" + host + "}"),
                Arguments.of("title", "{\"id\":\"b2\",\"title\":\"" + "t".repeat(301) + "\"" + host + "}"),
                Arguments.of("source", "{" + ok + ",\"source\":\"" + "s".repeat(121) + "\"" + host + "}"),
                Arguments.of("source", "{" + ok + ",\"source\":\"siem/../ops\"" + host + "}"),
                Arguments.of("threat", "{" + ok + ",\"threat\":\"" + "x".repeat(301) + "\"" + host + "}"),
                Arguments.of("file_name", "{" + ok + ",\"file_name\":\"" + "f".repeat(256) + "\"" + host + "}"),
                Arguments.of("disposition", "{" + ok + ",\"disposition\":\"" + "d".repeat(65) + "\"" + host + "}"),
                Arguments.of("link", "{" + ok + ",\"link\":\"https://siem.example.com/" + "l".repeat(2000) + "\"" + host + "}"),
                Arguments.of("link", "{" + ok + ",\"link\":\"https://siem.example.com/a)[x](https://evil\"" + host + "}"),
                Arguments.of("severity", "{" + ok + ",\"severity\":\"urgent\"" + host + "}"),
                Arguments.of("severity", "{" + ok + ",\"severity\":3" + host + "}"),
                Arguments.of("id", "{\"id\":4711,\"title\":\"Malware\"" + host + "}"),
                Arguments.of("title", "{\"id\":\"b3\",\"title\":[\"Malware\"]" + host + "}"),
                Arguments.of("title", "{\"id\":\"b4\",\"title\":\"Malware\\n**click here**\"" + host + "}"),
                Arguments.of("host", "{" + ok + ",\"host\":\"wks-1\"}"),
                Arguments.of("host.ip", "{" + ok + ",\"host\":{\"ip\":167772161}}"),
                Arguments.of("hostname", "{" + ok + ",\"hostname\":\"wks-1\"" + host + "}"),
                Arguments.of("host.owner", "{" + ok + ",\"host\":{\"hostname\":\"wks-1\",\"owner\":\"bob\"}}"));
    }

    /** One bot for every bad body: none of them may leave a trace. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BadFields {
        @BeforeAll
        void startOnce() {
            webex.bot("irflow");
            start(ENABLED);
        }

        @AfterEach
        void keepRunning() {
            // The outer @AfterEach closes the bot after each test; this class reuses it, so hide it from that.
            shared = bot;
            bot = null;
        }

        @BeforeEach
        void restore() {
            if (shared != null) {
                bot = shared;
            }
        }

        @AfterAll
        void stopOnce() {
            if (shared != null) {
                shared.close();
            }
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("io.irflow.alerts.InboundAlertsTest#badFields")
        void each_bad_field_is_a_400_with_a_json_body_naming_it_and_nothing_is_recorded_or_posted(String field, String body) {
            Response r = send(body, signature(SECRET, body), null);

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("field").asText()).isEqualTo(field);
            assertThat(r.json().path("error").asText()).startsWith(field + ":");
            assertThat(new AlertSourceStore(bot.database().dataSource()).sources(java.time.Instant.EPOCH)).isEmpty();
            assertThat(webex.posted()).isEmpty();
        }
    }

    @Test
    void duplicate_keys_and_trailing_garbage_are_malformed_json() {
        start(ENABLED);
        for (String body : List.of("{\"id\":\"a\",\"id\":\"b\",\"title\":\"t\",\"host\":{\"hostname\":\"h\"}}",
                "{\"id\":\"a\",\"title\":\"t\",\"host\":{\"hostname\":\"h\"}} {}")) {
            Response r = send(body, signature(SECRET, body), null);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().path("error").asText()).as(body).isEqualTo("malformed JSON");
        }
    }

    @Test
    void mac_forms_ipv6_and_severity_words_are_accepted_and_normalised() {
        start(ENABLED);
        String body = """
                {"id":"norm-1","title":"Beaconing","severity":"CRITICAL",
                 "host":{"hostname":"OPS-LT-0101.corp.example.com.","ip":"2001:db8::1","mac":"0050.569A.4B4F"}}""";

        Response r = send(body, signature(SECRET, body), null);

        assertThat(r.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> alertCards().size() == 1);
        assertThat(alertCards().get(0).toString()).contains("00:50:56:9a:4b:4f", "2001:db8::1", "Critical",
                "OPS-LT-0101.corp.example.com");
        for (String mac : List.of("00-50-56-9A-4B-4F", "00:50:56:9a:4b:4f")) {
            String again = body.replace("norm-1", "norm-" + mac).replace("0050.569A.4B4F", mac);
            assertThat(send(again, signature(SECRET, again), null).status()).as(mac).isEqualTo(202);
        }
    }

    @Test
    void without_a_secret_or_token_the_endpoint_is_a_404_that_says_how_to_enable_it() {
        start("");
        String body = alert("siem-1", "FIN-LT-0042", null);

        Response r = send(body, signature(SECRET, body), "Bearer " + TOKEN);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("error").asText()).isEqualTo(
                "inbound alerts are not enabled: set alerts.inbound_secret or alerts.inbound_token");
    }

    @Test
    void a_body_over_64_kib_is_a_413() {
        start(ENABLED);
        ObjectNode big = (ObjectNode) read(alert("siem-big", "FIN-LT-0042", null));
        big.put("padding", "x".repeat(64 * 1024));
        String body = big.toString();

        Response r = send(body, signature(SECRET, body), null);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("error").asText()).isEqualTo("body over 64 KiB");
        assertThat(webex.posted()).isEmpty();
    }

    // --- helpers

    private void start(String yaml) {
        bot = AppWiring.start(TestConfigs.bot(webex.url(), yaml), TestConfigs.fastTuning());
    }

    private static String alert(String id, String hostname, String mac) {
        ObjectNode a = Json.mapper().createObjectNode().put("id", id).put("source", "splunk")
                .put("title", "Lateral movement from " + hostname.split("\\.")[0]).put("at", "2026-11-27T10:15:00Z")
                .put("threat", "Mimikatz credential dump").put("severity", "High").put("sha256", SHA256.toUpperCase())
                .put("file_name", "mimikatz.exe").put("disposition", "Malicious")
                .put("link", "https://siem.example.com/alerts/" + id);
        ObjectNode host = a.putObject("host").put("hostname", hostname).put("ip", "10.20.30.41");
        if (mac != null) {
            host.put("mac", mac);
        }
        return a.toString();
    }

    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, JsonNode json) {
    }

    private Response send(String body, String signature, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            b.header("X-Irflow-Signature", signature);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body().isBlank() ? Json.mapper().createObjectNode() : read(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> alertCards() {
        List<JsonNode> cards = webex.posted().stream().filter(p -> p.has("attachments")).toList();
        cards.forEach(p -> CardValidator.assertValid(new Card((ObjectNode) p.path("attachments").path(0).path("content"),
                p.path("markdown").asText())));
        return cards;
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.irflow.app;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.testing.ProductStubs;
import io.irflow.testing.ProductStubs.Product;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics} on the running bot: after a signed delivery that makes product calls, the Prometheus text has
 * the delivery counters, the processing timer, each product's calls by outcome, the backlogs and the leader gauge;
 * and it carries neither a credential nor what the user typed.
 */
class MetricsEndToEndTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(40)).build();

    private static final String MESSAGE_ID = "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvbWV0cmljcy0x";
    private final WebexStub webex = new WebexStub(wm);
    private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
    private final HttpClient http = HttpClient.newHttpClient();
    private AppWiring.Bot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return r.body();
    }

    /** The value of one series (name plus its exact label set, as Prometheus prints them), or null when absent. */
    private static Double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    @Test
    void a_delivery_and_its_product_calls_show_in_the_named_series() throws Exception {
        webex.bot("irflow");
        ProductStubs products = new ProductStubs(wm.getRuntimeInfo().getWireMock(), wm.baseUrl());
        products.stubAll();
        products.down(Product.INVESTIGATE);
        bot = AppWiring.start(TestConfigs.bot(webex.url(), "lookups:\n  timeout: 2s\n  deadline: 3s\n"
                + products.yaml()), TestConfigs.fastTuning());
        String before = scrape();
        assertThat(value(before, "irflow_deliveries_received_total")).isEqualTo(0.0);
        assertThat(value(before, "irflow_leader")).isEqualTo(1.0);
        assertThat(value(before, "irflow_intake_processing_limit")).as("no burst: every worker").isEqualTo(4.0);

        webex.message("capture-message-direct-user.json", MESSAGE_ID, "direct", "/investigate " + ProductStubs.DOMAIN);
        String url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        var delivery = SignedWebhooks.message(MESSAGE_ID, WebexStub.ROOM, "direct", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL);
        assertThat(webhooks.deliver(url, delivery)).isEqualTo(200);
        assertThat(webhooks.deliver(url, delivery)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(), "irflow_deliveries_processed_total") == 1.0);

        String text = scrape();
        assertThat(value(text, "irflow_deliveries_received_total")).isEqualTo(2.0);
        assertThat(value(text, "irflow_deliveries_duplicate_total")).isEqualTo(1.0);
        assertThat(value(text, "irflow_processing_seconds_count")).isEqualTo(1.0);
        assertThat(value(text, "irflow_processing_seconds_sum")).isGreaterThan(0.0);
        assertThat(value(text, "irflow_intake_backlog")).isEqualTo(0.0);
        assertThat(value(text, "irflow_intake_oldest_age_seconds")).isEqualTo(0.0);
        assertThat(value(text, "irflow_outbox_pending{outbox=\"tickets\"}")).isEqualTo(0.0);
        assertThat(value(text, "irflow_outbox_pending{outbox=\"alerts\"}")).isEqualTo(0.0);
        assertThat(value(text, "irflow_product_calls_seconds_count{outcome=\"ok\",product=\"VirusTotal\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(value(text, "irflow_product_calls_seconds_count{outcome=\"error\",product=\"Umbrella Investigate\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(value(text, "irflow_product_calls_seconds_bucket{outcome=\"ok\",product=\"VirusTotal\",le=\"30.0\"}"))
                .isGreaterThanOrEqualTo(1.0);

        assertThat(text).doesNotContain(ProductStubs.DOMAIN, ProductStubs.VT_KEY, ProductStubs.INVESTIGATE_TOKEN,
                ProductStubs.AMP_KEY, "test-token", TestConfigs.SECRET, WebexStub.ROOM, WebexStub.ANALYST_EMAIL);
    }
}

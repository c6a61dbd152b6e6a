package io.irflow.webex;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.irflow.testing.Fixtures;
import io.irflow.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebexClientTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final List<Duration> waits = new ArrayList<>();

    private WebexClient client() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new WebexClient(wm.baseUrl() + "/v1", "secret-token-value", policy, waits::add);
    }

    private void loadMappings(String fixture) {
        var mappings = Fixtures.json("fixtures/webex/wiremock/" + fixture).get("mappings");
        mappings.forEach(m -> wm.addStubMapping(StubMapping.buildFrom(Fixtures.write(m))));
    }

    @Test
    void a_report_file_is_uploaded_as_multipart_with_room_markdown_and_the_file() {
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson(
                Fixtures.text("fixtures/webex/messages/capture-message-direct-bot-reply-threaded.json"))));

        client().upload("room-1", "Report for **IR-2026-0001**", "IR-2026-0001-report.md", "text/markdown",
                "# Incident IR-2026-0001".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages"))
                .withHeader("Authorization", equalTo("Bearer secret-token-value"))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("multipart/form-data"))
                .withAnyRequestBodyPart(com.github.tomakehurst.wiremock.client.WireMock.aMultipart("roomId")
                        .withBody(equalTo("room-1")))
                .withAnyRequestBodyPart(com.github.tomakehurst.wiremock.client.WireMock.aMultipart("files")
                        .withHeader("Content-Disposition", com.github.tomakehurst.wiremock.client.WireMock
                                .containing("filename=\"IR-2026-0001-report.md\""))
                        .withBody(equalTo("# Incident IR-2026-0001"))));
    }

    @Test
    void a_file_in_a_thread_carries_the_parent_as_a_form_field_and_none_without_one() {
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson(
                Fixtures.text("fixtures/webex/messages/capture-message-direct-bot-reply-threaded.json"))));

        client().upload("room-1", "parent-9", "Floor map", "floor-wks-1.png", "image/png",
                new byte[]{(byte) 0x89, 'P'});
        client().upload("room-1", "Report", "r.md", "text/markdown", new byte[]{'#'});

        var uploads = wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages")));
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).getParts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("parentId");
            assertThat(p.getBody().asString()).isEqualTo("parent-9");
        });
        assertThat(uploads.get(0).getParts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("files");
            assertThat(p.getHeader("Content-Type").firstValue()).isEqualTo("image/png");
        });
        assertThat(uploads.get(1).getParts()).noneSatisfy(p -> assertThat(p.getName()).isEqualTo("parentId"));
    }

    @Test
    void a_429_with_retry_after_then_200_delivers_the_message_after_waiting_as_asked() {
        loadMappings("authored-mappings-post-messages-429-then-200.json");

        Message posted = client().post(NewMessage.markdown("room-1", null, "hello"));

        assertThat(posted.text()).isEqualTo("Acknowledged INC-1042.");
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/messages"))
                .withHeader("Authorization", equalTo("Bearer secret-token-value"))
                .withRequestBody(equalToJson("{\"roomId\":\"room-1\",\"markdown\":\"hello\"}")));
    }

    @Test
    void retry_after_missing_zero_or_odd_is_handled_with_defaults() {
        for (String header : new String[]{null, "0", "rand(30),add(30)"}) {
            wm.resetAll();
            waits.clear();
            var limited = aResponse().withStatus(429).withBody(Fixtures.text("fixtures/webex/errors/authored-error-429-too-many-requests.json"));
            if (header != null) {
                limited = limited.withHeader("Retry-After", header);
            }
            wm.stubFor(get(urlPathEqualTo("/v1/people/me")).inScenario("s").whenScenarioStateIs("Started")
                    .willReturn(limited).willSetStateTo("ok"));
            wm.stubFor(get(urlPathEqualTo("/v1/people/me")).inScenario("s").whenScenarioStateIs("ok")
                    .willReturn(okJson(Fixtures.text("fixtures/webex/people/openapi-people-me.json"))));

            assertThat(client().me().displayName()).isEqualTo("John Andersen");
            assertThat(waits).containsExactly("0".equals(header) ? Duration.ofSeconds(1) : Duration.ofSeconds(15));
        }
    }

    @Test
    void a_5xx_that_never_recovers_gives_up_after_bounded_retries_and_logs_the_tracking_id() {
        wm.stubFor(get(urlPathEqualTo("/v1/messages/m1")).willReturn(aResponse().withStatus(503)
                .withHeader("trackingid", "ROUTER_65A1F0C2-3B7D-01BB-0A15-0A1B2C3D4E63")
                .withBody(Fixtures.text("fixtures/webex/errors/authored-error-503-service-unavailable.json"))));

        try (LogCapture log = new LogCapture(WebexClient.class)) {
            assertThatThrownBy(() -> client().message("m1"))
                    .isInstanceOfSatisfying(WebexException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.trackingId()).isEqualTo("ROUTER_65A1F0C2-3B7D-01BB-0A15-0A1B2C3D4E63");
                    });
            wm.verify(4, getRequestedFor(urlPathEqualTo("/v1/messages/m1")));
            assertThat(waits).hasSize(3);
            assertThat(log.lines()).anyMatch(l -> l.contains("failed: HTTP 503") && l.contains("ROUTER_65A1F0C2-3B7D-01BB-0A15-0A1B2C3D4E63"));
            assertThat(log.lines()).noneMatch(l -> l.contains("secret-token-value"));
        }
    }

    @Test
    void a_503_then_200_from_the_reference_mapping_is_retried() {
        loadMappings("authored-mappings-get-message-503-then-200.json");

        Message m = client().message("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMjE5NjU0MjgtODgwNC01Yjk4LWJkNGEtNGVkMTJmN2YxOWZh");

        assertThat(m.mentionedPeople()).hasSize(1);
        assertThat(waits).hasSize(1);
    }

    @Test
    void a_timed_out_post_is_not_retried_on_502_because_it_may_have_been_posted() {
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> client().post(NewMessage.markdown("r", null, "x"))).isInstanceOf(WebexException.class);

        wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
    }

    @Test
    void an_interrupted_call_is_not_retried_and_keeps_the_interrupt_so_a_stopping_bot_stops() {
        wm.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(aResponse().withStatus(200)
                .withBody(Fixtures.text("fixtures/webex/people/botbuilder-person-bot.json"))));
        WebexClient client = client();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(client::me).isInstanceOfSatisfying(WebexException.class,
                    e -> assertThat(e.getMessage()).contains("interrupted"));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
        assertThat(waits).as("no retry pause").isEmpty();
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/people/me")));
    }

    @Test
    void a_401_is_not_retried() {
        wm.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(aResponse().withStatus(401)
                .withBody(Fixtures.text("fixtures/webex/errors/authored-error-401-invalid-token.json"))));

        assertThatThrownBy(() -> client().me()).isInstanceOfSatisfying(WebexException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/people/me")));
    }

    @Test
    void list_follows_the_link_header_verbatim_until_there_is_no_next() {
        loadMappings("authored-mappings-list-memberships-paginated.json");

        List<Membership> all = client().list(wm.baseUrl() + "/v1/memberships?roomId="
                + "Y2lzY29zcGFyazovL3VzL1JPT00vNTM5YmEyMjUtYmE1My01YWRjLTgyNTMtOWU4N2U3M2M4MTc5&max=2", Membership.class);

        assertThat(all).hasSize(3);
        wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/memberships")));
    }

    @Test
    void link_header_parsing_takes_only_rel_next_among_several_entries() {
        assertThat(LinkHeader.next(List.of("<https://a/prev>; rel=\"prev\", <https://a/next?cursor=x>; rel=\"next\"")))
                .contains("https://a/next?cursor=x");
        assertThat(LinkHeader.next(List.of("<https://a/first>; rel=\"first\""))).isEmpty();
        assertThat(LinkHeader.next(null)).isEmpty();
    }
}

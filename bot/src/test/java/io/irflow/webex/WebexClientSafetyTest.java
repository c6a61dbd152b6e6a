package io.irflow.webex;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.testing.Fixtures;
import io.irflow.testing.PathAttacks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12 points 5 and 6 for the Webex client: ids stay inside their endpoint, the bearer token never leaves the
 * configured origin (no redirects, no foreign next links), and a POST is never sent twice when Webex may have acted.
 */
class WebexClientSafetyTest {
    private static final String TOKEN = "secret-token-value";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** Another host (another port is another origin): nothing may ever reach it. */
    @RegisterExtension
    static WireMockExtension elsewhere = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    private final List<Duration> waits = new ArrayList<>();

    private static RetryPolicy policy(Duration readTimeout) {
        return new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofSeconds(2), readTimeout);
    }

    private WebexClient client() {
        return new WebexClient(wm.baseUrl() + "/v1", TOKEN, policy(Duration.ofSeconds(5)), waits::add);
    }

    private void assertNothingReachedElsewhere() {
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
    }

    /** One client call that puts its argument in the path after {@code prefix}. */
    record Call(String prefix, BiConsumer<WebexClient, String> run) {
    }

    @Nested
    class Paths {
        static Stream<Arguments> calls() {
            List<Call> calls = List.of(
                    new Call("/v1/messages/", WebexClient::message),
                    new Call("/v1/people/", WebexClient::person),
                    new Call("/v1/rooms/", WebexClient::room),
                    new Call("/v1/attachment/actions/", WebexClient::attachmentAction),
                    new Call("/v1/messages/", WebexClient::deleteMessage),
                    new Call("/v1/webhooks/", WebexClient::deleteWebhook),
                    new Call("/v1/webhooks/", (c, id) -> c.updateWebhook(id, "irflow", "https://bot.example/h", null)));
            return calls.stream().flatMap(call -> PathAttacks.encoded().map(a -> Arguments.of(
                    call.prefix(), call.run(), a.get()[0], a.get()[1])));
        }

        @ParameterizedTest(name = "{0} with {2}")
        @MethodSource("calls")
        void every_id_stays_one_segment_of_its_endpoint(String prefix, BiConsumer<WebexClient, String> call,
                                                        String hostile, String encoded) {
            wm.resetAll();
            wm.stubFor(any(anyUrl()).willReturn(okJson("{\"id\":\"x\"}")));

            call.accept(client(), hostile);

            PathAttacks.assertOnlyRequest(wm, prefix + encoded, null);
        }

        @ParameterizedTest
        @MethodSource("io.irflow.testing.PathAttacks#refused")
        void a_dot_segment_id_is_refused_before_any_request(String hostile) {
            wm.resetAll();

            assertThatThrownBy(() -> client().message(hostile)).isInstanceOf(WebexException.class)
                    .hasMessageContaining("'..'");
            assertThatThrownBy(() -> client().deleteWebhook(hostile)).isInstanceOf(WebexException.class);
            assertThat(PathAttacks.urls(wm)).isEmpty();
        }

        @Test
        void a_room_id_cannot_add_query_parameters() {
            wm.resetAll();
            wm.stubFor(get(urlPathEqualTo("/v1/messages")).willReturn(okJson("{\"items\":[]}")));

            client().recentMessages("r1&max=1000&mentionedPeople=x#f", true, 10);

            PathAttacks.assertOnlyRequest(wm, "/v1/messages",
                    "roomId=r1%26max%3D1000%26mentionedPeople%3Dx%23f&mentionedPeople=me&max=10");
        }
    }

    @Nested
    class TokenStaysHome {
        @Test
        void a_next_link_to_another_host_is_not_followed_and_the_first_page_is_kept() {
            wm.stubFor(get(urlPathEqualTo("/v1/webhooks")).willReturn(okJson("{\"items\":[{\"id\":\"w1\"}]}")
                    .withHeader("Link", "<" + elsewhere.baseUrl() + "/v1/webhooks?cursor=abc>; rel=\"next\"")));
            elsewhere.stubFor(any(anyUrl()).willReturn(okJson("{\"items\":[{\"id\":\"stolen\"}]}")));

            List<Webhook> all = client().webhooks();

            assertThat(all).extracting(Webhook::id).containsExactly("w1");
            wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/webhooks")));
            assertNothingReachedElsewhere();
        }

        @Test
        void a_next_link_on_the_configured_origin_is_still_followed() {
            wm.stubFor(get(urlPathEqualTo("/v1/webhooks")).withQueryParam("cursor", com.github.tomakehurst.wiremock
                    .client.WireMock.absent()).willReturn(okJson("{\"items\":[{\"id\":\"w1\"}]}")
                    .withHeader("Link", "<" + wm.baseUrl() + "/v1/webhooks?cursor=abc&max=100>; rel=\"next\"")));
            wm.stubFor(get(urlPathEqualTo("/v1/webhooks")).withQueryParam("cursor",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("abc"))
                    .willReturn(okJson("{\"items\":[{\"id\":\"w2\"}]}")));

            assertThat(client().webhooks()).extracting(Webhook::id).containsExactly("w1", "w2");
        }

        @Test
        void a_redirect_from_webex_is_not_followed_with_the_token_and_says_why() {
            wm.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", elsewhere.baseUrl() + "/collect?t=1")));
            elsewhere.stubFor(any(anyUrl()).willReturn(okJson("{\"id\":\"p\"}")));

            assertThatThrownBy(() -> client().me()).isInstanceOfSatisfying(WebexException.class, e -> {
                assertThat(e.status()).isEqualTo(302);
                assertThat(e.getMessage()).contains("redirect to " + elsewhere.baseUrl())
                        .contains("does not follow").doesNotContain("collect");
            });
            wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/people/me")));
            assertThat(waits).as("a redirect is not retried").isEmpty();
            assertNothingReachedElsewhere();
        }

        @Test
        void a_redirected_post_is_not_followed_either() {
            wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(307)
                    .withHeader("Location", elsewhere.baseUrl() + "/v1/messages")));

            assertThatThrownBy(() -> client().post(NewMessage.markdown("r", null, "x")))
                    .isInstanceOfSatisfying(WebexException.class, e -> assertThat(e.status()).isEqualTo(307));
            assertNothingReachedElsewhere();
        }
    }

    @Nested
    class PostsAreNotRepeated {
        @Test
        void post_messages_answered_500_is_sent_once_and_fails_clearly() {
            wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(500)
                    .withHeader("trackingid", "ROUTER_1")));

            assertThatThrownBy(() -> client().post(NewMessage.markdown("r", null, "x")))
                    .isInstanceOfSatisfying(WebexException.class, e -> {
                        assertThat(e.status()).isEqualTo(500);
                        assertThat(e.trackingId()).isEqualTo("ROUTER_1");
                        assertThat(e.getMessage()).contains("POST /messages").contains("may have acted");
                        assertThat(e.mayHaveActed()).isTrue();
                    });
            wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
            assertThat(waits).isEmpty();
        }

        @Test
        void post_rooms_answered_503_creates_at_most_one_room() {
            wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(503)
                    .withBody(Fixtures.text("fixtures/webex/errors/authored-error-503-service-unavailable.json"))));

            assertThatThrownBy(() -> client().createRoom("IR-2026-0001")).isInstanceOfSatisfying(WebexException.class,
                    e -> assertThat(e.mayHaveActed()).isTrue());
            wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/rooms")));
        }

        @Test
        void a_post_whose_answer_timed_out_is_not_sent_again() {
            wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson("{\"id\":\"m\"}")
                    .withFixedDelay(1500)));
            WebexClient impatient = new WebexClient(wm.baseUrl() + "/v1", TOKEN, policy(Duration.ofMillis(300)),
                    waits::add);

            assertThatThrownBy(() -> impatient.post(NewMessage.markdown("r", null, "x")))
                    .isInstanceOfSatisfying(WebexException.class,
                            e -> assertThat(e.getMessage()).contains("may have acted"));
            assertThatThrownBy(() -> impatient.post(NewMessage.markdown("r", null, "x")))
                    .isInstanceOfSatisfying(WebexException.class, e -> assertThat(e.mayHaveActed()).isTrue());
            wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/messages")));
        }

        @Test
        void a_post_whose_connection_was_reset_after_sending_is_not_sent_again() {
            wm.stubFor(post(urlPathEqualTo("/v1/memberships")).willReturn(aResponse()
                    .withFault(Fault.CONNECTION_RESET_BY_PEER)));

            assertThatThrownBy(() -> client().addMember("r", "a@example.com")).isInstanceOfSatisfying(
                    WebexException.class, e -> assertThat(e.mayHaveActed()).isTrue());
            wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/memberships")));
        }

        @Test
        void post_rooms_answered_429_is_retried_after_retry_after() {
            wm.stubFor(post(urlPathEqualTo("/v1/rooms")).inScenario("r").whenScenarioStateIs("Started")
                    .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("ok"));
            wm.stubFor(post(urlPathEqualTo("/v1/rooms")).inScenario("r").whenScenarioStateIs("ok")
                    .willReturn(okJson("{\"id\":\"room-9\",\"title\":\"IR\"}")));

            assertThat(client().createRoom("IR").id()).isEqualTo("room-9");
            assertThat(waits).containsExactly(Duration.ofSeconds(7));
            wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/rooms")));
        }

        @Test
        void a_post_whose_connection_was_refused_is_retried_and_delivered_once_webex_listens() throws IOException {
            int port = freePort();
            WireMockServer late = new WireMockServer(wireMockConfig().port(port));
            late.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson("{\"id\":\"m-1\",\"text\":\"x\"}")));
            List<Duration> slept = new ArrayList<>();
            WebexClient client = new WebexClient("http://localhost:" + port + "/v1", TOKEN,
                    policy(Duration.ofSeconds(5)), d -> {
                        slept.add(d);
                        if (!late.isRunning()) {
                            late.start(); // nothing was listening for the first attempt
                        }
                    });
            try {
                assertThat(client.post(NewMessage.markdown("r", null, "x")).id()).isEqualTo("m-1");
                assertThat(slept).hasSize(1);
                late.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
            } finally {
                late.stop();
            }
        }

        @Test
        void a_post_to_a_port_nobody_listens_on_gives_up_after_the_bounded_retries() throws IOException {
            WebexClient client = new WebexClient("http://localhost:" + freePort() + "/v1", TOKEN,
                    policy(Duration.ofSeconds(5)), waits::add);

            assertThatThrownBy(() -> client.createRoom("IR")).isInstanceOfSatisfying(WebexException.class, e -> {
                assertThat(e.getMessage()).startsWith("Webex unreachable");
                assertThat(e.mayHaveActed()).as("the connection never opened").isFalse();
            });
            assertThat(waits).hasSize(3);
        }

        @Test
        void a_post_refused_with_429_or_4xx_is_certainly_not_acted_on() {
            wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(429)
                    .withHeader("Retry-After", "1")));
            wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(400)));

            assertThatThrownBy(() -> client().post(NewMessage.markdown("r", null, "x")))
                    .isInstanceOfSatisfying(WebexException.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.mayHaveActed()).isFalse();
                    });
            assertThatThrownBy(() -> client().createRoom("IR")).isInstanceOfSatisfying(WebexException.class,
                    e -> assertThat(e.mayHaveActed()).isFalse());
        }

        @Test
        void a_post_answered_2xx_with_an_unreadable_body_may_have_acted() {
            wm.stubFor(post(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withStatus(200).withBody("<html>")));

            assertThatThrownBy(() -> client().createRoom("IR")).isInstanceOfSatisfying(WebexException.class,
                    e -> assertThat(e.mayHaveActed()).isTrue());
            wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/rooms")));
        }

        @Test
        void get_and_delete_answered_5xx_are_still_retried() {
            wm.stubFor(get(urlPathEqualTo("/v1/rooms/r1")).willReturn(aResponse().withStatus(500)));
            wm.stubFor(delete(urlPathEqualTo("/v1/messages/m1")).willReturn(aResponse().withStatus(502)));

            assertThatThrownBy(() -> client().room("r1")).isInstanceOfSatisfying(WebexException.class,
                    e -> assertThat(e.mayHaveActed()).as("a GET changes nothing").isFalse());
            assertThatThrownBy(() -> client().deleteMessage("m1")).isInstanceOf(WebexException.class);

            wm.verify(4, getRequestedFor(urlPathEqualTo("/v1/rooms/r1")));
            wm.verify(4, deleteRequestedFor(urlPathEqualTo("/v1/messages/m1")));
        }

        @Test
        void a_file_upload_answered_500_is_sent_once() {
            wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(500)));

            assertThatThrownBy(() -> client().upload("r", "report", "r.md", "text/markdown", new byte[]{1}))
                    .isInstanceOf(WebexException.class);
            wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

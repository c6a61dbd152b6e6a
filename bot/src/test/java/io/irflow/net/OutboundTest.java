package io.irflow.net;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.investigate.InvestigateEnrichment;
import io.irflow.adapters.investigate.InvestigateConfig;
import io.irflow.capabilities.AdapterException;
import io.irflow.config.AppConfig;
import io.irflow.testing.Fixtures;
import io.irflow.testing.LogCapture;
import io.irflow.testing.TestProxy;
import io.irflow.testing.TestProxy.Seen;
import io.irflow.webex.RetryPolicy;
import io.irflow.webex.WebexClient;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Every outbound client goes through the configured proxy, except to no_proxy hosts; credentials stay secret. */
class OutboundTest {
    private static final String PASSWORD = "pr0xy-S3cret-value";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    private static Outbound via(String proxyUrl, String... noProxy) {
        return Outbound.from(new AppConfig.Http(proxyUrl, List.of(noProxy), null));
    }

    private WebexClient webex(String base, Outbound outbound) {
        RetryPolicy policy = new RetryPolicy(0, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
        wm.stubFor(get(urlPathEqualTo("/v1/people/me"))
                .willReturn(okJson(Fixtures.text("fixtures/webex/people/openapi-people-me.json"))));
        return closing(new WebexClient(base + "/v1", "webex-token", policy, outbound));
    }

    private InvestigateEnrichment investigate(String base, Outbound outbound) {
        wm.stubFor(get(urlPathEqualTo("/domains/categories"))
                .willReturn(okJson(Fixtures.text("fixtures/umbrella-investigate/domain-categories-legacy-map.json"))));
        return closing(new InvestigateEnrichment(new InvestigateConfig(HttpSettings.of(base).withOutbound(outbound),
                "investigate-token")));
    }

    @Test
    void describe_names_the_proxy_and_no_proxy_without_the_password() {
        Outbound out = via("http://alice:" + PASSWORD + "@proxy.example.com:3128", ".corp.example.com", "10.0.0.0/8");

        assertThat(out.describe())
                .isEqualTo("proxy http://alice:***@proxy.example.com:3128 (no_proxy: [.corp.example.com, 10.0.0.0/8])");
        assertThat(out.toString()).doesNotContain(PASSWORD);
        assertThat(via("http://proxy.example.com").describe()).isEqualTo("proxy http://proxy.example.com:80");
        assertThat(Outbound.direct().describe()).isEqualTo("direct");
    }

    @Test
    void a_proxy_url_that_is_not_http_is_refused_without_echoing_it() {
        assertThatThrownBy(() -> via("socks5://bob:" + PASSWORD + "@proxy:1080"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(PASSWORD);
    }

    @Test
    void a_webex_call_goes_through_the_proxy_in_absolute_form() throws Exception {
        TestProxy proxy = closing(TestProxy.start());

        assertThat(webex(wm.baseUrl(), via(proxy.url())).me().displayName()).isEqualTo("John Andersen");

        assertThat(proxy.requests()).extracting(Seen::method, Seen::target)
                .containsExactly(tuple("GET", wm.baseUrl() + "/v1/people/me"));
    }

    @Test
    void a_webex_host_in_no_proxy_is_reached_directly() throws Exception {
        TestProxy proxy = closing(TestProxy.start());

        assertThat(webex(wm.baseUrl(), via(proxy.url(), "LOCALHOST")).me().displayName()).isEqualTo("John Andersen");

        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void a_product_adapter_goes_through_the_proxy() throws Exception {
        TestProxy proxy = closing(TestProxy.start());

        investigate(wm.baseUrl(), via(proxy.url())).probe();

        assertThat(proxy.requests()).extracting(Seen::method, Seen::target)
                .containsExactly(tuple("GET", wm.baseUrl() + "/domains/categories"));
    }

    @Test
    void a_product_in_a_no_proxy_cidr_range_is_reached_directly() throws Exception {
        TestProxy proxy = closing(TestProxy.start());

        investigate("http://127.0.0.1:" + wm.getPort(), via(proxy.url(), "10.0.0.0/8", "127.0.0.0/8")).probe();

        assertThat(proxy.requests()).isEmpty();
        wm.verify(1, getRequestedFor(urlPathEqualTo("/domains/categories")));
    }

    @Test
    void a_websocket_upgrade_is_tunnelled_with_connect() throws Exception {
        TestProxy proxy = closing(TestProxy.start());
        int port = echoSocket();

        assertThat(echo(via(proxy.url()), port)).isEqualTo("echo:hello");

        assertThat(proxy.requests()).extracting(Seen::method, Seen::target)
                .containsExactly(tuple("CONNECT", "127.0.0.1:" + port));
    }

    @Test
    void unirest_clients_send_the_proxy_credentials_up_front_to_the_proxy_only() throws Exception {
        TestProxy proxy = closing(TestProxy.requiring("alice", PASSWORD));

        WebexClient webex = webex(wm.baseUrl(), via(proxy.url("alice", PASSWORD)));

        assertThat(webex.me().displayName()).isEqualTo("John Andersen");

        assertThat(proxy.requests()).extracting(Seen::method, Seen::withCredentials)
                .containsExactly(tuple("GET", true));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/people/me")).withoutHeader("Proxy-Authorization"));
    }

    @Test
    void proxy_credentials_never_reach_a_no_proxy_host() throws Exception {
        TestProxy proxy = closing(TestProxy.requiring("alice", PASSWORD));

        investigate(wm.baseUrl(), via(proxy.url("alice", PASSWORD), "localhost")).probe();

        assertThat(proxy.requests()).isEmpty();
        wm.verify(1, getRequestedFor(urlPathEqualTo("/domains/categories")).withoutHeader("Proxy-Authorization"));
    }

    @Test
    void the_jdk_client_answers_the_407_of_a_websocket_connect() throws Exception {
        TestProxy proxy = closing(TestProxy.requiring("alice", PASSWORD));
        int port = echoSocket();

        assertThat(echo(via(proxy.url("alice", PASSWORD)), port)).isEqualTo("echo:hello");

        assertThat(proxy.requests()).extracting(Seen::method, Seen::withCredentials)
                .containsExactly(tuple("CONNECT", false), tuple("CONNECT", true));
    }

    @Test
    void wrong_proxy_credentials_fail_the_call_and_the_password_is_never_logged() throws Exception {
        TestProxy proxy = closing(TestProxy.requiring("alice", "the-right-one"));
        Outbound out = via(proxy.url("alice", PASSWORD));
        String encoded = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        try (LogCapture logs = new LogCapture(ProductHttp.class)) {
            assertThatThrownBy(() -> investigate(wm.baseUrl(), out).probe()).isInstanceOf(AdapterException.class)
                    .hasMessageContaining("407")
                    .extracting(e -> ((AdapterException) e).kind()).isEqualTo(AdapterException.Kind.UNAVAILABLE);
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(PASSWORD) || l.contains(encoded));
        }
        assertThat(proxy.requests()).extracting(Seen::withCredentials).containsOnly(true);
        assertThat(out.describe()).doesNotContain(PASSWORD);
    }

    @Test
    void a_server_401_is_still_unauthorized_behind_an_authenticating_proxy() throws Exception {
        TestProxy proxy = closing(TestProxy.requiring("alice", PASSWORD));
        InvestigateEnrichment adapter = investigate(wm.baseUrl(), via(proxy.url("alice", PASSWORD)));
        wm.stubFor(get(urlPathEqualTo("/domains/categories")).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"investigate\"")));

        assertThatThrownBy(adapter::probe).isInstanceOf(AdapterException.class)
                .extracting(e -> ((AdapterException) e).kind()).isEqualTo(AdapterException.Kind.UNAUTHORIZED);
    }

    @Test
    void the_jdk_client_never_answers_a_server_challenge_with_the_proxy_password() throws Exception {
        TestProxy proxy = closing(TestProxy.requiring("alice", PASSWORD));
        wm.stubFor(get(urlPathEqualTo("/private")).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"server\"")));
        HttpRequest request = HttpRequest.newBuilder(URI.create(wm.baseUrl() + "/private")).build();
        var client = via(proxy.url("alice", PASSWORD)).httpClient(Duration.ofSeconds(5)).build();

        // The JDK's documented Authenticator behaviour: no credentials for a server challenge is an IOException.
        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);

        wm.verify(1, getRequestedFor(urlPathEqualTo("/private")).withoutHeader("Authorization"));
    }

    /** Starts a Javalin websocket that echoes text with an "echo:" prefix; returns its port. */
    private int echoSocket() {
        Javalin app = Javalin.create(c -> c.routes.ws("/ws",
                ws -> ws.onMessage(ctx -> ctx.send("echo:" + ctx.message())))).start("127.0.0.1", 0);
        closing(app::stop);
        return app.port();
    }

    /** Opens ws://127.0.0.1:port/ws with the outbound client, sends "hello" and returns the first answer. */
    private static String echo(Outbound out, int port) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                answer.complete(data.toString());
                return null;
            }
        };
        WebSocket socket = out.httpClient(Duration.ofSeconds(5)).build().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener).get(10, TimeUnit.SECONDS);
        socket.sendText("hello", true);
        String text = answer.get(10, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        return text;
    }
}

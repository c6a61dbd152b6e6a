package io.irflow.adapters;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.net.Outbound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every call through {@link ProductHttp#send} is reported once, with the product's name and one of four outcomes. */
class ProductCallsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private record Call(String product, String outcome, Duration took) {
    }

    @Test
    void answers_rate_limits_errors_and_timeouts_are_told_apart() throws Exception {
        List<Call> calls = new CopyOnWriteArrayList<>();
        HttpSettings settings = new HttpSettings(wm.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(10), null, true,
                Outbound.direct(), (product, outcome, took) -> calls.add(new Call(product, outcome, took)));
        wm.stubFor(get(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(200).withBody("{}")));
        wm.stubFor(get(urlPathEqualTo("/unknown")).willReturn(aResponse().withStatus(404)));
        wm.stubFor(get(urlPathEqualTo("/busy")).willReturn(aResponse().withStatus(429)));
        wm.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        wm.stubFor(get(urlPathEqualTo("/refused")).willReturn(aResponse().withStatus(401)));
        wm.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));

        try (ProductHttp http = new ProductHttp("VirusTotal", settings)) {
            for (String path : List.of("/ok", "/unknown", "/busy", "/down", "/refused")) {
                http.send(() -> http.client().get(http.url(path)).asString());
            }
            assertThatThrownBy(() -> http.send(() -> http.client().get(http.url("/slow")).requestTimeout(300).asString()))
                    .isInstanceOfSatisfying(AdapterException.class,
                            e -> assertThat(e.kind()).isEqualTo(AdapterException.Kind.TIMEOUT));
        }

        assertThat(calls).extracting(Call::outcome).containsExactly("ok", "ok", "429", "error", "error", "timeout");
        assertThat(calls).extracting(Call::product).containsOnly("VirusTotal");
        assertThat(calls.get(5).took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}

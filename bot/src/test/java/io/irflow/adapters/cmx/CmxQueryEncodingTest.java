package io.irflow.adapters.cmx;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.testing.PathAttacks;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Issue 12 point 5: CMX takes its search key as a query value (no path parameter); a hostile value stays one value. */
class CmxQueryEncodingTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static CmxClient client() {
        return new CmxClient(new CmxConfig(new HttpSettings(wm.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(3),
                null, true), "cmx-user", "cmx-pass"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.irflow.testing.PathAttacks#encoded")
    void every_search_key_stays_one_query_value(String hostile, String ignored) throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        try (CmxClient client = client()) {
            client.byMac(hostile);
            PathAttacks.assertOnlyRequestWithQuery(wm, CmxClient.CLIENTS, Map.of("macAddress", hostile));
            wm.resetRequests();
            client.byIp(hostile);
            PathAttacks.assertOnlyRequestWithQuery(wm, CmxClient.CLIENTS, Map.of("ipAddress", hostile));
            wm.resetRequests();
            client.byUsername(hostile + "&macAddress=x");
            PathAttacks.assertOnlyRequestWithQuery(wm, CmxClient.CLIENTS,
                    Map.of("username", hostile + "&macAddress=x"));
        }
    }
}

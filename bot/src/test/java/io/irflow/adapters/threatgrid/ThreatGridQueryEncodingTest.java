package io.irflow.adapters.threatgrid;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.testing.PathAttacks;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Issue 12 point 5: Threat Grid takes observables and sample ids as query values only; each stays one value. */
class ThreatGridQueryEncodingTest {
    private static final String KEY = "tg-key";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.irflow.testing.PathAttacks#encoded")
    void observables_and_sample_ids_stay_one_query_value(String hostile, String ignored) throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"data\":{\"items\":[]}}")));
        try (ThreatGridClient client = new ThreatGridClient(new ThreatGridConfig(HttpSettings.of(wm.baseUrl()), KEY))) {
            client.searchSubmissions(hostile + "&api_key=other", "domain", 5);
            PathAttacks.assertOnlyRequestWithQuery(wm, "/api/v2/search/submissions", Map.of("q",
                    hostile + "&api_key=other", "state", "succ", "sort_by", "threat_score", "sort_order", "desc",
                    "limit", "5", "term", "domain", "api_key", KEY));
            wm.resetRequests();
            client.contactedDomains(hostile, 3);
            PathAttacks.assertOnlyRequestWithQuery(wm, "/api/v2/samples/feeds/domains",
                    Map.of("sample", hostile, "limit", "3", "api_key", KEY));
        }
    }
}

package io.irflow.adapters.servicenow;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.servicenow.dto.IncidentFields;
import io.irflow.capabilities.AdapterException;
import io.irflow.testing.PathAttacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12 point 5: the only ServiceNow path parameter is the incident's sys_id, which must be alphanumeric; anything
 * else (and a non-plain email for the sys_user query) is refused before a request is made.
 */
class ServiceNowPathEncodingTest {
    private static final String SYS_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final IncidentFields NOTE = new IncidentFields(null, null, null, null, null, null, null, null, null,
            null, "note", null, null, null);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static Stream<String> hostile() {
        return Stream.concat(PathAttacks.encoded().map(a -> (String) a.get()[0]), PathAttacks.refused());
    }

    private static ServiceNowClient client() {
        return new ServiceNowClient(ServiceNowConfig.basic(SnowFixtures.settings(wm.baseUrl()), "u", "p",
                SnowFixtures.DEFAULTS), Clock.systemUTC());
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void a_hostile_sys_id_is_refused_before_any_request(String sysId) {
        try (ServiceNowClient client = client()) {
            assertThatThrownBy(() -> client.updateIncident(sysId, NOTE)).isInstanceOfSatisfying(AdapterException.class,
                    e -> assertThat(e.kind()).isEqualTo(AdapterException.Kind.BAD_INPUT));
        }
        assertThat(PathAttacks.urls(wm)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?x=1", "#frag", "a b", "a/b", "été/ü", "..;x", "a^ORemail=b", "a&sysparm_limit=999"})
    void a_non_plain_email_is_refused_before_the_sys_user_query(String local) {
        try (ServiceNowClient client = client()) {
            assertThatThrownBy(() -> client.findUserByEmail(local + "@example.com"))
                    .isInstanceOfSatisfying(AdapterException.class,
                            e -> assertThat(e.kind()).isEqualTo(AdapterException.Kind.BAD_INPUT));
        }
        assertThat(PathAttacks.urls(wm)).isEmpty();
    }

    @Test
    void a_plain_email_with_percent_and_plus_stays_one_query_value() throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"result\":[]}")));
        try (ServiceNowClient client = client()) {
            client.findUserByEmail("a%2Fb+c'd@example.com");
        }
        PathAttacks.assertOnlyRequestWithQuery(wm, "/api/now/table/sys_user", java.util.Map.of(
                "sysparm_query", "email=a%2Fb+c'd@example.com", "sysparm_fields", "sys_id,name", "sysparm_limit", "1"));
    }

    @Test
    void a_sys_id_goes_to_its_own_record() throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"result\":{\"sys_id\":\"" + SYS_ID + "\",\"state\":\"2\"}}")));
        try (ServiceNowClient client = client()) {
            client.updateIncident(SYS_ID, NOTE);
        }
        PathAttacks.assertOnlyRequest(wm, "/api/now/table/incident/" + SYS_ID,
                "sysparm_fields=sys_id%2Cnumber%2Cstate");
    }
}

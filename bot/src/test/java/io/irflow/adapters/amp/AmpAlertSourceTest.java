package io.irflow.adapters.amp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.AlertSource.Batch;
import io.irflow.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.irflow.adapters.amp.AmpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Polling /v1/events for compromise events: cursor, pagination, mapping and errors. */
class AmpAlertSourceTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Clock LATER = Clock.fixed(Instant.parse("2022-04-05T00:00:00Z"), ZoneOffset.UTC);

    private static AmpAlertSource source(String base, Clock clock, Duration overlap, int maxPages) {
        return new AmpAlertSource(config(base), clock, null, Duration.ofHours(1), overlap, maxPages);
    }

    private static AmpAlertSource source(Clock clock) {
        return source(wm.baseUrl(), clock, Duration.ofMinutes(2), 100);
    }

    private void twoPages(String base) {
        wm.stubFor(get(urlPathMatching(".*/v1/events")).withQueryParam("offset", absent())
                .willReturn(okJson(fixtureOn("events-by-detection-sha256-page1-with-next-link.json", base))));
        wm.stubFor(get(urlPathMatching(".*/v1/events")).withQueryParam("offset", equalTo("1"))
                .willReturn(okJson(fixture("events-page-eu-mixed-types-sanitized.json"))));
    }

    private void eventsAnswer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        wm.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(response));
    }

    @Test
    void follows_the_next_link_and_returns_all_events_oldest_first_with_the_newest_date_as_cursor() throws Exception {
        twoPages(wm.baseUrl());
        Batch batch;
        try (AmpAlertSource source = source(LATER)) {
            batch = source.poll("2020-01-01T00:00:00Z");
        }
        assertThat(batch.alerts()).hasSize(8);
        assertThat(batch.alerts().get(0).host().hostname()).isEqualTo("Demo_Upatre");
        assertThat(batch.alerts()).extracting(Alert::at).isSorted();
        assertThat(batch.alerts().get(7).host().hostname()).isEqualTo("SVRP-FIL01.example.com");
        assertThat(batch.nextCursor()).isEqualTo("2022-04-04T19:35:00Z");
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events"))
                .withQueryParam("start_date", equalTo("2019-12-31T23:58:00+00:00"))
                .withQueryParam("event_type[]", including("1090519054", "1107296272", "2164260880"))
                .withQueryParam("limit", equalTo("500"))
                .withHeader("Authorization", equalTo(BASIC)));
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events")).withQueryParam("offset", equalTo("1"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void maps_events_without_a_file_block_to_alerts_without_file_fields() throws Exception {
        twoPages(wm.baseUrl());
        try (AmpAlertSource source = source(LATER)) {
            Alert policy = source.poll("2020-01-01T00:00:00Z").alerts().stream()
                    .filter(a -> a.title().equals("Policy Update")).findFirst().orElseThrow();
            assertThat(policy.sha256()).isNull();
            assertThat(policy.fileName()).isNull();
            assertThat(policy.disposition()).isNull();
            assertThat(policy.threat()).isNull();
            assertThat(policy.host().mac()).isEqualTo("24:78:d8:fd:c4:75");
        }
    }

    @Test
    void first_poll_looks_back_one_hour_and_keeps_that_start_when_nothing_happened() throws Exception {
        String base = wm.baseUrl() + "/amp-proxy";
        wm.stubFor(get(urlPathEqualTo("/amp-proxy/v1/events")).willReturn(okJson(fixture("empty-list-authored.json"))));
        Batch batch;
        try (AmpAlertSource source = source(base, CLOCK, Duration.ofMinutes(2), 100)) {
            batch = source.poll(null);
        }
        assertThat(batch.alerts()).isEmpty();
        assertThat(batch.nextCursor()).isEqualTo("2024-05-10T07:00:00Z");
        wm.verify(getRequestedFor(urlPathEqualTo("/amp-proxy/v1/events"))
                .withQueryParam("start_date", equalTo("2024-05-10T07:00:00+00:00"))
                .withQueryParam("event_type[]", including("1090519054", "1107296272", "2164260880", "1107296284"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void an_unreadable_cursor_falls_back_to_the_lookback() throws Exception {
        eventsAnswer(okJson(fixture("empty-list-authored.json")));
        try (AmpAlertSource source = source(CLOCK)) {
            assertThat(source.poll("not-a-date").nextCursor()).isEqualTo("2024-05-10T07:00:00Z");
        }
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events"))
                .withQueryParam("start_date", equalTo("2024-05-10T07:00:00+00:00")));
    }

    @Test
    void maps_an_executed_malware_event_with_host_file_and_console_link() throws Exception {
        eventsAnswer(okJson(fixture("events-executed-malware-1107296272-authored.json")));
        Batch batch;
        try (AmpAlertSource source = source(CLOCK)) {
            batch = source.poll("2024-05-02T00:00:00Z");
        }
        assertThat(batch.alerts()).hasSize(1);
        Alert a = batch.alerts().get(0);
        assertThat(a.source()).isEqualTo("AMP for Endpoints");
        assertThat(a.id()).isEqualTo("6533298001234567001");
        assertThat(a.at()).isEqualTo(Instant.parse("2024-05-02T12:25:02Z"));
        assertThat(a.title()).isEqualTo("Executed malware");
        assertThat(a.threat()).isEqualTo("W32.Ransomware.WannaCry.SBX.TG");
        assertThat(a.severity()).isNotBlank();
        assertThat(a.host().hostname()).isEqualTo("FIN-LT-0042.corp.example.com");
        assertThat(a.host().ip()).isEqualTo("10.20.30.41");
        assertThat(a.host().mac()).isEqualTo("00:50:56:9a:4b:1c");
        assertThat(a.host().connectorGuid()).isNotBlank();
        assertThat(a.sha256()).matches("[0-9a-f]{64}");
        assertThat(a.fileName()).isEqualTo("tasksche.exe");
        assertThat(a.disposition()).isNotBlank();
        assertThat(a.link()).isEqualTo(CONSOLE + "/computers/" + a.host().connectorGuid() + "/trajectory2");
        assertThat(batch.nextCursor()).isEqualTo("2024-05-02T12:25:02Z");
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events"))
                .withQueryParam("start_date", equalTo("2024-05-01T23:58:00+00:00")));
    }

    @Test
    void same_second_events_of_one_detection_are_both_returned_and_repolled_inclusively() throws Exception {
        ObjectNode page = Json.mapper().createObjectNode().put("version", "v1.2.0");
        page.set("data", Json.mapper().readTree(fixture("events-threat-detected-and-quarantined-same-detection-id.json")));
        eventsAnswer(okJson(page.toString()));
        try (AmpAlertSource source = source(wm.baseUrl(), LATER, Duration.ZERO, 100)) {
            Batch first = source.poll("2020-06-25T00:00:00Z");
            assertThat(first.alerts()).extracting(Alert::id)
                    .containsExactly("6533241145273614339", "6533241145273614340");
            assertThat(first.alerts()).extracting(Alert::at).containsOnly(Instant.parse("2020-06-25T10:05:52Z"));
            assertThat(first.nextCursor()).isEqualTo("2020-06-25T10:05:52Z");

            Batch again = source.poll(first.nextCursor());
            assertThat(again.alerts()).extracting(Alert::id).containsExactlyElementsOf(
                    first.alerts().stream().map(Alert::id).toList());
            assertThat(again.nextCursor()).isEqualTo(first.nextCursor());
        }
        wm.verify(getRequestedFor(urlPathEqualTo("/v1/events"))
                .withQueryParam("start_date", equalTo("2020-06-25T10:05:52+00:00")));
    }

    @Test
    void the_cursor_never_moves_backwards() throws Exception {
        eventsAnswer(okJson(fixture("events-executed-malware-1107296272-authored.json")));
        try (AmpAlertSource source = source(CLOCK)) {
            assertThat(source.poll("2024-05-03T00:00:00Z").nextCursor()).isEqualTo("2024-05-03T00:00:00Z");
        }
    }

    @Test
    void a_poll_cut_short_by_the_page_bound_keeps_the_old_cursor() throws Exception {
        twoPages(wm.baseUrl());
        try (AmpAlertSource source = source(wm.baseUrl(), LATER, Duration.ofMinutes(2), 1)) {
            Batch batch = source.poll("2020-01-01T00:00:00Z");
            assertThat(batch.alerts()).hasSize(1);
            assertThat(batch.nextCursor()).isEqualTo("2020-01-01T00:00:00Z");
        }
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/events")).withQueryParam("offset", equalTo("1")));
    }

    @Test
    void a_failing_second_page_fails_the_whole_poll() {
        wm.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("offset", absent())
                .willReturn(okJson(fixtureOn("events-by-detection-sha256-page1-with-next-link.json", wm.baseUrl()))));
        wm.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("offset", equalTo("1"))
                .willReturn(aResponse().withStatus(502)));
        try (AmpAlertSource source = source(LATER)) {
            AdapterException e = catchThrowableOfType(AdapterException.class, () -> source.poll("2020-01-01T00:00:00Z"));
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        }
    }

    @Test
    void bad_credentials_are_unauthorized() {
        eventsAnswer(unauthorized().withBody(fixture("error-401-unknown-api-key.json")));
        assertThat(failure().kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @Test
    void rate_limiting_carries_retry_after() {
        eventsAnswer(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody(fixture("error-429-rate-limited-authored.json")));
        AdapterException e = failure();
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void server_errors_are_unavailable() {
        eventsAnswer(aResponse().withStatus(503));
        assertThat(failure().kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void a_malformed_body_is_malformed() {
        eventsAnswer(okJson(fixture("malformed-truncated-authored.json")));
        assertThat(failure().kind()).isEqualTo(Kind.MALFORMED);
    }

    private static AdapterException failure() {
        try (AmpAlertSource source = source(CLOCK)) {
            return catchThrowableOfType(AdapterException.class, () -> source.poll(null));
        }
    }

    @Test
    void default_types_name_the_compromise_events() {
        assertThat(AmpAlertSource.COMPROMISE_EVENT_TYPES).contains(1090519054L, 1107296272L, 2164260880L);
        assertThat(List.copyOf(AmpAlertSource.COMPROMISE_EVENT_TYPES)).doesNotHaveDuplicates();
    }
}

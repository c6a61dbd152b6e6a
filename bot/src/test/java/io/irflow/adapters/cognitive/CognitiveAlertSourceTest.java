package io.irflow.adapters.cognitive;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.cognitive.dto.PollResponse;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.AlertSource.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** TAXII 1.1 polling of the Cognitive Intelligence feed: requests, multipart, cursor, mapping, errors and XXE. */
class CognitiveAlertSourceTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String FEED = "webflows_c815b935-a432-4c14-a8c1-a6a168de3ffd_v0";
    static final String USER = "taxii-0b3c";
    static final String PASSWORD = "taxii-secret-pass";
    static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T08:00:00Z"), ZoneOffset.UTC);
    static final String CURSOR = "2000-12-24T00:00:00.000+01:00";
    static final String POLL = "/PollService/";

    static String fixture(String name) {
        try (InputStream in = CognitiveAlertSourceTest.class.getResourceAsStream("/fixtures/cognitive/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CognitiveAlertSource source(String base, Duration readTimeout, int maxParts) {
        HttpSettings http = new HttpSettings(base, Duration.ofSeconds(2), readTimeout, null, true);
        return new CognitiveAlertSource(new CognitiveConfig(http, POLL, FEED, USER, PASSWORD), CLOCK,
                Duration.ofHours(1), maxParts);
    }

    private static CognitiveAlertSource source() {
        return source(wm.baseUrl(), Duration.ofSeconds(5), 100);
    }

    private static ResponseDefinitionBuilder xml(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                .withHeader("X-TAXII-Content-Type", "urn:taxii.mitre.org:message:xml:1.1").withBody(fixture(fixture));
    }

    private static void answer(ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlPathEqualTo(POLL)).willReturn(response));
    }

    private static AdapterException failure() {
        try (CognitiveAlertSource s = source()) {
            return catchThrowableOfType(AdapterException.class, () -> s.poll(CURSOR));
        }
    }

    @Test
    void maps_an_incident_to_an_alert_for_the_affected_host_and_resumes_from_the_end_timestamp() throws Exception {
        String base = wm.baseUrl() + "/skym-taxii-ws";
        wm.stubFor(post(urlPathEqualTo("/skym-taxii-ws" + POLL)).willReturn(xml("poll-response-cta-incident-part-initial.xml")));
        Batch batch;
        try (CognitiveAlertSource s = source(base, Duration.ofSeconds(5), 100)) {
            batch = s.poll(CURSOR);
        }
        assertThat(batch.alerts()).hasSize(1);
        Alert a = batch.alerts().get(0);
        assertThat(a.source()).isEqualTo("Cognitive Intelligence");
        assertThat(a.id()).isEqualTo("cta:incident-incident-6e89f5eb-be77-466e-89b4-44eef877526a#cta:indicator-event-1");
        assertThat(a.at()).isEqualTo(Instant.ofEpochMilli(1234567890123L));
        assertThat(a.title()).isEqualTo("incidentClass1");
        assertThat(a.threat()).isEqualTo("eventClass1: chuck.norris.com");
        assertThat(a.severity()).isEqualTo("Low");
        assertThat(a.host().ip()).isEqualTo("1.11.111.1");
        assertThat(a.sha256()).isEqualTo("174ebf83f3bc49da511e7a9eada1f35651a3f176f5d8403e2444e33dc60efe76");
        assertThat(a.fileName()).isEqualTo("file1");
        assertThat(a.link()).isEqualTo("https://incident.url");
        assertThat(batch.nextCursor()).isEqualTo("2000-12-24T01:02:03.004+01:00");
        wm.verify(postRequestedFor(urlPathEqualTo("/skym-taxii-ws" + POLL))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("application/xml"))
                .withHeader("Accept", equalTo("application/xml"))
                .withHeader("X-TAXII-Content-Type", equalTo("urn:taxii.mitre.org:message:xml:1.1"))
                .withHeader("X-TAXII-Accept", equalTo("urn:taxii.mitre.org:message:xml:1.1"))
                .withHeader("X-TAXII-Services", equalTo("urn:taxii.mitre.org:services:1.1"))
                .withHeader("X-TAXII-Protocol", equalTo("urn:taxii.mitre.org:protocol:http:1.0"))
                .withRequestBody(matchingXPath("/t:Poll_Request[@collection_name='" + FEED + "'][@message_id]"
                        + "[t:Exclusive_Begin_Timestamp='" + CURSOR + "'][not(t:Inclusive_End_Timestamp)]"
                        + "/t:Poll_Parameters[@allow_asynch='false']/t:Response_Type[.='FULL']")
                        .withXPathNamespace("t", TaxiiXml.TAXII)));
    }

    @Test
    void the_first_poll_starts_one_hour_back() throws Exception {
        answer(xml("poll-response-cta-incident-next-window.xml"));
        try (CognitiveAlertSource s = source()) {
            assertThat(s.poll(null).alerts()).isNotEmpty();
        }
        wm.verify(postRequestedFor(urlPathEqualTo(POLL)).withRequestBody(
                containing("<t:Exclusive_Begin_Timestamp>2024-05-10T07:00:00.000+00:00</t:Exclusive_Begin_Timestamp>")));
    }

    @Test
    void follows_a_multipart_result_with_poll_fulfillment_and_advances_only_at_the_end() throws Exception {
        wm.stubFor(post(urlPathEqualTo(POLL)).withRequestBody(containing("Poll_Request"))
                .willReturn(xml("poll-response-cta-multipart-part1-more-true.xml")));
        wm.stubFor(post(urlPathEqualTo(POLL)).withRequestBody(containing("Poll_Fulfillment"))
                .willReturn(xml("poll-response-cta-multipart-part2-more-false.xml")));
        Batch batch;
        try (CognitiveAlertSource s = source()) {
            batch = s.poll(CURSOR);
        }
        assertThat(batch.alerts()).extracting(Alert::title).containsExactlyInAnyOrder("incidentClass1", "incidentClass2");
        assertThat(batch.nextCursor()).isEqualTo("2000-12-25T02:02:03.004+01:00");
        wm.verify(postRequestedFor(urlPathEqualTo(POLL)).withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(matchingXPath("/t:Poll_Fulfillment[@collection_name='" + FEED + "']"
                        + "[@result_id='1000#2000'][@result_part_number='2']")
                        .withXPathNamespace("t", TaxiiXml.TAXII)));
    }

    @Test
    void a_multipart_result_cut_by_the_part_bound_keeps_the_old_cursor() throws Exception {
        answer(xml("poll-response-cta-multipart-part1-more-true.xml"));
        try (CognitiveAlertSource s = source(wm.baseUrl(), Duration.ofSeconds(5), 1)) {
            Batch batch = s.poll(CURSOR);
            assertThat(batch.alerts()).hasSize(1);
            assertThat(batch.nextCursor()).isEqualTo(CURSOR);
        }
        wm.verify(0, postRequestedFor(urlPathEqualTo(POLL)).withRequestBody(containing("Poll_Fulfillment")));
    }

    @Test
    void a_package_without_incidents_or_timestamps_gives_nothing_and_keeps_the_cursor() throws Exception {
        answer(xml("poll-response-cta-package-without-incidents-no-timestamps.xml"));
        try (CognitiveAlertSource s = source()) {
            Batch batch = s.poll(CURSOR);
            assertThat(batch.alerts()).isEmpty();
            assertThat(batch.nextCursor()).isEqualTo(CURSOR);
        }
    }

    @Test
    void a_generic_domain_watchlist_is_read_but_names_no_host_to_alert_on() throws Exception {
        answer(xml("poll-response-generic-stix-domain-watchlist.xml"));
        try (CognitiveAlertSource s = source()) {
            Batch batch = s.poll(CURSOR);
            assertThat(batch.alerts()).isEmpty();
            assertThat(batch.nextCursor()).isEqualTo("2014-12-19T12:00:00Z");
        }
        PollResponse parsed = TaxiiXml.pollResponse(TaxiiXml.parse(fixture("poll-response-generic-stix-domain-watchlist.xml")));
        assertThat(parsed.more()).isFalse();
        assertThat(parsed.contentBlocks()).isEqualTo(1);
        assertThat(parsed.indicators()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("Domain Watchlist");
            assertThat(i.values()).containsExactly("malicious1.example.com", "malicious2.example.com",
                    "malicious3.example.com");
        });
    }

    @Test
    void a_failure_status_message_is_an_error_and_names_the_status() {
        answer(xml("status-message-failure.xml"));
        AdapterException e = failure();
        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("FAILURE").contains("An error occurred during request processing.");
    }

    @Test
    void bad_credentials_are_unauthorized_and_never_echoed() {
        answer(aResponse().withStatus(401).withBody("Unauthorized " + PASSWORD));
        AdapterException e = failure();
        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void server_errors_are_unavailable() {
        answer(aResponse().withStatus(503));
        assertThat(failure().kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void a_slow_answer_times_out() {
        answer(xml("poll-response-cta-smoke-test.xml").withFixedDelay(1500));
        try (CognitiveAlertSource s = source(wm.baseUrl(), Duration.ofMillis(300), 100)) {
            AdapterException e = catchThrowableOfType(AdapterException.class, () -> s.poll(CURSOR));
            assertThat(e.kind()).isIn(Kind.TIMEOUT, Kind.UNAVAILABLE);
        }
    }

    @Test
    void a_malformed_body_is_malformed() {
        answer(aResponse().withStatus(200).withBody(fixture("poll-response-cta-smoke-test.xml").substring(0, 900)));
        assertThat(failure().kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void an_unreadable_cursor_falls_back_to_the_lookback() throws Exception {
        answer(xml("poll-response-cta-package-without-incidents-no-timestamps.xml"));
        try (CognitiveAlertSource s = source()) {
            assertThat(s.poll("<evil/>").nextCursor()).isEqualTo("2024-05-10T07:00:00.000+00:00");
        }
        wm.verify(0, postRequestedFor(urlPathEqualTo(POLL)).withRequestBody(containing("evil")));
    }

    @Test
    void external_entities_are_never_resolved() {
        String evil = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"" + wm.baseUrl() + "/secret\">"
                + "<!ENTITY y SYSTEM \"file:///etc/passwd\">]>\n"
                + "<Poll_Response xmlns=\"" + TaxiiXml.TAXII + "\" collection_name=\"&x;&y;\">"
                + "<Inclusive_End_Timestamp>&x;&y;</Inclusive_End_Timestamp></Poll_Response>";
        wm.stubFor(get(urlPathEqualTo("/secret")).willReturn(ok("2024-01-01T00:00:00Z")));
        answer(aResponse().withStatus(200).withBody(evil));
        AdapterException e = failure();
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.getMessage()).doesNotContain("root:");
        wm.verify(0, getRequestedFor(urlPathEqualTo("/secret")));
    }

    @Test
    void the_config_hides_its_secrets() {
        CognitiveConfig c = CognitiveConfig.of(FEED, USER, PASSWORD);
        assertThat(c.toString()).doesNotContain(USER).doesNotContain(PASSWORD).contains(FEED);
        assertThat(c.pollPath()).isEqualTo("/PollService/");
    }
}

package io.irflow.cards;

import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.capabilities.Location;
import io.irflow.cards.dsl.Cards;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import io.irflow.testing.CardVocabulary;
import io.irflow.testing.Findings;
import io.irflow.testing.Snapshots;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InvestigationCardTest {
    static final Instant NOW = Instant.parse("2026-12-04T13:41:00Z");
    static final Words WORDS = Words.utc(NOW);
    static final String KOVTER = "Executed malware: W32.Trojan.Kovter-Demo — invoice_2026-11.pdf.exe on WKS-FIN-042 "
            + "(2026-12-04T13:38:56+00:00)";
    static final String SHA = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    private static Card render(InvestigationResult r, List<ContainedTargetStore.Row> held, List<ObjectNode> buttons) {
        Card card = InvestigationCard.render(r, held, buttons, WORDS);
        CardValidator.assertValid(card);
        CardVocabulary.assertInVocabulary(card.content());
        CardVocabulary.assertEveryFactOnce(card.content());
        return card;
    }

    private static Card render(InvestigationResult r) {
        return render(r, List.of(), List.of());
    }

    /** The demo's infected host as AMP, ISE and CMX describe it, each spelling its user differently. */
    static InvestigationResult infectedHost(String asked, ObservableType type) {
        Finding amp = new Finding("AMP for Endpoints", true, new Verdict(Disposition.MALICIOUS, KOVTER), List.of(
                new Fact("Threat events", "3 on 1 computer(s): Executed malware ×1, Quarantine Failure ×1"),
                new Fact("Worst event", KOVTER), new Fact("Group", "Acme Endpoints"),
                new Fact("Isolation", "not_isolated"), new Fact("Last seen", "2026-12-04T13:36:57Z")),
                List.of(new Link("Device trajectory: WKS-FIN-042",
                        "https://console.amp.example/computers/g/trajectory2")),
                List.of(new HostDetails("WKS-FIN-042", List.of("10.10.20.42"), List.of("00:50:56:a1:b2:42"),
                        "jdoe@WKS-FIN-042", "Windows 10", HostId.ampConnector("guid-1"), "not_isolated",
                        Instant.parse("2026-12-04T13:36:57Z"))), null);
        Finding ise = new Finding("ISE", true, Verdict.unknown(), List.of(new Fact("User", "ACME\\jdoe"),
                new Fact("Endpoint", "00:50:56:A1:B2:42 / 10.10.20.42"), new Fact("ANC policy", "none")), List.of(),
                List.of(new HostDetails(null, List.of("10.10.20.42"), List.of("00:50:56:a1:b2:42"), "ACME\\jdoe", null,
                        null, null, null)), null);
        Finding cmx = new Finding("CMX", true, Verdict.unknown(), List.of(
                new Fact("Location", "Acme HQ > Building 1 > Floor 3"), new Fact("SSID", "ACME-CORP"),
                new Fact("User", "jdoe")), List.of(),
                List.of(new HostDetails(null, List.of(), List.of("00:50:56:a1:b2:42"), "jdoe", null, null, null, null)),
                new Location("Acme HQ > Building 1 > Floor 3", 112.5, 48.0, "FEET",
                        Instant.parse("2026-12-04T13:38:52Z")));
        return new InvestigationResult(new Observable(type, asked), List.of(found(amp, 8), found(ise, 40),
                found(cmx, 30), SourceResult.timedOut("Threat Response", Duration.ofSeconds(5))),
                        Duration.ofMillis(1210));
    }

    @Test
    void the_host_card_is_compact_verdict_why_host_line_sources_then_buttons_and_details() {
        List<ObjectNode> buttons = List.of(Cards.submit("Quarantine WKS-FIN-042", Map.of("action", "x")),
                Cards.submit("Isolate WKS-FIN-042", Map.of("action", "y")));
        Card card = render(infectedHost("wks-fin-042", ObservableType.HOSTNAME), List.of(), buttons);

        JsonNode body = card.content().path("body");
        assertThat(body.get(0).path("text").asText()).isEqualTo("MALICIOUS — WKS-FIN-042");
        assertThat(body.get(1).path("text").asText()).isEqualTo("**AMP for Endpoints**: Executed malware: "
                + "W32.Trojan.Kovter-Demo — invoice\\_2026-11.pdf.exe on WKS-FIN-042, 13:38 UTC (2 min ago)");
        assertThat(body.size()).as("title, why, host line, sources, Details").isEqualTo(5);
        String front = CardText.plain(frontOf(body));
        assertThat(front).contains("Address: 10.10.20.42 · 00:50:56:a1:b2:42 · Windows 10", "User: ACME\\jdoe",
                "Where: Acme HQ > Building 1 > Floor 3, seen 13:38 UTC (2 min ago)",
                "Containment: not isolated (AMP for Endpoints)",
                "Host · AMP for Endpoints, ISE and CMX answered · Threat Response timed out · 1.2 s");
        assertThat(front).doesNotContain("Group:", "SSID:");
        assertThat(CardText.titles(card.content())).containsExactly("Quarantine WKS-FIN-042", "Isolate WKS-FIN-042");
        JsonNode toggle = body.get(4).path("actions");
        assertThat(body.get(4).path("type").asText()).isEqualTo("ActionSet");
        assertThat(toggle).hasSize(1);
        assertThat(toggle.get(0).path("type").asText()).isEqualTo("Action.ShowCard");
        assertThat(toggle.get(0).path("title").asText()).isEqualTo("Details");
        String details = CardText.plain(toggle.get(0).path("card"));
        assertThat(details).contains("AMP for Endpoints — malicious · 8 ms", "Threat events: 3 on 1 computer: ",
                "Group: Acme Endpoints", "Last seen: 13:36 UTC (4 min ago)",
                        "Endpoint: 00:50:56:A1:B2:42 / 10.10.20.42",
                "ANC policy: none", "SSID: ACME-CORP", "Threat Response: timed out")
                .doesNotContain("Worst event", "Isolation:", "Location:", "User:");
        assertThat(CardVocabulary.occurrences(card.content(), "W32.Trojan.Kovter-Demo"))
                .as("the worst event, once").isOne();
        assertThat(CardText.plain(card.content())).doesNotContain("jdoe@WKS-FIN-042", "wks-fin-042", ", jdoe");
        assertThat(card.fallback()).startsWith("**MALICIOUS** — WKS-FIN-042").contains("User: ACME\\\\jdoe");
    }

    @Test
    void the_ip_card_names_the_host_and_irflows_own_containment_first() {
        ContainedTargetStore.Row held = new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, "00:50:56:a1:b2:42",
                "WKS-FIN-042 (00:50:56:a1:b2:42)", "ISE", Instant.parse("2026-12-04T13:26:00Z"),
                        "alice@acme.example", "room");

        Card card = render(infectedHost("10.10.20.42", ObservableType.IPV4), List.of(held), List.of());

        assertThat(CardText.plain(card.content().path("body"))).contains("MALICIOUS — 10.10.20.42",
                "Host: WKS-FIN-042 · 00:50:56:a1:b2:42 · Windows 10",
                "Containment: Quarantined WKS-FIN-042 (00:50:56:a1:b2:42) by alice@acme.example via ISE, "
                        + "13:26 UTC (15 min ago) · not isolated (AMP for Endpoints)");
        assertThat(card.fallback()).contains("Quarantined WKS-FIN-042");
    }

    @Test
    void a_containment_the_product_no_longer_shows_is_flagged_on_the_host_line() {
        ContainedTargetStore.Row held = new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, "00:50:56:a1:b2:42",
                "WKS-FIN-042 (00:50:56:a1:b2:42)", "ISE", Instant.parse("2026-12-04T13:26:00Z"),
                "alice@acme.example", "room", null, "released outside irflow (ISE reports no ANC policy)",
                Instant.parse("2026-12-04T13:36:00Z"));

        Card card = render(infectedHost("10.10.20.42", ObservableType.IPV4), List.of(held), List.of());

        assertThat(CardText.plain(card.content().path("body"))).contains("Containment: Quarantined WKS-FIN-042 "
                + "(00:50:56:a1:b2:42) by alice@acme.example via ISE, 13:26 UTC (15 min ago) · ⚠️ but released "
                + "outside irflow (ISE reports no ANC policy), found 13:36 UTC (5 min ago)");
        assertThat(card.fallback()).contains("released outside irflow");
    }

    @Test
    void a_hash_card_shortens_the_hash_in_the_title_and_shows_it_whole_in_monospace() {
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.SHA256, SHA), List.of(
                found(Findings.finding("Threat Grid", Disposition.MALICIOUS, "threat score 95 (malicious, invoice.exe)",
                        new Fact("Threat score", "95 (malicious)"), new Fact("Analyses",
                                "3, most recent 2026-12-01")), 300),
                found(Findings.finding("VirusTotal", Disposition.MALICIOUS, "45/70 engines flag it",
                        new Fact("Detections", "45/70 engines")), 200)), Duration.ofMillis(400));

        Card card = render(r);

        JsonNode body = card.content().path("body");
        assertThat(body.get(0).path("text").asText()).isEqualTo("MALICIOUS — SHA-256 " + SHA.substring(0, 8) + "…"
                + SHA.substring(56));
        assertThat(body.get(1).path("text").asText()).isEqualTo(SHA);
        assertThat(body.get(1).path("fontType").asText()).isEqualTo("Monospace");
        assertThat(body.get(2).path("text").asText()).isEqualTo("**Threat Grid**: threat score 95 (malicious, "
                + "invoice.exe) · VirusTotal agrees");
        assertThat(CardText.plain(card.content())).doesNotContain("no verdict", "Also:");
    }

    @Test
    void a_source_with_a_score_but_no_verdict_says_what_the_score_means() {
        Finding tg = Findings.finding("Threat Grid", Disposition.UNKNOWN, "contacted by 3 analysed samples, max threat "
                + "score 95 (malicious, x.exe); that is the samples' score, no verdict on the domain itself",
                new Fact("Samples", "3"));
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.DOMAIN, "example.com"),
                List.of(found(tg, 100)), Duration.ofMillis(100));

        Card card = render(r);

        assertThat(CardText.plain(card.content())).contains("Threat Grid — related samples score 95 (malicious)")
                .doesNotContain("Threat Grid — no verdict");
        assertThat(InvestigationCard.scoreWord(95)).isEqualTo("malicious");
        assertThat(InvestigationCard.scoreWord(60)).isEqualTo("suspicious");
        assertThat(InvestigationCard.scoreWord(10)).isEqualTo("low");
    }

    @Test
    void at_most_four_buttons_are_kept_so_details_is_the_fifth() {
        List<ObjectNode> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(Cards.submit("Button " + i, Map.of("action", "a" + i)));
        }
        Card card = render(infectedHost("wks-fin-042", ObservableType.HOSTNAME), List.of(), five);

        assertThat(CardText.titles(card.content())).containsExactly("Button 0", "Button 1", "Button 2", "Button 3");
        assertThat(card.content().path("actions")).hasSize(4);
        JsonNode body = card.content().path("body");
        assertThat(body.get(body.size() - 1).path("actions").get(0).path("title").asText()).isEqualTo("Details");
    }

    @Test
    void buttons_that_would_not_fit_one_row_wrap_into_rows_instead_of_being_cut_off() {
        List<ObjectNode> buttons = new ArrayList<>();
        for (String t : List.of("Unquarantine WKS-FIN-042", "Quarantine WKS-HR-007", "Isolate 2 AMP computers…",
                "Open incident")) {
            buttons.add(Cards.submit(t, Map.of("action", t)));
        }
        Card card = render(infectedHost("10.10.20.42", ObservableType.IPV4), List.of(), buttons);

        JsonNode body = card.content().path("body");
        JsonNode firstRow = body.get(body.size() - 1);
        assertThat(firstRow.path("type").asText()).isEqualTo("ActionSet");
        assertThat(CardText.titles(firstRow)).containsExactly("Unquarantine WKS-FIN-042", "Quarantine WKS-HR-007");
        assertThat(CardText.titles(card.content().path("actions"))).containsExactly("Isolate 2 AMP computers…",
                "Open incident");
        List<ObjectNode> host = List.of(Cards.submit("Quarantine WKS-FIN-042", Map.of()),
                Cards.submit("Isolate WKS-FIN-042", Map.of()), Cards.submit("Open incident", Map.of()));
        assertThat(InvestigationCard.rows(host)).as("the host card's buttons fit one row").hasSize(1);
    }

    /** The card's body without its last element (the Details row). */
    private static JsonNode frontOf(JsonNode body) {
        com.fasterxml.jackson.databind.node.ArrayNode front = body.deepCopy();
        front.remove(front.size() - 1);
        return front;
    }
    private static SourceResult found(Finding f, long ms) {
        return new SourceResult(f.source(), SourceStatus.FOUND, f, "", null, Duration.ofMillis(ms), null);
    }

    private static SourceResult status(String source, SourceStatus s, String detail) {
        return new SourceResult(source, s, null, detail, null, Duration.ofMillis(5), null);
    }

    @Test
    void malicious_domain_leads_with_the_verdict_and_names_every_source() {
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.DOMAIN, "internetbadguys.com"), List.of(
                found(Findings.finding("Umbrella Investigate", Disposition.MALICIOUS, "Umbrella classifies it as malicious: Phishing",
                        new Fact("Security categories", "Phishing"), new Fact("Risk score", "100")), 120),
                found(Findings.finding("VirusTotal", Disposition.MALICIOUS, "12/94 engines", new Fact("Detections", "12/94")), 300),
                status("Threat Grid", SourceStatus.NOTHING_KNOWN, ""),
                status("Threat Response", SourceStatus.TIMED_OUT, "no answer in time"),
                status("AMP for Endpoints", SourceStatus.ERROR, "HTTP 503"),
                status("ISE", SourceStatus.NOT_CONFIGURED, "")), Duration.ofMillis(420));

        Card card = render(r);

        Snapshots.assertMatches("InvestigationCard-malicious-domain", card.content());
        String text = CardText.plain(card.content());
        assertThat(text).contains("MALICIOUS — internetbadguys.com", "Umbrella Investigate: Umbrella classifies",
                "· VirusTotal agrees",
                        "Domain · Umbrella Investigate and VirusTotal answered · Threat Grid knows nothing "
                        + "about it · Threat Response timed out · AMP for Endpoints failed (HTTP 503) · 420 ms",
                "Threat Response: timed out (no answer in time)", "Not configured: ISE");
        assertThat(card.fallback()).startsWith("**MALICIOUS**");
    }

    @Test
    void a_host_card_shows_user_location_and_containment() {
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.HOSTNAME, "wks-0042"), List.of(
                found(Findings.host("AMP for Endpoints", "WKS-0042.corp.example.com", null, "10.1.2.3", "00:50:56:aa:bb:cc",
                        "isolated"), 200),
                found(Findings.host("ISE", "WKS-0042", "alice", "10.1.2.3", "00:50:56:aa:bb:cc", "ANC: Quarantine"), 150),
                found(Findings.located("CMX", "HQ > Building 1 > Floor 3"), 90)), Duration.ofMillis(210));

        Card card = render(r);

        Snapshots.assertMatches("InvestigationCard-host", card.content());
        assertThat(CardText.plain(card.content())).contains("UNKNOWN — WKS-0042",
                "User: alice", "Where: HQ > Building 1 > Floor 3, seen 27 Nov 08:05 UTC (7 days ago)",
                "Containment: isolated (AMP for Endpoints) · ANC: Quarantine (ISE)", "00:50:56:aa:bb:cc");
    }

    @Test
    void irflows_own_containment_comes_first_and_speaks_over_the_products_cached_view() {
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.IPV4, "10.1.2.3"), List.of(
                found(Findings.host("ISE", null, "alice", "10.1.2.3", "00:50:56:aa:bb:cc", null), 150)),
                Duration.ofMillis(160));
        io.irflow.contain.ContainedTargetStore.Row held = new io.irflow.contain.ContainedTargetStore.Row(
                io.irflow.capabilities.ContainmentKind.QUARANTINE, "00:50:56:aa:bb:cc", "WKS-FIN-042 (00:50:56:aa:bb:cc)",
                "ISE", Instant.parse("2026-12-03T14:05:09Z"), "bob@example.com", "room");

        Card card = render(r, List.of(held), List.of());
        Card without = render(r);

        String text = CardText.plain(card.content());
        assertThat(text)
                .contains("Containment: Quarantined WKS-FIN-042 (00:50:56:aa:bb:cc) by bob@example.com via ISE, "
                + "3 Dec 14:05 UTC (23 h ago)").doesNotContain("not isolated or quarantined");
        assertThat(text.indexOf("Containment: Quarantined")).isLessThan(text.indexOf("ISE — "));
        assertThat(card.fallback()).contains("Quarantined WKS-FIN-042 (00:50:56:aa:bb:cc) by bob@example.com via ISE");
        assertThat(CardText.plain(without.content())).doesNotContain("Quarantined")
                .contains("not isolated or quarantined as far as the sources know");
    }

    @Test
    void product_text_cannot_inject_markdown_links_or_mentions() {
        Finding evil = new Finding("VirusTotal", true, new Verdict(Disposition.SUSPICIOUS, "[click](http://evil.example) <@all>"),
                List.of(new Fact("Name", "**boom** [x](javascript:alert(1))")),
                List.of(new Link("console", "javascript:alert(1)"), new Link("ok", "https://www.virustotal.com/gui/file/x")),
                List.of(), null);
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.SHA256, "a".repeat(64)),
                List.of(found(evil, 10)), Duration.ofMillis(10));

        Card card = render(r);
        String json = card.content().toString();

        assertThat(json).doesNotContain("[click](http://evil").doesNotContain("<@all>").doesNotContain("[x](javascript")
                .doesNotContain("[console]").doesNotContain("**boom**").contains("(https://www.virustotal.com/gui/file/x)");
    }

    @Test
    void huge_product_answers_are_trimmed_to_stay_within_webex_limits() {
        List<SourceResult> results = new ArrayList<>();
        for (int s = 0; s < 7; s++) {
            List<Fact> facts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                facts.add(new Fact("Fact " + i, "x".repeat(2000)));
            }
            results.add(found(new Finding("Source " + s, true, new Verdict(Disposition.SUSPICIOUS, "y".repeat(5000)), facts,
                    List.of(), List.of(), null), 10));
        }
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.DOMAIN, "big.example"), results,
                Duration.ofMillis(10));

        Card card = InvestigationCard.render(r, List.of(), List.of(), WORDS);

        CardValidator.assertValid(card);
        assertThat(card.content().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(InvestigationCard.MAX_CARD_BYTES);
        assertThat(card.fallback().getBytes(StandardCharsets.UTF_8).length).isLessThan(7439);
    }

    @Test
    void nothing_known_anywhere_is_unknown_not_clean() {
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.IPV4, "203.0.113.7"), List.of(
                status("VirusTotal", SourceStatus.RATE_LIMITED, "ask again in 40 s"),
                new SourceResult("AMP for Endpoints", SourceStatus.NOTHING_KNOWN, Finding.nothingKnown("AMP for Endpoints"),
                        "", null, Duration.ofMillis(3), Instant.EPOCH)), Duration.ofMillis(4));

        Card card = render(r);

        assertThat(r.overall().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(CardText.plain(card.content())).contains("UNKNOWN — 203.0.113.7",
                "IP address · AMP for Endpoints knows nothing about it · VirusTotal is rate-limited",
                "VirusTotal: rate-limited (ask again in 40 s)");
    }
}

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
import io.irflow.testing.CardValidator;
import io.irflow.testing.Findings;
import io.irflow.testing.Snapshots;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InvestigationCardTest {
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

        Card card = InvestigationCard.render(r, List.of());

        CardValidator.assertValid(card);
        Snapshots.assertMatches("InvestigationCard-malicious-domain", card.content());
        String json = card.content().toString();
        assertThat(json).contains("MALICIOUS — internetbadguys.com", "Umbrella Investigate**: Umbrella classifies",
                "Also: VirusTotal", "Timed out: Threat Response", "Error: AMP for Endpoints (HTTP 503)",
                "Not configured: ISE", "Nothing known: Threat Grid");
        assertThat(card.fallback()).startsWith("**MALICIOUS**");
    }

    @Test
    void a_host_card_shows_user_location_and_containment() {
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.HOSTNAME, "wks-0042"), List.of(
                found(Findings.host("AMP for Endpoints", "WKS-0042.corp.example.com", null, "10.1.2.3", "00:50:56:aa:bb:cc",
                        "isolated"), 200),
                found(Findings.host("ISE", "WKS-0042", "alice", "10.1.2.3", "00:50:56:aa:bb:cc", "ANC: Quarantine"), 150),
                found(Findings.located("CMX", "HQ > Building 1 > Floor 3"), 90)), Duration.ofMillis(210));

        Card card = InvestigationCard.render(r, List.of());

        CardValidator.assertValid(card);
        Snapshots.assertMatches("InvestigationCard-host", card.content());
        assertThat(card.content().toString()).contains("alice", "HQ \\\\> Building 1 \\\\> Floor 3", "isolated · ANC: Quarantine",
                "00:50:56:aa:bb:cc");
    }

    @Test
    void irflows_own_containment_comes_first_and_speaks_over_the_products_cached_view() {
        InvestigationResult r = new InvestigationResult(new Observable(ObservableType.IPV4, "10.1.2.3"), List.of(
                found(Findings.host("ISE", null, "alice", "10.1.2.3", "00:50:56:aa:bb:cc", null), 150)),
                Duration.ofMillis(160));
        io.irflow.contain.ContainedTargetStore.Row held = new io.irflow.contain.ContainedTargetStore.Row(
                io.irflow.capabilities.ContainmentKind.QUARANTINE, "00:50:56:aa:bb:cc", "WKS-FIN-042 (00:50:56:aa:bb:cc)",
                "ISE", Instant.parse("2026-12-03T14:05:09Z"), "bob@example.com", "room");

        Card card = InvestigationCard.render(r, List.of(held), List.of());
        Card without = InvestigationCard.render(r, List.of());

        CardValidator.assertValid(card);
        String text = io.irflow.testing.CardText.plain(card.content());
        assertThat(text).contains("Contained by irflow",
                "🔒 Quarantined by bob@example.com at 2026-12-03 14:05 UTC: WKS-FIN-042 (00:50:56:aa:bb:cc) via ISE · until undone",
                "Containment: quarantined by irflow (see above)").doesNotContain("not isolated or quarantined");
        assertThat(text.indexOf("Contained by irflow")).isLessThan(text.indexOf("ISE — "));
        assertThat(card.fallback()).contains("Quarantined by bob@example.com at 2026-12-03 14:05 UTC");
        assertThat(io.irflow.testing.CardText.plain(without.content())).doesNotContain("Contained by irflow")
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

        Card card = InvestigationCard.render(r, List.of());
        String json = card.content().toString();

        CardValidator.assertValid(card);
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

        Card card = InvestigationCard.render(r, List.of());

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

        Card card = InvestigationCard.render(r, List.of());

        CardValidator.assertValid(card);
        assertThat(r.overall().disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(card.content().toString()).contains("UNKNOWN", "Rate-limited: VirusTotal (ask again in 40 s)");
    }
}

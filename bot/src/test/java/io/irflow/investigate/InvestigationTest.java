package io.irflow.investigate;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.testing.FakeEnrichment;
import io.irflow.testing.Findings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class InvestigationTest {
    static final Observable DOMAIN = new Observable(ObservableType.DOMAIN, "bad.example");
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Investigation investigation(Duration perSource, Duration deadline, FakeEnrichment... sources) {
        CachingEnrichment.CacheSettings settings = new CachingEnrichment.CacheSettings(Duration.ofMinutes(15),
                Duration.ofMinutes(2), 100);
        List<CachingEnrichment> cached = Arrays.stream(sources)
                .map(s -> new CachingEnrichment(s, settings, Ticker.systemTicker(), Clock.systemUTC())).toList();
        return new Investigation(cached, List.of("CMX"), pool, perSource, deadline);
    }

    private static Map<String, SourceResult> bySource(InvestigationResult r) {
        return r.results().stream().collect(Collectors.toMap(SourceResult::source, Function.identity()));
    }

    private static FakeEnrichment fake(String name, FakeEnrichment.Behaviour b) {
        return new FakeEnrichment(name, EnumSet.of(ObservableType.DOMAIN, ObservableType.SHA256), b);
    }

    @Test
    void sources_are_asked_in_parallel_so_the_answer_takes_about_the_slowest_one() {
        Finding f = Findings.finding("A", Disposition.CLEAN, "fine");
        Investigation inv = investigation(Duration.ofSeconds(2), Duration.ofSeconds(3),
                fake("A", FakeEnrichment.after(300, f)), fake("B", FakeEnrichment.after(300, f)),
                fake("C", FakeEnrichment.after(300, f)), fake("D", FakeEnrichment.after(300, f)));

        InvestigationResult r = inv.run(DOMAIN, false);

        assertThat(r.elapsed()).isLessThan(Duration.ofMillis(900));
        assertThat(r.results()).filteredOn(s -> s.status() == SourceStatus.FOUND).hasSize(4);
    }

    @Test
    void every_failure_kind_gets_its_own_status_and_never_hides_the_others() {
        Investigation inv = investigation(Duration.ofMillis(500), Duration.ofSeconds(2),
                fake("Good", FakeEnrichment.after(0, Findings.finding("Good", Disposition.MALICIOUS, "known C2"))),
                fake("Hung", FakeEnrichment.after(5_000, Finding.nothingKnown("Hung"))),
                fake("Down", FakeEnrichment.failing("Down", Kind.UNAVAILABLE, 503)),
                fake("Denied", FakeEnrichment.failing("Denied", Kind.UNAUTHORIZED, 401)),
                fake("Busy", FakeEnrichment.failing("Busy", Kind.RATE_LIMITED, 429)),
                fake("Empty", FakeEnrichment.after(0, Finding.nothingKnown("Empty"))),
                fake("Missing", FakeEnrichment.failing("Missing", Kind.NOT_FOUND, 404)));

        InvestigationResult r = inv.run(DOMAIN, false);
        Map<String, SourceResult> s = bySource(r);

        assertThat(r.elapsed()).isLessThan(Duration.ofMillis(1500));
        assertThat(s.get("Good").status()).isEqualTo(SourceStatus.FOUND);
        assertThat(s.get("Hung").status()).isEqualTo(SourceStatus.TIMED_OUT);
        assertThat(s.get("Down").status()).isEqualTo(SourceStatus.ERROR);
        assertThat(s.get("Down").detail()).isEqualTo("HTTP 503");
        assertThat(s.get("Denied").status()).isEqualTo(SourceStatus.REFUSED_CREDENTIALS);
        assertThat(s.get("Busy").status()).isEqualTo(SourceStatus.RATE_LIMITED);
        assertThat(s.get("Empty").status()).isEqualTo(SourceStatus.NOTHING_KNOWN);
        assertThat(s.get("Missing").status()).isEqualTo(SourceStatus.NOTHING_KNOWN);
        assertThat(s.get("CMX").status()).isEqualTo(SourceStatus.NOT_CONFIGURED);
        assertThat(r.overall().disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(r.overall().source()).isEqualTo("Good");
    }

    @Test
    void the_overall_deadline_wins_over_longer_per_source_timeouts() {
        Investigation inv = investigation(Duration.ofSeconds(10), Duration.ofMillis(400),
                fake("Slow", FakeEnrichment.after(5_000, Finding.nothingKnown("Slow"))));

        InvestigationResult r = inv.run(DOMAIN, false);

        assertThat(r.elapsed()).isLessThan(Duration.ofMillis(1000));
        assertThat(bySource(r).get("Slow").status()).isEqualTo(SourceStatus.TIMED_OUT);
    }

    @Test
    void time_spent_before_the_run_on_the_same_request_counts_against_its_deadline() {
        Finding f = Findings.finding("Slow", Disposition.CLEAN, "fine");
        Investigation inv = investigation(Duration.ofSeconds(10), Duration.ofMillis(1000),
                fake("Slow", FakeEnrichment.after(600, f)));

        // 700 ms of the 1 s deadline went on resolving the name first: 300 ms are left, the source needs 600.
        InvestigationResult r = inv.run(DOMAIN, false, System.nanoTime() - Duration.ofMillis(700).toNanos());

        assertThat(r.elapsed()).isLessThan(Duration.ofMillis(550));
        assertThat(bySource(r).get("Slow").status()).isEqualTo(SourceStatus.TIMED_OUT);
        assertThat(inv.deadline()).isEqualTo(Duration.ofMillis(1000));
        assertThat(inv.perSource()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void sources_that_cannot_handle_the_type_are_not_asked() {
        FakeEnrichment hashOnly = new FakeEnrichment("Sandbox", EnumSet.of(ObservableType.SHA256),
                FakeEnrichment.after(0, Finding.nothingKnown("Sandbox")));
        Investigation inv = investigation(Duration.ofSeconds(1), Duration.ofSeconds(2), hashOnly);

        InvestigationResult r = inv.run(DOMAIN, false);

        assertThat(hashOnly.calls()).isZero();
        assertThat(r.results()).extracting(SourceResult::source).containsExactly("CMX");
    }

    @Test
    void the_worst_disposition_leads_and_agreeing_sources_are_named() {
        Investigation inv = investigation(Duration.ofSeconds(1), Duration.ofSeconds(2),
                fake("A", FakeEnrichment.after(0, Findings.finding("A", Disposition.SUSPICIOUS, "odd"))),
                fake("B", FakeEnrichment.after(0, Findings.finding("B", Disposition.MALICIOUS, "45/70 engines"))),
                fake("C", FakeEnrichment.after(0, Findings.finding("C", Disposition.MALICIOUS, "C2"))),
                fake("D", FakeEnrichment.after(0, Findings.finding("D", Disposition.CLEAN, "fine"))));

        InvestigationResult.Overall o = inv.run(DOMAIN, false).overall();

        assertThat(o.disposition()).isEqualTo(Disposition.MALICIOUS);
        assertThat(o.source()).isEqualTo("B");
        assertThat(o.reason()).isEqualTo("45/70 engines");
        assertThat(o.agreeing()).containsExactly("C");
    }

    @Test
    void a_repeat_is_served_from_the_cache_and_fresh_asks_again() {
        FakeEnrichment a = fake("A", FakeEnrichment.after(0, Findings.finding("A", Disposition.CLEAN, "fine")));
        Investigation inv = investigation(Duration.ofSeconds(1), Duration.ofSeconds(2), a);

        inv.run(DOMAIN, false);
        InvestigationResult second = inv.run(DOMAIN, false);
        inv.run(DOMAIN, true);

        assertThat(a.calls()).isEqualTo(2);
        assertThat(bySource(second).get("A").cachedAt()).isNotNull();
    }
}

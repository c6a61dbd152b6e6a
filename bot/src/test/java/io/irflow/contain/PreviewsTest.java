package io.irflow.contain;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.capabilities.ImpactPreview;
import io.irflow.capabilities.ImpactPreview.Impact;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Gathering a confirmation's preview: in parallel, under one deadline, failures named, host details remembered. */
class PreviewsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String MAC = "00:50:56:a1:3c:7e";
    private static final String GUID = "d89ca962-be71-4ac4-8624-8e26380b8e3f";

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        pool.shutdownNow();
    }

    private static PendingAction action(ContainmentKind kind, boolean undo, String target, String label) {
        return new PendingAction("ref-1", kind, undo, "P", target, label, "room-1", "alice@example.com", NOW,
                NOW.plus(Duration.ofHours(1)), PendingAction.State.PENDING, null, false);
    }

    /** A product that answers with {@code impact}, or throws, or hangs ({@code impact} null and no error). */
    private ImpactPreview product(String name, Impact impact, AdapterException error, AtomicInteger calls) {
        return new ImpactPreview() {
            public String source() {
                return name;
            }

            public boolean previews(ContainmentKind kind) {
                return kind == ContainmentKind.BLOCK_DOMAIN;
            }

            public Impact preview(ContainmentKind kind, String target) throws AdapterException {
                calls.incrementAndGet();
                if (error != null) {
                    throw error;
                }
                if (impact == null) {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return impact;
            }
        };
    }

    private Previews previews(List<ImpactPreview> products, Investigation investigation, Duration deadline) {
        return new Previews(products, investigation, pool, deadline, Duration.ofMinutes(10), Ticker.systemTicker());
    }

    @Test
    void every_product_answers_in_its_order_and_a_hung_one_is_named_within_the_deadline() {
        AtomicInteger calls = new AtomicInteger();
        Impact amp = new Impact("AMP", 7, List.of("A"), List.of());
        Previews p = previews(List.of(product("Hung", null, null, calls), product("AMP", amp, null, calls),
                product("Refusing", null, new AdapterException("Refusing", AdapterException.Kind.UNAUTHORIZED, "x",
                        401, null, null, null), calls)), null, Duration.ofMillis(300));

        long start = System.nanoTime();
        Preview preview = p.of(action(ContainmentKind.BLOCK_DOMAIN, false, "bad.example", "bad.example"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(preview.impacts()).containsExactly(amp);
        assertThat(preview.unavailable()).containsExactly("Hung timed out",
                "Refusing refused the credentials (HTTP 401)");
        assertThat(calls).hasValue(3);
    }

    @Test
    void an_undo_and_an_action_no_product_previews_have_no_preview_and_cost_no_call() {
        AtomicInteger calls = new AtomicInteger();
        Previews p = previews(List.of(product("AMP", new Impact("AMP", 1, List.of(), List.of()), null, calls)), null,
                Duration.ofSeconds(1));

        assertThat(p.of(action(ContainmentKind.BLOCK_DOMAIN, true, "bad.example", "bad.example")).isEmpty()).isTrue();
        assertThat(p.of(action(ContainmentKind.BLOCK_HASH, false, "ab".repeat(32), "x")).isEmpty()).isTrue();
        assertThat(calls).hasValue(0);
    }

    private static InvestigationResult hostResult(Observable asked) {
        HostDetails amp = new HostDetails("WKS-FIN-042", List.of("10.0.0.5"), List.of(MAC), null, "Windows 10",
                HostId.ampConnector(GUID), null, null);
        HostDetails ise = new HostDetails(null, List.of(), List.of(MAC), "jdoe", null, null, null, null);
        Finding ampFinding = new Finding("AMP", true, Verdict.unknown(), List.of(new Fact("Group", "Finance"),
                new Fact("Policy", "Protect"), new Fact("OS", "Windows 10")), List.of(), List.of(amp), null);
        Finding iseFinding = new Finding("ISE", true, Verdict.unknown(), List.of(new Fact("Endpoint profile",
                "Windows10-Workstation")), List.of(), List.of(ise), null);
        Finding cmx = new Finding("CMX", true, Verdict.unknown(), List.of(), List.of(), List.of(),
                new Location("HQ > Floor 3", null, null, null, NOW));
        return new InvestigationResult(asked, List.of(found("AMP", ampFinding), found("ISE", iseFinding),
                found("CMX", cmx), new SourceResult("Threat Grid", SourceStatus.TIMED_OUT, null, "", null,
                Duration.ZERO, null)), Duration.ofMillis(5));
    }

    private static SourceResult found(String source, Finding f) {
        return new SourceResult(source, SourceStatus.FOUND, f, "", null, Duration.ZERO, null);
    }

    @Test
    void a_quarantine_right_after_the_host_investigation_reuses_it_without_a_product_call() {
        Previews p = previews(List.of(), null, Duration.ofSeconds(1));
        p.remember(hostResult(new Observable(ObservableType.HOSTNAME, "wks-fin-042")));

        for (PendingAction a : List.of(action(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042 (" + MAC + ")"),
                action(ContainmentKind.ISOLATE, false, GUID, "WKS-FIN-042"))) {
            Preview preview = p.of(a);

            assertThat(preview.impacts()).singleElement().satisfies(i -> assertThat(i.facts()).containsExactly(
                    new Fact("User", "jdoe"), new Fact("Location", "HQ > Floor 3"), new Fact("Group (AMP)", "Finance"),
                    new Fact("Policy (AMP)", "Protect"), new Fact("Endpoint profile (ISE)", "Windows10-Workstation")));
            assertThat(preview.unavailable()).containsExactly("Threat Grid timed out");
        }
    }

    @Test
    void a_hash_investigation_is_not_taken_for_a_host_and_an_unknown_host_is_investigated_through_the_caches()
            throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Enrichment source = new Enrichment() {
            public String source() {
                return "AMP";
            }

            public boolean supports(ObservableType type) {
                return type == ObservableType.HOSTNAME;
            }

            public Finding enrich(Observable o) {
                calls.incrementAndGet();
                return hostResult(o).results().get(0).finding();
            }
        };
        CachingEnrichment cached = new CachingEnrichment(source, new CachingEnrichment.CacheSettings(
                Duration.ofMinutes(5), Duration.ofMinutes(1), 100), Ticker.systemTicker(), Clock.systemUTC());
        Investigation investigation = new Investigation(List.of(cached), List.of(), pool, Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        Previews p = previews(List.of(), investigation, Duration.ofSeconds(2));
        investigation.listen(p::remember);
        p.remember(hostResult(new Observable(ObservableType.SHA256, "ab".repeat(32))));

        PendingAction isolate = action(ContainmentKind.ISOLATE, false, GUID, "WKS-FIN-042");
        assertThat(p.of(isolate).impacts()).singleElement().satisfies(i -> assertThat(i.facts())
                .contains(new Fact("Group (AMP)", "Finance")));
        assertThat(p.of(isolate).impacts()).hasSize(1);
        assertThat(calls).hasValue(1); // not the hash's answer; the second preview used the remembered one
    }

    @Test
    void a_host_investigation_slower_than_the_deadline_is_named_and_not_waited_for() {
        Enrichment slow = new Enrichment() {
            public String source() {
                return "AMP";
            }

            public boolean supports(ObservableType type) {
                return true;
            }

            public Finding enrich(Observable o) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Finding.nothingKnown("AMP");
            }
        };
        CachingEnrichment cached = new CachingEnrichment(slow, new CachingEnrichment.CacheSettings(
                Duration.ofMinutes(5), Duration.ofMinutes(1), 100), Ticker.systemTicker(), Clock.systemUTC());
        Investigation investigation = new Investigation(List.of(cached), List.of(), pool, Duration.ofSeconds(10),
                Duration.ofSeconds(10));
        Previews p = previews(List.of(), investigation, Duration.ofMillis(300));

        long start = System.nanoTime();
        Preview preview = p.of(action(ContainmentKind.QUARANTINE, false, MAC, "WKS-FIN-042 (" + MAC + ")"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(preview.impacts()).isEmpty();
        assertThat(preview.unavailable()).containsExactly("host details timed out");
    }

    @Test
    void confirmations_previewed_at_the_same_moment_each_get_their_own_targets_answer() throws Exception {
        ImpactPreview byTarget = new ImpactPreview() {
            public String source() {
                return "AMP";
            }

            public boolean previews(ContainmentKind kind) {
                return true;
            }

            public Impact preview(ContainmentKind kind, String target) {
                return new Impact("AMP", target.length(), List.of(target), List.of());
            }
        };
        Previews p = previews(List.of(byTarget), null, Duration.ofSeconds(5));
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Preview>> answers = new java.util.ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 24; i++) {
                String domain = "d" + "x".repeat(i) + ".example";
                answers.add(callers.submit(() -> {
                    go.await();
                    return p.of(action(ContainmentKind.BLOCK_DOMAIN, false, domain, domain));
                }));
            }
            go.countDown();
            for (int i = 0; i < 24; i++) {
                String domain = "d" + "x".repeat(i) + ".example";
                assertThat(answers.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS).impacts())
                        .containsExactly(new Impact("AMP", domain.length(), List.of(domain), List.of()));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void the_host_name_is_read_from_the_label() {
        assertThat(Previews.hostName(action(ContainmentKind.QUARANTINE, false, MAC, "WKS-1 (" + MAC + ")")))
                .isEqualTo("WKS-1");
        assertThat(Previews.hostName(action(ContainmentKind.QUARANTINE, false, MAC, MAC))).isNull();
        assertThat(Previews.hostName(action(ContainmentKind.ISOLATE, false, GUID, "WKS-1"))).isEqualTo("WKS-1");
    }
}

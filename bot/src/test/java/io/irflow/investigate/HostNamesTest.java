package io.irflow.investigate;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.HostDirectory;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which computers a typed name means: asked only for plausible names, within the budget, cached when answered. */
class HostNamesTest {
    private static final CachingEnrichment.CacheSettings CACHE =
            new CachingEnrichment.CacheSettings(Duration.ofMinutes(10), Duration.ofMinutes(1), 100);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A directory answering from a map (lower-case keys), counting calls; "down" fails, "slow" hangs. */
    private static final class Directory implements HostDirectory {
        final String name;
        final Map<String, List<String>> known;
        final AtomicInteger calls = new AtomicInteger();

        Directory(String name, Map<String, List<String>> known) {
            this.name = name;
            this.known = known;
        }

        @Override
        public String source() {
            return name;
        }

        @Override
        public List<String> hostsNamed(String asked) throws AdapterException {
            calls.incrementAndGet();
            if (asked.startsWith("down")) {
                throw new AdapterException(name, AdapterException.Kind.UNAVAILABLE, "down");
            }
            if (asked.startsWith("slow")) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return known.getOrDefault(asked.toLowerCase(), List.of());
        }
    }

    private static final Directory AMP = new Directory("AMP for Endpoints", Map.of(
            "web01", List.of("web01.corp.example.com", "web01.lab.example.com"),
            "web01.corp.example.com", List.of("web01.corp.example.com"),
            "db7.example.net", List.of("DB7")));

    private HostNames names(HostDirectory... directories) {
        return new HostNames(List.of(directories), pool, CACHE, Ticker.systemTicker());
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    private static Observable host(String v) {
        return new Observable(ObservableType.HOSTNAME, v);
    }

    private static Observable domain(String v) {
        return new Observable(ObservableType.DOMAIN, v);
    }

    @Test
    void host_names_and_domains_of_three_labels_are_asked_about_registrable_domains_and_others_not() {
        assertThat(HostNames.applies(host("web01"))).isTrue();
        assertThat(HostNames.applies(domain("web01.corp.example.com"))).isTrue();
        assertThat(HostNames.applies(domain("example.com"))).isFalse();
        assertThat(HostNames.applies(new Observable(ObservableType.IPV4, "10.0.0.1"))).isFalse();
        assertThat(HostNames.applies(new Observable(ObservableType.URL, "http://a.b.example/x"))).isFalse();
    }

    @Test
    void a_known_fqdn_is_one_computer_and_a_short_name_of_two_is_ambiguous() {
        Directory amp = new Directory("AMP for Endpoints", AMP.known);
        HostNames names = names(amp);

        HostNames.Resolution fqdn = names.resolve(domain("web01.corp.example.com"), false, in(Duration.ofSeconds(2)));
        HostNames.Resolution shortName = names.resolve(host("web01"), false, in(Duration.ofSeconds(2)));

        assertThat(fqdn.known()).isTrue();
        assertThat(fqdn.ambiguous()).isFalse();
        assertThat(fqdn.sources()).containsExactly("AMP for Endpoints");
        assertThat(shortName.ambiguous()).isTrue();
        assertThat(shortName.candidates()).containsExactly("web01.corp.example.com", "web01.lab.example.com");
        assertThat(names.resolve(domain("example.com"), false, in(Duration.ofSeconds(2))).known()).isFalse();
        assertThat(amp.calls).as("example.com is not asked about").hasValue(2);
    }

    @Test
    void answers_are_cached_and_fresh_asks_again() {
        Directory amp = new Directory("AMP for Endpoints", AMP.known);
        HostNames names = names(amp);

        names.resolve(host("web01"), false, in(Duration.ofSeconds(2)));
        names.resolve(host("WEB01"), false, in(Duration.ofSeconds(2)));
        names.resolve(domain("nothing.corp.example.com"), false, in(Duration.ofSeconds(2)));
        names.resolve(domain("nothing.corp.example.com"), false, in(Duration.ofSeconds(2)));
        assertThat(amp.calls).hasValue(2);

        names.resolve(host("web01"), true, in(Duration.ofSeconds(2)));
        assertThat(amp.calls).hasValue(3);
    }

    @Test
    void exact_names_win_over_short_name_matches_across_directories() {
        Directory other = new Directory("Other", Map.of("web01.corp.example.com", List.of("web01")));
        HostNames.Resolution r = names(other, new Directory("AMP for Endpoints", AMP.known))
                .resolve(domain("web01.corp.example.com"), false, in(Duration.ofSeconds(2)));

        assertThat(r.candidates()).containsExactly("web01.corp.example.com");
        assertThat(r.sources()).containsExactly("Other", "AMP for Endpoints");
    }

    @Test
    void a_failing_or_late_directory_counts_as_knowing_nothing_within_the_budget_and_is_not_cached() {
        Directory amp = new Directory("AMP for Endpoints", AMP.known);
        HostNames names = names(amp);

        long start = System.nanoTime();
        HostNames.Resolution slow = names.resolve(host("slow-01"), false, in(Duration.ofMillis(300)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        HostNames.Resolution down = names.resolve(host("down-01"), false, in(Duration.ofSeconds(2)));
        names.resolve(host("down-01"), false, in(Duration.ofSeconds(2)));

        assertThat(slow.known()).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(down.known()).isFalse();
        assertThat(amp.calls).as("failures are asked again").hasValue(3);
    }

    @Test
    void without_directories_nothing_is_asked_and_the_budget_is_the_timeout_within_the_deadline() {
        assertThat(names().resolve(host("web01"), false, in(Duration.ofSeconds(1))).known()).isFalse();
        assertThat(HostNames.budgetEnd(0, Duration.ofSeconds(2), Duration.ofSeconds(3)))
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(HostNames.budgetEnd(0, Duration.ofSeconds(5), Duration.ofSeconds(3)))
                .isEqualTo(Duration.ofSeconds(3).toNanos());
    }
}

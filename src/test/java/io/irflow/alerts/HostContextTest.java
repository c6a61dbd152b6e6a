package io.irflow.alerts;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import io.irflow.cards.AlertCard;
import io.irflow.investigate.Investigation;
import io.irflow.testing.FakeEnrichment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** An alert's host gets its user and location from an investigation of its MAC, else its IPv4 address. */
class HostContextTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Observable> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Enrichment source(String name, Finding finding) {
        return new FakeEnrichment(name, EnumSet.of(ObservableType.MAC, ObservableType.IPV4), o -> {
            asked.add(o);
            return finding;
        });
    }

    private HostContext context(Enrichment... sources) {
        CachingEnrichment.CacheSettings settings = new CachingEnrichment.CacheSettings(Duration.ofMinutes(1),
                Duration.ofMinutes(1), 10);
        List<CachingEnrichment> cached = java.util.Arrays.stream(sources)
                .map(s -> new CachingEnrichment(s, settings, Ticker.systemTicker(), Clock.systemUTC())).toList();
        return new HostContext(new Investigation(cached, List.of(), pool, Duration.ofSeconds(2), Duration.ofSeconds(3)));
    }

    private HostContext iseAndCmx() {
        return context(source("ISE", new Finding("ISE", true, Verdict.unknown(), List.of(), List.of(),
                        List.of(new HostDetails("wks-1", List.of("10.1.2.3"), List.of("00:50:56:a1:b2:42"), "corp_jdoe",
                                "Windows 11", null, null, null)), null)),
                source("CMX", new Finding("CMX", true, new Verdict(Disposition.UNKNOWN, ""), List.of(), List.of(),
                        List.of(), new Location("HQ > Floor 3", 1.0, 2.0, "FEET", null))));
    }

    @Test
    void a_host_with_a_mac_is_looked_up_by_its_mac_for_user_and_location() {
        AlertCard.Context c = iseAndCmx().apply(new Alert.AlertHost("wks-1", "10.1.2.3", "00:50:56:a1:b2:42", null));

        assertThat(c).isEqualTo(new AlertCard.Context("corp_jdoe", "HQ > Floor 3", null));
        assertThat(asked).extracting(Observable::type).containsOnly(ObservableType.MAC);
    }

    @Test
    void a_host_without_a_mac_is_looked_up_by_its_ipv4_address() {
        AlertCard.Context c = iseAndCmx().apply(new Alert.AlertHost("wks-1", "10.1.2.3", null, null));

        assertThat(c.user()).isEqualTo("corp_jdoe");
        assertThat(asked).containsOnly(new Observable(ObservableType.IPV4, "10.1.2.3"));
    }

    @Test
    void a_host_with_neither_mac_nor_ipv4_gets_an_empty_context_without_asking() {
        AlertCard.Context c = iseAndCmx().apply(new Alert.AlertHost("wks-1", "fe80::1", null, null));

        assertThat(c).isEqualTo(new AlertCard.Context(null, null, null));
        assertThat(asked).isEmpty();
    }

    @Test
    void sources_that_know_nothing_leave_user_and_location_empty() {
        AlertCard.Context c = context(source("ISE", Finding.nothingKnown("ISE")))
                .apply(new Alert.AlertHost(null, "10.1.2.3", null, null));

        assertThat(c).isEqualTo(new AlertCard.Context(null, null, null));
    }
}

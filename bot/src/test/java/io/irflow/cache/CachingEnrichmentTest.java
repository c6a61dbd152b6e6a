package io.irflow.cache;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.testing.FakeEnrichment;
import io.irflow.testing.Findings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingEnrichmentTest {
    static final Observable HASH = new Observable(ObservableType.SHA256, "a".repeat(64));
    private final AtomicLong nanos = new AtomicLong();
    private final FakeEnrichment product = new FakeEnrichment("VT", EnumSet.of(ObservableType.SHA256),
            FakeEnrichment.after(0, Findings.finding("VT", Disposition.MALICIOUS, "45/70")));
    private final CachingEnrichment cache = new CachingEnrichment(product,
            new CachingEnrichment.CacheSettings(Duration.ofMinutes(15), Duration.ofMinutes(2), 100), nanos::get,
            Clock.systemUTC());

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void a_finding_is_kept_for_the_ttl() throws Exception {
        cache.lookup(HASH, false);
        advance(Duration.ofMinutes(14));
        assertThat(cache.lookup(HASH, false).cachedAt()).isNotNull();
        advance(Duration.ofMinutes(2));
        assertThat(cache.lookup(HASH, false).cachedAt()).isNull();

        assertThat(product.calls()).isEqualTo(2);
        assertThat(cache.stats().hitCount()).isEqualTo(1);
        assertThat(cache.stats().missCount()).isEqualTo(2);
    }

    @Test
    void nothing_known_is_kept_for_the_shorter_negative_ttl() throws Exception {
        product.behave(FakeEnrichment.after(0, Finding.nothingKnown("VT")));
        cache.lookup(HASH, false);
        advance(Duration.ofMinutes(1));
        cache.lookup(HASH, false);
        advance(Duration.ofMinutes(2));
        cache.lookup(HASH, false);

        assertThat(product.calls()).isEqualTo(2);
    }

    @Test
    void errors_are_never_cached() {
        product.behave(FakeEnrichment.failing("VT", Kind.UNAVAILABLE, 503));
        assertThatThrownBy(() -> cache.lookup(HASH, false)).isInstanceOf(AdapterException.class);
        assertThatThrownBy(() -> cache.lookup(HASH, false)).isInstanceOf(AdapterException.class);

        assertThat(product.calls()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void fresh_bypasses_and_refreshes_the_entry() throws Exception {
        cache.lookup(HASH, false);
        assertThat(cache.lookup(HASH, true).cachedAt()).isNull();
        assertThat(cache.lookup(HASH, false).cachedAt()).isNotNull();

        assertThat(product.calls()).isEqualTo(2);
    }

    @Test
    void forgetting_a_hosts_identifiers_drops_answers_asked_by_them_and_answers_that_name_the_host() throws Exception {
        FakeEnrichment amp = new FakeEnrichment("AMP", EnumSet.allOf(ObservableType.class),
                FakeEnrichment.after(0, Findings.host("AMP", "WKS-FIN-042", null, "10.1.2.3", "00:50:56:aa:bb:cc", null)));
        CachingEnrichment cached = new CachingEnrichment(amp,
                new CachingEnrichment.CacheSettings(Duration.ofMinutes(15), Duration.ofMinutes(2), 100), nanos::get,
                Clock.systemUTC());
        Observable ip = new Observable(ObservableType.IPV4, "10.1.2.3");
        Observable other = new Observable(ObservableType.DOMAIN, "example.com");
        cached.lookup(ip, false);
        cached.lookup(HASH, false);
        FakeEnrichment nobody = new FakeEnrichment("AMP", EnumSet.allOf(ObservableType.class),
                FakeEnrichment.after(0, Findings.finding("AMP", Disposition.CLEAN, "")));
        amp.behave(FakeEnrichment.after(0, Findings.finding("AMP", Disposition.CLEAN, "")));
        cached.lookup(other, false);

        assertThat(cached.forget(java.util.Set.of("wks-fin-042", "00:50:56:aa:bb:cc"))).isEqualTo(2);

        assertThat(cached.lookup(other, false).cachedAt()).as("an answer that does not name the host stays").isNotNull();
        assertThat(cached.lookup(ip, false).cachedAt()).as("asked by one of its identifiers").isNull();
        assertThat(cached.lookup(HASH, false).cachedAt()).as("names the host").isNull();
        assertThat(nobody.calls()).isZero();
    }
}

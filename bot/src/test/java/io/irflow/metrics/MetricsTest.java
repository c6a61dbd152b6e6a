package io.irflow.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's own rules: database-backed gauges are sampled, never read on the scrape; labels stay fixed words. */
class MetricsTest {

    @Test
    void an_outbox_backlog_is_read_at_registration_and_on_each_sample_never_by_the_scrape() {
        Metrics metrics = new Metrics();
        AtomicLong pending = new AtomicLong(3);
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean down = new AtomicBoolean();
        metrics.outbox("tickets", () -> {
            reads.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("connection is not available, request timed out after 30000ms");
            }
            return pending.get();
        });
        assertThat(reads).hasValue(1);

        pending.set(7);
        assertThat(metrics.scrape()).contains("irflow_outbox_pending{outbox=\"tickets\"} 3.0");
        assertThat(metrics.scrape()).contains("irflow_outbox_pending{outbox=\"tickets\"} 3.0");
        assertThat(reads).hasValue(1);

        metrics.sample();
        assertThat(metrics.scrape()).contains("irflow_outbox_pending{outbox=\"tickets\"} 7.0");

        down.set(true);
        metrics.sample();
        assertThat(metrics.scrape()).contains("irflow_outbox_pending{outbox=\"tickets\"} NaN")
                .doesNotContain("connection is not available");
        assertThat(reads).hasValue(3);
    }

    @Test
    void product_calls_are_labelled_by_product_and_outcome_only() {
        Metrics metrics = new Metrics();
        metrics.productCall("VirusTotal", "429", Duration.ofMillis(120));
        metrics.productCall("VirusTotal", "ok", Duration.ofMillis(80));
        metrics.productCall("VirusTotal", "ok", Duration.ofMillis(60));

        String text = metrics.scrape();
        assertThat(text).contains("irflow_product_calls_seconds_count{outcome=\"ok\",product=\"VirusTotal\"} 2",
                "irflow_product_calls_seconds_count{outcome=\"429\",product=\"VirusTotal\"} 1",
                "irflow_product_calls_seconds_bucket{outcome=\"ok\",product=\"VirusTotal\",le=\"0.1\"} 2");
    }
}

package io.irflow.metrics;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.ContainmentMetrics;
import io.irflow.contain.Outcome;
import io.irflow.webex.webhook.IntakeMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The bot's one meter registry, created once by the wiring and handed by constructor to what reports to it. Every
 * label has a fixed, small set of values (a product's name, an outcome, a containment verb, an outbox's name): no
 * host, person, room or other user input ever becomes a label, and no meter carries a secret.
 *
 * <p>Series, as Prometheus names them (README, "Operations"): {@code irflow_deliveries_received_total},
 * {@code irflow_deliveries_duplicate_total}, {@code irflow_deliveries_processed_total},
 * {@code irflow_processing_seconds}, {@code irflow_intake_backlog}, {@code irflow_intake_oldest_age_seconds},
 * {@code irflow_product_calls_seconds{product,outcome}}, {@code irflow_outbox_pending{outbox}},
 * {@code irflow_leader}, {@code irflow_containment_actions_total{action,outcome}}, plus the JVM's memory, threads,
 * CPU and uptime.
 */
public final class Metrics implements IntakeMetrics, ContainmentMetrics {
    /** The text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Histogram buckets for latencies: a webhook ack budget up to a slow product's timeout. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter received;
    private final Counter duplicates;
    private final Counter processed;
    private final Timer processing;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    /**
     * A value read from the database by {@link #sample()} on a schedule, never on the scrape: a database that hangs
     * would otherwise hold {@code /metrics} for the pool's connection timeout. NaN when the last read failed.
     */
    private static final class Sample {
        private final LongSupplier source;
        private volatile double value = Double.NaN;

        Sample(LongSupplier source) {
            this.source = source;
        }

        void refresh() {
            try {
                value = source.getAsLong();
            } catch (RuntimeException e) {
                value = Double.NaN;
            }
        }
    }

    public Metrics() {
        received = Counter.builder("irflow.deliveries.received")
                .description("Webex events offered to the intake (webhook deliveries or socket events)")
                .register(registry);
        duplicates = Counter.builder("irflow.deliveries.duplicate")
                .description("Events dropped as redeliveries of one already taken").register(registry);
        processed = Counter.builder("irflow.deliveries.processed")
                .description("Events whose handler finished, successfully or not").register(registry);
        processing = Timer.builder("irflow.processing")
                .description("From an event's hand-off to a worker to the end of its handler (queue wait included)")
                .serviceLevelObjectives(BUCKETS).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Everything, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void duplicate() {
        duplicates.increment();
    }

    @Override
    public void processed(Duration sinceQueued) {
        processed.increment();
        processing.record(sinceQueued);
    }

    /** One product call ({@code adapters.ProductCalls}): its duration by product and outcome. */
    public void productCall(String product, String outcome, Duration took) {
        Timer.builder("irflow.product.calls")
                .description("HTTP calls to a product, by outcome (ok, error, timeout, 429)")
                .tag("product", product).tag("outcome", outcome).serviceLevelObjectives(BUCKETS)
                .register(registry).record(took);
    }

    @Override
    public void acted(ContainmentKind kind, boolean undo, Outcome.Type outcome) {
        Counter.builder("irflow.containment.actions")
                .description("Containment actions that reached execution, by action and outcome")
                .tag("action", undo ? kind.undoVerb() : kind.verb()).tag("outcome", outcome.name().toLowerCase())
                .register(registry).increment();
    }

    /** The intake's backlog as read from the database: events not processed yet, and when the oldest was recorded. */
    public record Backlog(long waiting, Instant oldest) {
    }

    /**
     * The intake's backlog (shared by every instance on the database): read now and by every {@link #sample()}; the
     * scrape shows the last read, the oldest event's age counted to the scrape.
     *
     * @param backlog one query for both; {@code oldest} null when nothing waits
     * @param clock   the clock the age is counted on
     */
    public void intakeBacklog(Supplier<Backlog> backlog, Clock clock) {
        AtomicReference<Backlog> last = new AtomicReference<>();
        Sample sample = new Sample(() -> {
            Backlog b = backlog.get();
            last.set(b);
            return b.waiting();
        });
        sample.refresh();
        samples.add(sample);
        Gauge.builder("irflow.intake.backlog", () -> sample.value)
                .description("Events recorded and not processed yet, by any instance (as of the last sample)")
                .strongReference(true).register(registry);
        Gauge.builder("irflow.intake.oldest.age", () -> {
            Backlog b = last.get();
            if (b == null || Double.isNaN(sample.value)) {
                return Double.NaN;
            }
            return b.oldest() == null ? 0 : Math.max(0, Duration.between(b.oldest(), clock.instant()).toMillis() / 1e3);
        }).baseUnit("seconds").description("How long the oldest unprocessed event has waited (as of the last sample)")
                .strongReference(true).register(registry);
    }

    /**
     * An outbox's backlog: read now, then by every {@link #sample()} (a {@code COUNT(*)} of its pending rows), and the
     * scrape shows the last read.
     *
     * @param outbox  its name, a fixed word ({@code alerts}, {@code tickets})
     * @param pending how many rows wait to be sent
     */
    public void outbox(String outbox, LongSupplier pending) {
        Sample sample = new Sample(pending);
        sample.refresh();
        samples.add(sample);
        Gauge.builder("irflow.outbox.pending", () -> sample.value).tag("outbox", outbox)
                .description("Outbox rows waiting to be sent (as of the last sample)").strongReference(true)
                .register(registry);
    }

    /** Re-reads the database-backed values (the outbox backlogs); the wiring runs it on a schedule. Never throws. */
    public void sample() {
        samples.forEach(Sample::refresh);
    }

    /**
     * How many event handlers this instance may start now: every worker normally, fewer while deliveries wait longer
     * than usual for their commit (acknowledgements first, {@code webex/webhook/AckFirstGate}).
     */
    public void processingLimit(java.util.function.IntSupplier limit) {
        Gauge.builder("irflow.intake.processing.limit", limit::getAsInt)
                .description("Event handlers this instance may start now (fewer while acknowledgements are slow)")
                .strongReference(true).register(registry);
    }

    /** Whether this instance runs the pollers and the event socket: 1 when it does, 0 otherwise. */
    public void leader(BooleanSupplier leader) {
        Gauge.builder("irflow.leader", () -> leader.getAsBoolean() ? 1 : 0)
                .description("1 when this instance runs the alert pollers and the event socket").strongReference(true)
                .register(registry);
    }
}

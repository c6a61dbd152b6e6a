package io.irflow.alerts;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AlertSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Polls one source from its durable cursor and hands the batch to the pipeline. A failed poll (the product, the
 * database, a bug) is logged and keeps the cursor, so the next poll fetches the same events again; nothing escapes
 * {@link #run()}, because an exception thrown out of a task scheduled with {@code scheduleWithFixedDelay} cancels
 * every later run without a word.
 */
public final class AlertPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPoller.class);

    private final AlertSource source;
    private final AlertPipeline pipeline;
    private final AlertSourceStore sources;
    private final Clock clock;

    public AlertPoller(AlertSource source, AlertPipeline pipeline, AlertSourceStore sources, Clock clock) {
        this.source = source;
        this.pipeline = pipeline;
        this.sources = sources;
        this.clock = clock;
    }

    /** One poll (called on the source's schedule); never throws. */
    @Override
    public void run() {
        String name = source.source();
        try {
            poll(name);
        } catch (AdapterException e) {
            LOG.warn("{} poll failed: {}", name, e.getMessage());
            recordFailure(name, e.getMessage());
        } catch (Throwable e) { // a poller must outlive anything one poll throws, errors included
            LOG.error("{} poll failed; the next poll retries from the same cursor", name, e);
            recordFailure(name, "internal error (see log)");
        }
    }

    private void poll(String name) throws AdapterException {
        if (sources.paused(name)) {
            return;
        }
        AlertSource.Batch batch = source.poll(sources.cursor(name));
        pipeline.ingest(name, batch.alerts(), batch.nextCursor());
    }

    /** Notes the failure for /alerts; when the database is what failed, the log line above is all there is. */
    private void recordFailure(String name, String error) {
        try {
            sources.pollFailed(name, error, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("{}: could not record the failed poll: {}", name, e.getMessage());
        }
    }

    /** The source's name. */
    public String source() {
        return source.source();
    }
}

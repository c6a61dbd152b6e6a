package io.irflow.alerts;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AlertSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Polls one source from its durable cursor and hands the batch to the pipeline; a failed poll keeps the cursor. */
public final class AlertPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPoller.class);

    private final AlertSource source;
    private final AlertPipeline pipeline;
    private final Clock clock;

    public AlertPoller(AlertSource source, AlertPipeline pipeline, Clock clock) {
        this.source = source;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    /** One poll (called on the source's schedule). */
    @Override
    public void run() {
        AlertStore store = pipeline.store();
        String name = source.source();
        if (store.paused(name)) {
            return;
        }
        try {
            AlertSource.Batch batch = source.poll(store.cursor(name));
            pipeline.ingest(name, batch.alerts(), batch.nextCursor());
        } catch (AdapterException e) {
            LOG.warn("{} poll failed: {}", name, e.getMessage());
            store.pollFailed(name, e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            LOG.error("{} poll failed", name, e);
            store.pollFailed(name, "internal error (see log)", clock.instant());
        }
    }

    /** The source's name. */
    public String source() {
        return source.source();
    }
}

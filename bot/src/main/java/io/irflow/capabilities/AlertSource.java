package io.irflow.capabilities;

import java.util.List;

/** A product irflow polls for compromise events, resumable from a durable cursor. */
public interface AlertSource {

    /** The product name, e.g. "AMP for Endpoints". */
    String source();

    /**
     * Fetches the events after the cursor, following the product's pagination to a bound.
     *
     * @param cursor the value a previous poll returned, or null for the first poll (the source picks a sane start)
     * @return the events (possibly overlapping earlier ones; the caller de-duplicates on {@link Alert#id()}) and the
     *         cursor to resume from
     */
    Batch poll(String cursor) throws AdapterException;

    /**
     * One poll's answer.
     *
     * @param alerts     the events, oldest first
     * @param nextCursor where the next poll starts
     */
    record Batch(List<Alert> alerts, String nextCursor) {
        public Batch {
            alerts = List.copyOf(alerts);
        }
    }
}

/**
 * What {@code GET /metrics} shows: one Micrometer registry in Prometheus text format, and the meters irflow's
 * features report to through their own small interfaces (they never see Micrometer).
 */
package io.irflow.metrics;

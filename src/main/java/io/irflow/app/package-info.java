/**
 * The composition root: {@code Main}, the wiring that builds the object graph (AppWiring, IncidentWiring, SocketWiring,
 * {@code Products} — the one list of product modules — and ProductAdapters, what they provide), the HTTP server and
 * its routes, readiness, retention and the tuning knobs.
 */
package io.irflow.app;

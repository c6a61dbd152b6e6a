/**
 * The composition root: {@code Main}, the wiring that builds the object graph (AppWiring, IncidentWiring, SocketWiring,
 * ProductAdapters), the HTTP server and its routes, readiness, retention and the tuning knobs.
 */
package io.irflow.app;

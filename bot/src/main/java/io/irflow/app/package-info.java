/**
 * The composition root: {@code Main}, the wiring that builds the object graph in stages (AppWiring: Core, Features,
 * Transport, Commands; with Alerting, SocketWiring and ProductAdapters, what the modules {@code Products} lists
 * provide), the HTTP server and its routes, readiness, retention and the tuning knobs. Nothing here is feature logic.
 */
package io.irflow.app;

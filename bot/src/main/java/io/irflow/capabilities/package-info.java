/**
 * One interface per capability a product can provide (enrichment, containment, impact preview, ticketing, alert
 * source, probe, host directory) and the shared records they speak in; imports nothing else of irflow.
 */
package io.irflow.capabilities;

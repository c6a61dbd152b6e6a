/**
 * Investigation of observables: parsing and refanging input, the parallel fan-out to enrichment sources with deadlines,
 * and per-source results.
 */
package io.irflow.investigate;

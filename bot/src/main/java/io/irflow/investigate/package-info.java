/**
 * Investigation of observables: parsing and refanging input, the parallel fan-out to enrichment sources with deadlines,
 * per-source results, and which computers a typed name means ({@code HostNames}, asking the products' host
 * directories).
 */
package io.irflow.investigate;

/**
 * Host identity: per host, the identifiers the products gave irflow (host names, short names, IPs, MACs, product
 * host ids such as the AMP connector guid), so every feature can ask "which host is this identifier" and "every
 * identifier of that host". Capability-neutral, and the one store of it: containment, investigations, incidents and
 * alert threads all read and record it here.
 */
package io.irflow.hosts;

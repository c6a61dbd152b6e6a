/**
 * Host identity: per host, the identifiers the products gave irflow (host names, short names, IPs, MACs, product
 * host ids such as the AMP connector guid), so every feature can ask "which host is this identifier" and "every
 * identifier of that host". Capability-neutral: containment uses it today; alerts and incidents can join on it.
 */
package io.irflow.hosts;

/**
 * Containment: the service that confirms, approves, executes and undoes actions, single-use pending actions, the audit
 * log, the contained targets and their reconciler, who may act, and the ledger that shows irflow's containment of a
 * host on every card naming it (by any of the host's identifiers, see {@code io.irflow.hosts}).
 */
package io.irflow.contain;

/**
 * Containment: the service that confirms, approves, executes and undoes actions, single-use pending actions, the audit
 * log, the contained targets and their reconciler, and who may act.
 */
package io.irflow.contain;

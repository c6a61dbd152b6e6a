/**
 * Incidents: the record, its status and timeline, the repository, the service that opens and updates them (with their
 * Webex rooms), reports, and ServiceNow ticket sync through an outbox.
 */
package io.irflow.incidents;

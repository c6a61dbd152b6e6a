/**
 * ServiceNow: its module (the {@code servicenow} section), its config, Table API client and error mapping, and incident
 * ticketing.
 */
package io.irflow.adapters.servicenow;

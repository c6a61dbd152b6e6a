/** ServiceNow: its config, Table API client and error mapping, and incident ticketing. */
package io.irflow.adapters.servicenow;

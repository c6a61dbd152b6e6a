/** Threat Grid (Secure Malware Analytics): its config, client, and sample-based enrichment. */
package io.irflow.adapters.threatgrid;

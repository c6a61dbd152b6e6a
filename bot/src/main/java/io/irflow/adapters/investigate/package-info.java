/** Umbrella Investigate: its config, client, category catalog, and domain/IP enrichment. */
package io.irflow.adapters.investigate;

/**
 * Umbrella Investigate: its module (the {@code investigate} section), its config, client, category catalog, and
 * domain/IP enrichment.
 */
package io.irflow.adapters.investigate;

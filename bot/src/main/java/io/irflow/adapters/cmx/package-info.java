/**
 * Cisco CMX: its module (the {@code cmx} section), its config, Location API client, and the location lookup of a
 * wireless client.
 */
package io.irflow.adapters.cmx;

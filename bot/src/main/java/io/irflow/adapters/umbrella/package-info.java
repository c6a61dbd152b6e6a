/**
 * Umbrella: its module (the {@code umbrella} section), its config, the Enforcement API and destination-list clients,
 * and domain blocking.
 */
package io.irflow.adapters.umbrella;

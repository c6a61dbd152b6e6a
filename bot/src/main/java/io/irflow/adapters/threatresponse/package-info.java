/**
 * Cisco Threat Response / XDR: its module (the {@code threatresponse} section), its config, IROH client, and enrichment
 * across every configured module (verdicts, judgements, sightings).
 */
package io.irflow.adapters.threatresponse;

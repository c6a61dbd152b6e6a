/**
 * Cisco Threat Response / XDR: its config, IROH client, and enrichment across every configured module (verdicts,
 * judgements, sightings).
 */
package io.irflow.adapters.threatresponse;

/**
 * VirusTotal API v3: its module (the {@code virustotal} section), its config, client with the client-side per-minute
 * quota, and reputation enrichment.
 */
package io.irflow.adapters.virustotal;

/**
 * Cisco Cognitive Intelligence: its module (the {@code cognitive} section), its config, TAXII 1.1 client and STIX
 * parsing, and the alert source over its incidents.
 */
package io.irflow.adapters.cognitive;

/**
 * Cisco Cognitive Intelligence: its config, TAXII 1.1 client and STIX parsing, and the alert source over its incidents.
 */
package io.irflow.adapters.cognitive;

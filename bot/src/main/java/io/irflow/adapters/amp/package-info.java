/**
 * AMP for Endpoints (Cisco Secure Endpoint): its config, client, enrichment and probe, host isolation, file blocking
 * and the alert source over its event stream.
 */
package io.irflow.adapters.amp;

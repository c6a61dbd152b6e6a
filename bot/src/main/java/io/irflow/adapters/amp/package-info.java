/**
 * AMP for Endpoints (Cisco Secure Endpoint): {@code AmpModule} (the {@code amp4e} section), its config, its client,
 * and one class per capability: the enrichment and probe, host isolation, file blocking and the alert source over
 * its event stream.
 */
package io.irflow.adapters.amp;

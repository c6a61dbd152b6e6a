/**
 * Receiving Webex webhooks: signature verification over the raw body, the controller, the durable intake of both
 * modes (every event recorded in {@code webex_event} before it is acknowledged, deduplicated there, then claimed by
 * lease by the workers of any instance sharing the database), and webhook registration.
 */
package io.irflow.webex.webhook;

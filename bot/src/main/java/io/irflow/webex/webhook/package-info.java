/**
 * Receiving Webex webhooks: signature verification over the raw body, de-duplication of redelivered events, the
 * controller and intake, and webhook registration.
 */
package io.irflow.webex.webhook;

/**
 * Receiving Webex events over the device WebSocket (Mercury) instead of webhooks: device registration, the socket
 * session, catch-up after a gap and mapping activities to events.
 */
package io.irflow.webex.socket;

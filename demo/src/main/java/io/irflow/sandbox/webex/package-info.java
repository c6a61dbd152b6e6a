/**
 * Demo only: a local stand-in for the Webex API (REST, webhooks and the Mercury socket) and the server side of the chat
 * page.
 */
package io.irflow.sandbox.webex;

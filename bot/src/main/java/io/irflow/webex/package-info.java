/**
 * The bot's own channel: the Webex REST client (messages, attachment actions, rooms, people, memberships, webhooks),
 * its records and its retry rules.
 */
package io.irflow.webex;

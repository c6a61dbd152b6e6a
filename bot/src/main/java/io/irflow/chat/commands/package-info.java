/**
 * One class per command family (investigate, containment, incidents, alerts, access, help, status), each registering
 * its commands and card actions on the router.
 */
package io.irflow.chat.commands;

/**
 * The chat layer: typed requests (message, card action), the router that registers commands and actions, replies,
 * roles, and the access middleware with its stored memory (the refusal log, who was already answered or told).
 */
package io.irflow.chat;

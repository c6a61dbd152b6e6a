/** The chat layer: typed requests (message, card action), the router that registers commands and actions, replies, roles and the access middleware with its stored grants. */
package io.irflow.chat;

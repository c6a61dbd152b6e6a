/** The single configured Jackson {@code ObjectMapper} shared by Javalin, Unirest and the card renderers. */
package io.irflow.json;

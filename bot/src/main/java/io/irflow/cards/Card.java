package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Adaptive Card (version 1.3, the highest Webex renders) with the markdown fallback that notifications and
 * clients without card support show.
 *
 * @param content  the AdaptiveCard JSON object
 * @param fallback markdown shown where the card is not rendered
 */
public record Card(ObjectNode content, String fallback) {
}

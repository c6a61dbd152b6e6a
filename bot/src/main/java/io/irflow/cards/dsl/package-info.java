/**
 * Static factories for Adaptive Card 1.3 elements and the action ids shared by a card and the handler that reads its
 * submit.
 */
package io.irflow.cards.dsl;

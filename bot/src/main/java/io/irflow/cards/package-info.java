/**
 * Pure Adaptive Card renderers (no I/O): one class per card, plus the {@code Card} value, paging and Markdown escaping.
 */
package io.irflow.cards;

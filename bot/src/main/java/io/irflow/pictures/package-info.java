/**
 * Pictures irflow posts beside its cards: a located device drawn on its floor plan, and an incident's timeline as a
 * chart. Drawn with Java2D, headless, into PNG files; pure apart from image decoding and encoding in memory.
 */
package io.irflow.pictures;

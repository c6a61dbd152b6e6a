package io.irflow.capabilities;

/** A link into a product console. */
public record Link(String title, String url) {
}

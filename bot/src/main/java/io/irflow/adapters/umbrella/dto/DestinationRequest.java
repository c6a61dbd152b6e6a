package io.irflow.adapters.umbrella.dto;

/** One element of the {@code POST …/destinations} body. */
public record DestinationRequest(String destination, String comment) {
}

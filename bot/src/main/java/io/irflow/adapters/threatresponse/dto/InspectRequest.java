package io.irflow.adapters.threatresponse.dto;

/** The body of an inspect call: free text to pull observables out of. */
public record InspectRequest(String content) {
}

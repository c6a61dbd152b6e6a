package io.irflow.adapters.amp.dto;

/** The optional body of {@code POST /v1/file_lists/{guid}/files/{sha256}}. */
public record FileListItemRequest(String description) {
}

package io.irflow.adapters.virustotal.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One v3 object: file, domain, ip_address or url; {@code id} is the SHA-256 for files and URLs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VtObject(String type, String id, VtAttributes attributes) {
}

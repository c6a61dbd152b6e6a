package io.irflow.adapters.investigate.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One malicious domain seen on an IP, from {@code GET /ips/{ip}/latest_domains}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LatestDomain(@JsonProperty("id") Long id, @JsonProperty("name") String name) {
}

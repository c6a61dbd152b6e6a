package io.irflow.adapters.threatgrid.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The envelope of {@code GET /api/v2/samples/feeds/domains|ips?sample=...}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampleFeed(@JsonProperty("data") Data data) {

    /** The page of feed items. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(@JsonProperty("items") List<Item> items) {
    }

    /**
     * One network indicator; {@code domain} is confirmed by client code, {@code ip} is assumed
     * (docs/reference/threatgrid.md#sample-feeds).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(@JsonProperty("domain") String domain, @JsonProperty("ip") String ip) {
    }

    /** The items, never null. */
    public List<Item> items() {
        return data == null || data.items() == null ? List.of() : data.items().stream().filter(i -> i != null).toList();
    }
}

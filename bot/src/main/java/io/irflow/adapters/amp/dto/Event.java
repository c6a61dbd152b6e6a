package io.irflow.adapters.amp.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One item of /v1/events; {@code file} and most blocks are optional depending on the event type. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Event(Long id, Long timestamp, String date, String eventType, Long eventTypeId, String detection,
                    String detectionId, String connectorGuid, String severity, EventComputer computer,
                    EventFile file) {

    /** The computer block embedded in an event. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventComputer(String connectorGuid, String hostname, String externalIp, String user,
                                Boolean active, List<Computer.NetworkAddress> networkAddresses) {
    }

    /** The file block; file_name and file_path can be missing even when the block exists. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventFile(String disposition, String fileName, String filePath, Identity identity) {
    }

    /** File hashes; only sha256 is always present. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Identity(String sha256, String sha1, String md5) {
    }
}

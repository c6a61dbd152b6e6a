package io.irflow.adapters.amp.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A computer (connector) as returned by /v1/computers, /v1/computers/{guid} and, with only guid, hostname, active
 * and links, by /v1/computers/activity.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Computer(String connectorGuid, String hostname, Boolean active, String connectorVersion,
                       String operatingSystem, String osVersion, List<String> internalIps, String externalIp,
                       List<NetworkAddress> networkAddresses, String groupGuid, List<NamedRef> groups,
                       NamedRef policy, String lastSeen, Boolean isCompromised, Isolation isolation, String user,
                       ComputerLinks links) {

    /** One network interface; MAC or IP may be missing. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkAddress(String mac, String ip, String ipv6) {
    }

    /** A group or policy reference. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NamedRef(String guid, String name) {
    }

    /** Isolation state: {@code available} and {@code status} (not_isolated, pending_start, isolated, pending_stop). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Isolation(Boolean available, String status) {
    }

    /** API links (absolute URLs on the API host, not the console). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ComputerLinks(String computer, String trajectory, String group) {
    }
}

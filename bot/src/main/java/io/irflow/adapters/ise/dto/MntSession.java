package io.irflow.adapters.ise.dto;

import java.util.List;

/**
 * One MnT {@code <sessionParameters>} (or {@code <activeSession>}), read from XML by element name; every field may be
 * null because ISE omits elements freely.
 */
public record MntSession(String userName, String callingStationId, String framedIpAddress,
                         List<String> framedIpv6Addresses, String nasIpAddress, String nasPortId,
                         String networkDeviceName, String server, Boolean passed, Boolean failed,
                         String failureReason, String authenticationMethod, String selectedAznProfiles,
                         String identityGroup, String endpointPolicy, String postureStatus, String auditSessionId,
                         String authAcsTimestamp) {
    public MntSession {
        framedIpv6Addresses = framedIpv6Addresses == null ? List.of() : List.copyOf(framedIpv6Addresses);
    }

    /** True when the answer identifies no endpoint (ISE's "no active session" shape). */
    public boolean isEmpty() {
        return userName == null && callingStationId == null && framedIpAddress == null && auditSessionId == null;
    }
}

package io.irflow.alerts;

import java.util.List;
import java.util.Set;

/**
 * Who a host is, as the products know it: the host names, addresses and MACs an alert named plus what ISE and AMP
 * said about them. {@code known*} hold only what a product reported (an inbound alert's own claims are not in them),
 * {@code all*} add the alert's claims; {@code never_quarantine} is checked against the {@code all*} sets, so a claim
 * can only ever exclude a host, never clear one.
 *
 * @param allHostnames   lower-case host names from any side
 * @param allIps         addresses from any side
 * @param allMacs        MACs (lower-case colon form) from any side
 * @param knownHostnames host names a product reported
 * @param knownIps       addresses a product reported
 * @param targetMac      the one MAC to quarantine, or null when none or several were found
 * @param problems       lookups that failed or were ambiguous (empty when every product answered)
 */
public record HostIdentity(Set<String> allHostnames, Set<String> allIps, Set<String> allMacs, Set<String> knownHostnames,
                           Set<String> knownIps, String targetMac, List<String> problems) {
    public HostIdentity {
        allHostnames = Set.copyOf(allHostnames);
        allIps = Set.copyOf(allIps);
        allMacs = Set.copyOf(allMacs);
        knownHostnames = Set.copyOf(knownHostnames);
        knownIps = Set.copyOf(knownIps);
        problems = List.copyOf(problems);
    }
}

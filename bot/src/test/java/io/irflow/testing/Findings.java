package io.irflow.testing;

import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.capabilities.Link;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.Verdict;

import java.time.Instant;
import java.util.List;

/** Builders for findings with safe defaults. */
public final class Findings {
    private Findings() {
    }

    /** A known finding with a verdict and facts. */
    public static Finding finding(String source, Disposition d, String reason, Fact... facts) {
        return new Finding(source, true, new Verdict(d, reason), List.of(facts),
                List.of(new Link("Open in " + source, "https://console.example.com/x")), List.of(), null);
    }

    /** A host described by a source; AMP's carries its connector guid, as AMP's host lookup does. */
    public static Finding host(String source, String hostname, String user, String ip, String mac, String containment) {
        return new Finding(source, true, new Verdict(Disposition.UNKNOWN, ""), List.of(new Fact("Host", hostname)), List.of(),
                List.of(new HostDetails(hostname, List.of(ip), List.of(mac), user, "Windows 10",
                        "AMP for Endpoints".equals(source) ? HostId.ampConnector("guid-1") : null, containment,
                        Instant.parse("2026-11-27T08:00:00Z"))), null);
    }

    /** A location finding. */
    public static Finding located(String source, String where) {
        return new Finding(source, true, Verdict.unknown(), List.of(new Fact("Location", where)), List.of(), List.of(),
                new Location(where, 10.0, 20.0, "FEET", Instant.parse("2026-11-27T08:05:00Z")));
    }
}

package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.capabilities.ObservableType;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an investigation says can be contained, and how: MACs to quarantine (from any source's host details), AMP
 * connector guids to isolate (host ids of that kind, whichever source reported them), the domain to block, the hash to block. Pure; the caller decides what to offer.
 */
public final class Targets {
    private Targets() {
    }

    /**
     * One thing that can be contained.
     *
     * @param kind   the action
     * @param target what the product acts on
     * @param label  how people know it, e.g. "WKS-FIN-042 (00:50:56:a1:b2:42)"
     */
    public record Target(ContainmentKind kind, String target, String label) {
    }

    /** Every containable target in the result, for the kinds available, in a stable order. */
    public static List<Target> from(InvestigationResult result, Set<ContainmentKind> available) {
        List<Target> out = new ArrayList<>();
        ObservableType type = result.observable().type();
        String value = result.observable().value();
        if (available.contains(ContainmentKind.QUARANTINE)) {
            out.addAll(macs(result));
        }
        if (available.contains(ContainmentKind.ISOLATE)) {
            out.addAll(ampComputers(result));
        }
        if (available.contains(ContainmentKind.BLOCK_DOMAIN) && (type == ObservableType.DOMAIN || type == ObservableType.URL)) {
            String domain = type == ObservableType.DOMAIN ? value : hostOf(value);
            if (domain != null) {
                out.add(new Target(ContainmentKind.BLOCK_DOMAIN, domain, domain));
            }
        }
        if (available.contains(ContainmentKind.BLOCK_HASH) && type == ObservableType.SHA256) {
            out.add(new Target(ContainmentKind.BLOCK_HASH, value, value));
        }
        return out;
    }

    /** Distinct MACs of the hosts the sources describe, labelled with the host name. */
    static List<Target> macs(InvestigationResult result) {
        Map<String, String> byMac = new LinkedHashMap<>();
        for (HostDetails h : hosts(result)) {
            for (String mac : h.macs()) {
                if (mac != null && mac.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
                    byMac.merge(mac, label(h.hostname(), mac), (a, b) -> a.startsWith(mac) ? b : a);
                }
            }
        }
        return byMac.entrySet().stream().map(e -> new Target(ContainmentKind.QUARANTINE, e.getKey(), e.getValue())).toList();
    }

    /** AMP computers: the hosts whose id is an AMP connector guid. */
    static List<Target> ampComputers(InvestigationResult result) {
        Map<String, String> byGuid = new LinkedHashMap<>();
        for (HostDetails h : hosts(result)) {
            if (h.id() != null && h.id().is(HostId.Kind.AMP_CONNECTOR)) {
                byGuid.putIfAbsent(h.id().value(), h.hostname() == null ? h.id().value() : h.hostname());
            }
        }
        return byGuid.entrySet().stream().map(e -> new Target(ContainmentKind.ISOLATE, e.getKey(), e.getValue())).toList();
    }

    private static List<HostDetails> hosts(InvestigationResult result) {
        List<HostDetails> hosts = new ArrayList<>();
        for (SourceResult r : result.results()) {
            if (r.status() == SourceStatus.FOUND && r.finding() != null) {
                hosts.addAll(r.finding().hosts());
            }
        }
        return hosts;
    }

    private static String label(String hostname, String mac) {
        return hostname == null || hostname.isBlank() ? mac : hostname + " (" + mac + ")";
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.irflow.adapters.threatresponse;

import io.irflow.adapters.threatresponse.dto.ObservedTime;
import io.irflow.adapters.threatresponse.dto.SightingDoc;
import io.irflow.adapters.threatresponse.dto.Target;
import io.irflow.adapters.threatresponse.dto.TrObservable;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Collects the hosts (sighting targets) that saw an observable, de-duplicated across sightings and modules. */
final class SightedHosts {
    private static final int MAX_HOSTS = 20;

    private final Map<String, Host> byKey = new LinkedHashMap<>();

    /** Adds every target of a sighting. */
    void add(SightingDoc sighting) {
        if (sighting.targets() == null) {
            return;
        }
        for (Target target : sighting.targets()) {
            if (target != null && target.observables() != null) {
                add(target);
            }
        }
    }

    /** The hosts seen, at most {@value #MAX_HOSTS}. */
    List<HostDetails> hosts() {
        return byKey.values().stream().limit(MAX_HOSTS).map(Host::toDetails).toList();
    }

    /** How many distinct hosts were seen. */
    int count() {
        return byKey.size();
    }

    private void add(Target target) {
        Host seen = new Host();
        for (TrObservable o : target.observables()) {
            if (o == null || o.type() == null || o.value() == null || o.value().isBlank()) {
                continue;
            }
            switch (o.type()) {
                case "hostname" -> seen.hostname = seen.hostname == null ? o.value() : seen.hostname;
                case "ip", "ipv6" -> seen.ips.add(o.value());
                case "mac_address" -> seen.macs.add(o.value().toLowerCase(Locale.ROOT));
                case "amp_computer_guid", "ms_machine_id" -> seen.productId = o.value();
                default -> {
                    // other target observables (user, device ids of other vendors) are not shown
                }
            }
        }
        seen.os = target.os();
        seen.lastSeen = latest(target.observedTime());
        String key = seen.key();
        if (key != null) {
            byKey.merge(key, seen, Host::merge);
        }
    }

    private static Instant latest(ObservedTime time) {
        if (time == null) {
            return null;
        }
        Instant end = instant(time.endTime());
        return end != null ? end : instant(time.startTime());
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A host being assembled from one or more targets. */
    private static final class Host {
        private String hostname;
        private final Set<String> ips = new LinkedHashSet<>();
        private final Set<String> macs = new LinkedHashSet<>();
        private String productId;
        private String os;
        private Instant lastSeen;

        String key() {
            if (hostname != null) {
                return "h:" + hostname.toLowerCase(Locale.ROOT);
            }
            if (productId != null) {
                return "p:" + productId;
            }
            return ips.isEmpty() ? (macs.isEmpty() ? null : "m:" + macs.iterator().next()) : "i:" + ips.iterator().next();
        }

        Host merge(Host other) {
            ips.addAll(other.ips);
            macs.addAll(other.macs);
            productId = productId != null ? productId : other.productId;
            os = os != null ? os : other.os;
            if (lastSeen == null || (other.lastSeen != null && other.lastSeen.isAfter(lastSeen))) {
                lastSeen = other.lastSeen;
            }
            return this;
        }

        HostDetails toDetails() {
            return new HostDetails(hostname, new ArrayList<>(ips), new ArrayList<>(macs), null, os,
                    productId == null ? null : new HostId(HostId.Kind.SIGHTING_TARGET, productId), null,
                    lastSeen);
        }
    }
}

package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.Computer;
import io.irflow.adapters.amp.dto.Computer.NetworkAddress;
import io.irflow.adapters.amp.dto.Event;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Maps AMP computers to our host records and short text, tolerating every optional field being absent. */
final class ComputerView {
    private ComputerView() {
    }

    /**
     * Keeps the computers whose hostname is the one asked for: exact (case-insensitive) matches first, else the same
     * first DNS label when either side is a short name. AMP's hostname[] search is not exact
     * (docs/reference/amp.md#computers).
     *
     * @return the matches, or an empty list when none of AMP's hits really match
     */
    static List<Computer> matchingHostname(List<Computer> hits, String asked) {
        String wanted = asked.trim().toLowerCase(Locale.ROOT);
        List<Computer> exact = hits.stream()
                .filter(c -> c.hostname() != null && c.hostname().trim().equalsIgnoreCase(wanted)).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        return hits.stream().filter(c -> c.hostname() != null).filter(c -> {
            String name = c.hostname().trim().toLowerCase(Locale.ROOT);
            boolean oneIsShort = !name.contains(".") || !wanted.contains(".");
            return oneIsShort && firstLabel(name).equals(firstLabel(wanted));
        }).toList();
    }

    /** The host record for a computer; the user falls back to the newest event's user on that computer. */
    static HostDetails host(Computer c, String askedIp, List<Event> events) {
        return new HostDetails(c.hostname(), ips(c), macs(c, askedIp), user(c, events), os(c), guid(c.connectorGuid()),
                c.isolation() == null ? null : c.isolation().status(), instant(c.lastSeen()), groups(c));
    }

    /** The computer's groups ({@code groups[]} with names, else its bare {@code group_guid}). */
    static List<HostDetails.Group> groups(Computer c) {
        List<HostDetails.Group> out = new ArrayList<>();
        if (c.groups() != null) {
            c.groups().stream().filter(g -> g != null && (g.guid() != null || g.name() != null))
                    .forEach(g -> out.add(new HostDetails.Group(g.guid(), g.name())));
        }
        if (c.groupGuid() != null && out.stream().noneMatch(g -> c.groupGuid().equalsIgnoreCase(g.guid()))) {
            out.add(new HostDetails.Group(c.groupGuid(), null));
        }
        return out;
    }

    /** The minimal host record for an activity hit or an event's computer. */
    static HostDetails brief(String hostname, String connectorGuid, List<String> ips, List<String> macs, String user) {
        return new HostDetails(hostname, ips, macs, user, null, guid(connectorGuid), null, null);
    }

    /** A connector guid as a typed host id; none when AMP gave none. */
    private static HostId guid(String connectorGuid) {
        return connectorGuid == null ? null : HostId.ampConnector(connectorGuid);
    }

    /** "7.5.3.20938, Triage, not_isolated, last seen 2022-03-31T17:46:01Z" for one-line host facts. */
    static String summary(Computer c) {
        List<String> parts = new ArrayList<>();
        if (c.connectorVersion() != null) {
            parts.add("connector " + c.connectorVersion());
        }
        if (group(c) != null) {
            parts.add("group " + group(c));
        }
        if (isolation(c) != null) {
            parts.add(isolation(c));
        }
        if (c.lastSeen() != null) {
            parts.add("last seen " + c.lastSeen());
        }
        return parts.isEmpty() ? "no details" : String.join(", ", parts);
    }

    /** Group names, else the group guid, or null. */
    static String group(Computer c) {
        if (c.groups() != null && !c.groups().isEmpty()) {
            String names = c.groups().stream().filter(Objects::nonNull)
                    .map(g -> g.name() != null ? g.name() : g.guid()).filter(Objects::nonNull)
                    .collect(Collectors.joining(", "));
            if (!names.isEmpty()) {
                return names;
            }
        }
        return c.groupGuid();
    }

    /** "isolated", or "not_isolated (isolation not available)", or null. */
    static String isolation(Computer c) {
        if (c.isolation() == null || c.isolation().status() == null) {
            return null;
        }
        boolean unavailable = Boolean.FALSE.equals(c.isolation().available());
        return c.isolation().status() + (unavailable ? " (isolation not available)" : "");
    }

    /** Internal, interface and external addresses, trimmed and de-duplicated (AMP data has stray spaces). */
    static List<String> ips(Computer c) {
        Set<String> ips = new LinkedHashSet<>();
        if (c.internalIps() != null) {
            c.internalIps().forEach(ip -> add(ips, ip));
        }
        if (c.networkAddresses() != null) {
            for (NetworkAddress a : c.networkAddresses()) {
                if (a != null) {
                    add(ips, a.ip());
                    add(ips, a.ipv6());
                }
            }
        }
        add(ips, c.externalIp());
        return List.copyOf(ips);
    }

    /** Whether the computer has this address (internal, interface or external). */
    static boolean hasIp(Computer c, String ip) {
        return ips(c).stream().anyMatch(x -> x.equalsIgnoreCase(ip));
    }

    /**
     * MACs in lower-case colon form; the interface carrying the asked IP comes first (docs/reference/amp.md#computers).
     */
    static List<String> macs(List<NetworkAddress> addresses, String askedIp) {
        Set<String> macs = new LinkedHashSet<>();
        if (addresses == null) {
            return List.of();
        }
        addresses.stream().filter(Objects::nonNull)
                .filter(a -> askedIp != null && (askedIp.equalsIgnoreCase(trim(a.ip())) || askedIp.equalsIgnoreCase(trim(a.ipv6()))))
                .forEach(a -> add(macs, normaliseMac(a.mac())));
        addresses.stream().filter(Objects::nonNull).forEach(a -> add(macs, normaliseMac(a.mac())));
        return List.copyOf(macs);
    }

    private static List<String> macs(Computer c, String askedIp) {
        return macs(c.networkAddresses(), askedIp);
    }

    /** "aa:bb:cc:dd:ee:ff" from colon, dash, dot or bare forms; null when it is not a 48-bit MAC. */
    static String normaliseMac(String mac) {
        if (mac == null) {
            return null;
        }
        String hex = mac.trim().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
        if (hex.length() != 12) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            s.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return s.toString();
    }

    /** Parses AMP's ISO-8601 times ("Z" or "+00:00"); null when missing or unreadable. */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String os(Computer c) {
        if (c.operatingSystem() == null) {
            return null;
        }
        return c.osVersion() == null ? c.operatingSystem() : c.operatingSystem() + " (" + c.osVersion() + ")";
    }

    private static String user(Computer c, List<Event> events) {
        if (c.user() != null && !c.user().isBlank()) {
            return c.user();
        }
        return events.stream()
                .filter(e -> e.computer() != null && e.computer().user() != null)
                .filter(e -> Objects.equals(ThreatEvents.connectorGuid(e), c.connectorGuid()))
                .map(e -> e.computer().user()).findFirst().orElse(null);
    }

    private static String firstLabel(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static void add(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value.trim());
        }
    }
}

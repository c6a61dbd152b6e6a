package io.irflow.cards;

import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.ObservableType;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host line of an investigation card: which host (as the products spell it), its user once, where it is, and its
 * containment state in words, irflow's own actions first. Also remembers every value it shows, so the Details below
 * do not repeat them. Pure.
 *
 * @param facts escaped title/value rows, in order (empty when the sources describe no host and nothing is held)
 * @param shown {@link ProductText#key}s of the raw values shown, for leaving them out of the Details
 */
record HostLine(Map<String, String> facts, Set<String> shown) {
    static final int MAX_HOSTS = 5;
    private static final int MAX_VALUE = 300;
    /** Addresses shown on the front: the first two the products list (internal first), link-local IPv6 left out. */
    private static final int MAX_IPS = 2;

    /** The host line for a result, with what irflow holds contained on it. */
    static HostLine of(InvestigationResult result, List<ContainedTargetStore.Row> held, Words words) {
        List<HostDetails> hosts = new ArrayList<>();
        List<String> states = new ArrayList<>();
        Location location = null;
        for (SourceResult r : result.results()) {
            if (r.finding() == null || r.status() != SourceStatus.FOUND) {
                continue;
            }
            for (HostDetails h : r.finding().hosts()) {
                hosts.add(h);
                if (h.containment() != null && !h.containment().isBlank()) {
                    String state = state(h.containment()) + " (" + r.source() + ")";
                    if (!states.contains(state)) {
                        states.add(state);
                    }
                }
            }
            if (location == null) {
                location = r.finding().location();
            }
        }
        Set<String> shown = new HashSet<>();
        Map<String, String> facts = new LinkedHashMap<>();
        if (hosts.isEmpty() && location == null && held.isEmpty()) {
            return new HostLine(facts, shown);
        }
        String subject = result.observable().value();
        List<String> names = names(hosts);
        names.forEach(n -> shown.add(ProductText.key(n)));
        ObservableType type = result.observable().type();
        boolean hostCard = type == ObservableType.HOSTNAME;
        // on a domain, URL or hash card the hosts are where it was seen, not what the card is about
        boolean aboutHost = hostCard || type == ObservableType.IPV4 || type == ObservableType.IPV6
                || type == ObservableType.MAC;
        List<String> address = new ArrayList<>();
        if (!hostCard && !names.isEmpty()) {
            address.add(String.join(", ", names.stream().limit(MAX_HOSTS).toList())
                    + (names.size() > MAX_HOSTS ? " and " + (names.size() - MAX_HOSTS) + " more" : ""));
        }
        if (names.size() <= 1) {
            hosts.stream().flatMap(h -> h.ips().stream()).filter(ip -> !ip.toLowerCase().startsWith("fe80"))
                    .distinct().limit(MAX_IPS).forEach(address::add);
            hosts.stream().flatMap(h -> h.macs().stream()).distinct().limit(MAX_HOSTS).forEach(address::add);
            // "Windows 10", not "Windows 10 (10.0.19045.3693)": the build is for the Details, not the host line
            hosts.stream().map(HostDetails::os).filter(o -> o != null && !o.isBlank()).findFirst()
                    .map(o -> o.replaceFirst(" \\([^)]*\\)$", "")).ifPresent(address::add);
        }
        address.removeIf(a -> a.equalsIgnoreCase(subject));
        address.forEach(a -> shown.add(ProductText.key(a)));
        if (!address.isEmpty()) {
            facts.put(!aboutHost ? "Seen on" : names.size() > 1 ? "Hosts" : hostCard ? "Address" : "Host",
                    Markdown.escape(String.join(" · ", address), MAX_VALUE));
        }
        List<String> users = users(hosts, shown);
        if (!users.isEmpty()) {
            facts.put(users.size() > 1 ? "Users" : "User", Markdown.escape(String.join(", ", users), MAX_VALUE));
        }
        if (location != null && location.mapHierarchy() != null && !location.mapHierarchy().isBlank()) {
            shown.add(ProductText.key(location.mapHierarchy()));
            facts.put("Where", Markdown.escape(location.mapHierarchy(), MAX_VALUE)
                    + (location.lastLocated() == null ? "" : ", seen " + words.time(location.lastLocated())));
        }
        hosts.stream().map(HostDetails::containment).filter(c -> c != null && !c.isBlank())
                .forEach(c -> shown.add(ProductText.key(c)));
        if (aboutHost || !held.isEmpty() || !states.isEmpty()) {
            facts.put("Containment", containment(held, states, words, subject));
        }
        return new HostLine(facts, shown);
    }

    /**
     * The observable as the products spell it: a host name the products report in capitals ("WKS-FIN-042") is
     * shown so, not as the lower-cased text irflow normalised it to.
     */
    static String spelled(InvestigationResult result) {
        String value = result.observable().value();
        ObservableType type = result.observable().type();
        if (type != ObservableType.HOSTNAME && type != ObservableType.DOMAIN) {
            return value;
        }
        String prefixed = null;
        for (SourceResult r : result.results()) {
            if (r.finding() == null || r.status() != SourceStatus.FOUND) {
                continue;
            }
            for (HostDetails h : r.finding().hosts()) {
                String n = h.hostname();
                if (n == null) {
                    continue;
                }
                if (n.equalsIgnoreCase(value)) {
                    return n;
                }
                if (prefixed == null && n.length() > value.length() && n.charAt(value.length()) == '.'
                        && n.regionMatches(true, 0, value, 0, value.length())) {
                    prefixed = n.substring(0, value.length());
                }
            }
        }
        return prefixed != null ? prefixed : value;
    }

    private static String containment(List<ContainedTargetStore.Row> held, List<String> states, Words words,
                                      String subject) {
        List<String> parts = new ArrayList<>();
        for (ContainedTargetStore.Row r : held.stream().limit(MAX_HOSTS).toList()) {
            boolean named = held.size() > 1 || !r.targetLabel().toLowerCase().startsWith(subject.toLowerCase());
            parts.add(held(r, named, words));
        }
        if (parts.isEmpty() && states.isEmpty()) {
            return "not isolated or quarantined as far as the sources know";
        }
        parts.addAll(states);
        return Markdown.escape(String.join(" · ", parts), MAX_VALUE * 2);
    }

    /** A raw state ("not_isolated", "isolated") as words; a product's own phrasing ("ANC: Quarantine") as given. */
    static String state(String raw) {
        String s = raw.strip();
        return s.contains("_") || s.equals(s.toLowerCase()) ? Words.state(s) : s;
    }

    /**
     * "Quarantined by alice@acme.example via ISE, 06:26 UTC (3 min ago)", with ", until 10:26 UTC (in 4 h), then
     * undone by irflow" when it has an expiry, and " · ⚠️ but released outside irflow (ISE reports no ANC
     * policy), found 07:26 UTC (…)" when the periodic re-check found the product no longer showing it; naming the
     * target when asked; raw.
     */
    static String held(ContainedTargetStore.Row r, boolean named, Words words) {
        String done = capitalize(ContainmentCards.pastTense(r.kind().verb().split(" ")[0]));
        return done + (named ? " " + r.targetLabel() : "")
                + " by " + r.containedBy() + " via " + r.product() + ", " + words.time(r.since())
                + (r.expiresAt() == null ? "" : ", until " + words.absolute(r.expiresAt()) + " ("
                + words.until(r.expiresAt()) + "), then undone by irflow")
                + (r.drift() == null ? "" : " · ⚠️ but " + r.drift() + ", found " + words.time(r.driftAt()));
    }

    /** Host names once each (case-insensitively), in the spelling the first product used. */
    private static List<String> names(List<HostDetails> hosts) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (HostDetails h : hosts) {
            if (h.hostname() != null && !h.hostname().isBlank()) {
                byKey.putIfAbsent(ProductText.key(h.hostname()), h.hostname().strip());
            }
        }
        // "WKS-0042" and "WKS-0042.corp.example.com" are one computer; two FQDNs alike in their first label are not
        byKey.keySet().removeIf(k -> !k.contains(".") && byKey.keySet().stream().anyMatch(o -> o.startsWith(k + ".")));
        return new ArrayList<>(byKey.values());
    }

    /**
     * Users once each: "jdoe@WKS-FIN-042", "ACME\jdoe" and "jdoe" are one person, shown as the directory account
     * ("ACME\jdoe") when a product gives it; every variant counts as shown.
     */
    private static List<String> users(List<HostDetails> hosts, Set<String> shown) {
        Map<String, String> byPerson = new LinkedHashMap<>();
        for (HostDetails h : hosts) {
            String u = h.user();
            if (u == null || u.isBlank()) {
                continue;
            }
            u = u.strip();
            shown.add(ProductText.key(u));
            String person = bare(u);
            String current = byPerson.get(person);
            if (current == null || rank(u) > rank(current)) {
                byPerson.put(person, u);
            }
        }
        return byPerson.values().stream().limit(MAX_HOSTS).toList();
    }

    private static String bare(String user) {
        String u = user.contains("\\") ? user.substring(user.lastIndexOf('\\') + 1) : user;
        return ProductText.key(u.contains("@") ? u.substring(0, u.indexOf('@')) : u);
    }

    /** Directory account over bare name over "user@host". */
    private static int rank(String user) {
        return user.contains("\\") ? 2 : user.contains("@") ? 0 : 1;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

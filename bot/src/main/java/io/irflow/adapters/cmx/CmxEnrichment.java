package io.irflow.adapters.cmx;

import io.irflow.adapters.cmx.dto.CmxClientLocation;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Verdict;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cisco CMX as a location source: where a wireless client was last located.
 * <p>Operations: Location API v2 client search by MAC, IPv4 and (through {@link #locateUser}) user name, plus a count
 * call as probe. Inputs: MAC, IPv4. CMX does not judge, so the verdict is always UNKNOWN. When several clients match,
 * the most recently located one is reported. Config: {@link CmxConfig} (base URL, API user and password).
 */
public final class CmxEnrichment implements Enrichment, Probe, AutoCloseable {
    public static final String SOURCE = "CMX";
    /** CMX writes offsets without a colon ({@code +0000}); ISO offsets are accepted too. */
    private static final DateTimeFormatter CMX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]Z");
    private static final Comparator<CmxClientLocation> NEWEST_FIRST =
            Comparator.comparing(CmxEnrichment::located, Comparator.nullsLast(Comparator.reverseOrder()));

    private final CmxClient client;

    public CmxEnrichment(CmxConfig config) {
        this.client = new CmxClient(config);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public boolean supports(ObservableType type) {
        return type == ObservableType.MAC || type == ObservableType.IPV4;
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        List<CmxClientLocation> found = switch (observable.type()) {
            case MAC -> client.byMac(observable.value().toLowerCase(Locale.ROOT));
            case IPV4 -> client.byIp(observable.value());
            default -> List.of();
        };
        Optional<CmxClientLocation> newest = newest(found);
        if (newest.isEmpty()) {
            return Finding.nothingKnown(SOURCE);
        }
        CmxClientLocation c = newest.get();
        Location location = location(c);
        HostDetails host = new HostDetails(null, c.ipAddress(),
                c.macAddress() == null ? List.of() : List.of(c.macAddress().toLowerCase(Locale.ROOT)),
                blankToNull(c.userName()), null, null, null, location.lastLocated());
        return new Finding(SOURCE, true, Verdict.unknown(), facts(c, location, found.size()), List.of(),
                List.of(host), location);
    }

    /**
     * Where the most recently located device of a user is; user names come from the WLC/AD and may need the
     * {@code DOMAIN\\user} form. Empty when CMX knows no client for that name.
     */
    public Optional<Location> locateUser(String username) throws AdapterException {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return newest(client.byUsername(username.trim())).map(CmxEnrichment::location);
    }

    /** Calls the client count. */
    @Override
    public void probe() throws AdapterException {
        client.count();
    }

    private static Optional<CmxClientLocation> newest(List<CmxClientLocation> found) {
        return found.stream().sorted(NEWEST_FIRST).findFirst();
    }

    private static Location location(CmxClientLocation c) {
        String hierarchy = c.mapInfo() == null ? null : readable(c.mapInfo().mapHierarchyString());
        var coord = c.mapCoordinate();
        return new Location(hierarchy, coord == null ? null : coord.x(), coord == null ? null : coord.y(),
                coord == null ? null : coord.unit(), located(c), floor(c.mapInfo()), c.confidenceFactor());
    }

    /**
     * The floor of a v2 {@code mapInfo}: the first three segments of {@code Campus>Building>Floor[>Zone]}, as CMX
     * spells them (they name the floor in the maps API), with the size and image name when given. Null with fewer
     * segments.
     */
    static Location.Floor floor(CmxClientLocation.MapInfo m) {
        if (m == null || m.mapHierarchyString() == null) {
            return null;
        }
        String[] parts = m.mapHierarchyString().split(">");
        if (parts.length < 3 || Arrays.stream(parts).limit(3).anyMatch(String::isBlank)) {
            return null;
        }
        var d = m.floorDimension();
        return new Location.Floor(parts[0], parts[1], parts[2], d == null ? null : d.width(),
                d == null ? null : d.length(), m.image() == null ? null : blankToNull(m.image().imageName()));
    }

    private static List<Fact> facts(CmxClientLocation c, Location loc, int matches) {
        List<Fact> facts = new ArrayList<>();
        add(facts, "Location", loc.mapHierarchy());
        add(facts, "Position", position(loc, c.confidenceFactor()));
        add(facts, "SSID", c.ssId());
        add(facts, "AP", c.apMacAddress());
        add(facts, "Manufacturer", c.manufacturer());
        add(facts, "Status", c.dot11Status());
        add(facts, "User", c.userName());
        if (matches > 1) {
            facts.add(new Fact("Other devices", (matches - 1) + " more matched; showing the most recently located"));
        }
        return facts;
    }

    /** "19.5, 74.1 ft (±160 ft, approximate)"; CMX calls the confidence factor the 95 % radius, so say approximate. */
    private static String position(Location loc, Double confidence) {
        if (loc.x() == null || loc.y() == null) {
            return null;
        }
        String unit = unit(loc.unit());
        String text = number(loc.x()) + ", " + number(loc.y()) + (unit.isEmpty() ? "" : " " + unit);
        return confidence == null ? text : text + " (±" + number(confidence) + (unit.isEmpty() ? "" : " " + unit)
                + ", approximate)";
    }

    /** "Campus>Building>Floor[>Zone]" as "Campus > Building > Floor > Zone", empty segments dropped. */
    private static String readable(String hierarchy) {
        if (hierarchy == null || hierarchy.isBlank()) {
            return null;
        }
        return Arrays.stream(hierarchy.split(">")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(" > "));
    }

    private static Instant located(CmxClientLocation c) {
        String iso = c.statistics() == null ? null : c.statistics().lastLocatedTime();
        if (iso != null) {
            try {
                return OffsetDateTime.parse(iso, CMX_TIME).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(iso).toInstant();
                } catch (DateTimeParseException ignored) {
                    // fall back to changedOn
                }
            }
        }
        return c.changedOn() == null ? null : Instant.ofEpochMilli(c.changedOn());
    }

    private static String unit(String unit) {
        if (unit == null) {
            return "";
        }
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "FEET" -> "ft";
            case "METER", "METERS" -> "m";
            default -> unit.toLowerCase(Locale.ROOT);
        };
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(Math.round(d * 10) / 10.0);
    }

    private static void add(List<Fact> facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new Fact(title, value));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() {
        client.close();
    }
}

package io.irflow.adapters;

import io.irflow.capabilities.AlertSource;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.FloorMaps;
import io.irflow.capabilities.HostDirectory;
import io.irflow.capabilities.ObservableExtraction;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Ticketing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the enabled modules provide, collected in card order: each module adds its capabilities, and everything it
 * adds is closed on shutdown.
 */
public final class ProductCapabilities {
    private final List<Enrichment> enrichments = new ArrayList<>();
    private final List<Probe> probes = new ArrayList<>();
    private final List<String> notConfigured = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<ContainmentKind, Containment> containments = new EnumMap<>(ContainmentKind.class);
    private final Map<ContainmentKind, String> containmentDetails = new EnumMap<>(ContainmentKind.class);
    private final List<Polled> alertSources = new ArrayList<>();
    private final List<HostDirectory> hostDirectories = new ArrayList<>();
    private ObservableExtraction extraction;
    private Ticketing ticketing;
    private FloorMaps floorMaps;

    /** An alert source with its poll interval. */
    public record Polled(AlertSource source, Duration every) {
    }

    /** A read-only source for the investigation card, also probed by {@code /status}. */
    public <T extends Enrichment & Probe & AutoCloseable> void enrichment(T source) {
        enrichments.add(source);
        probes.add(source);
        closeables.add(source);
    }

    /** A containment action, with the product setting confirmations state (e.g. the ANC policy). */
    public <T extends Containment & AutoCloseable> void containment(T action, String detail) {
        containments.put(action.kind(), action);
        containmentDetails.put(action.kind(), detail);
        closeables.add(action);
    }

    /** A product polled for alerts every {@code every}. */
    public <T extends AlertSource & AutoCloseable> void alertSource(T source, Duration every) {
        alertSources.add(new Polled(source, every));
        closeables.add(source);
    }

    /** The ticketing system for incidents; it is probed by {@code /status}. */
    public <T extends Ticketing & Probe & AutoCloseable> void ticketing(T system) {
        ticketing = system;
        probes.add(system);
        closeables.add(system);
    }

    /** A product that lists computers by name, for host names typed in chat. */
    public <T extends HostDirectory & AutoCloseable> void hostDirectory(T directory) {
        hostDirectories.add(directory);
        closeables.add(directory);
    }

    /** The product that serves floor plans for located devices. */
    public <T extends FloorMaps & AutoCloseable> void floorMaps(T maps) {
        floorMaps = maps;
        closeables.add(maps);
    }

    /** The floor plans, or null when no product serves them. */
    public FloorMaps floorMaps() {
        return floorMaps;
    }

    /** The products that list computers by name. */
    public List<HostDirectory> hostDirectories() {
        return List.copyOf(hostDirectories);
    }

    /** The observable extraction {@code /investigate} uses on free text. */
    public void extraction(ObservableExtraction inspect) {
        extraction = inspect;
    }

    /** A source the card names as not configured. */
    public void notConfigured(String sourceName) {
        notConfigured.add(sourceName);
    }

    /** The card's sources, in card order. */
    public List<Enrichment> enrichments() {
        return List.copyOf(enrichments);
    }

    /** What {@code /status} checks: each enrichment, then ticketing. */
    public List<Probe> probes() {
        return List.copyOf(probes);
    }

    /** The sources the card names as not configured, in card order. */
    public List<String> notConfigured() {
        return List.copyOf(notConfigured);
    }

    /** Everything added, to close on shutdown. */
    public List<AutoCloseable> closeables() {
        return List.copyOf(closeables);
    }

    /** The containment actions, by kind. */
    public Map<ContainmentKind, Containment> containments() {
        return new EnumMap<>(containments);
    }

    /** Per containment kind, the product setting confirmations state. */
    public Map<ContainmentKind, String> containmentDetails() {
        return new EnumMap<>(containmentDetails);
    }

    /** The alert sources with their poll intervals. */
    public List<Polled> alertSources() {
        return List.copyOf(alertSources);
    }

    /** Threat Response's inspect, or null. */
    public ObservableExtraction extraction() {
        return extraction;
    }

    /** The ticketing system, or null. */
    public Ticketing ticketing() {
        return ticketing;
    }
}

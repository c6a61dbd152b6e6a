package io.irflow.app;

import io.irflow.adapters.ProductCalls;
import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.capabilities.AlertSource;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.FloorMaps;
import io.irflow.capabilities.HostDirectory;
import io.irflow.capabilities.ObservableExtraction;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Ticketing;
import io.irflow.config.AppConfig;
import io.irflow.config.ProductSettings;
import io.irflow.net.Outbound;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the enabled product modules provide ({@link Products}), in card order, and the sources not configured.
 *
 * @param enrichments   configured sources, in the order the card shows them
 * @param probes        one reachability check per configured product
 * @param notConfigured display names of products without config
 * @param extraction    Threat Response's inspect, or null
 * @param containments  the containment actions the config enables
 * @param containmentDetails per action, the product setting to state on confirmations (e.g. the ANC policy)
 * @param alertSources  the products polled for alerts, each with its interval
 * @param ticketing     ServiceNow for incidents, or null
 * @param closeables    everything to close on shutdown
 * @param hostDirectories the products that list computers by name (AMP), for host names typed in chat
 * @param floorMaps     the product that serves floor plans (CMX), or null
 */
public record ProductAdapters(List<Enrichment> enrichments, List<Probe> probes, List<String> notConfigured,
                              ObservableExtraction extraction, Map<ContainmentKind, Containment> containments,
                              Map<ContainmentKind, String> containmentDetails, List<ScheduledSource> alertSources,
                              Ticketing ticketing, List<AutoCloseable> closeables,
                              List<HostDirectory> hostDirectories, FloorMaps floorMaps)
        implements AutoCloseable {
    /** Builds what the config enables, through the outbound path of its {@code http} section, unmeasured. */
    public static ProductAdapters from(AppConfig cfg) {
        return from(cfg, Outbound.from(cfg.http()), ProductCalls.NONE);
    }

    /**
     * Builds what the config enables; every product client goes out through {@code out} and reports each call to
     * {@code calls}.
     */
    public static ProductAdapters from(AppConfig cfg, Outbound out, ProductCalls calls) {
        ProductCapabilities caps = new ProductCapabilities();
        ProductContext context = new ProductContext(cfg, out, Clock.systemUTC(), calls);
        for (ProductModule<?> module : Products.inCardOrder()) {
            ProductSettings settings = cfg.products().get(module.section());
            if (settings != null && settings.enabled()) {
                module.provide(settings, context, caps);
            } else if (module.sourceName() != null) {
                caps.notConfigured(module.sourceName());
            }
        }
        List<ScheduledSource> alertSources = caps.alertSources().stream()
                .map(p -> new ScheduledSource(p.source(), p.every())).toList();
        return new ProductAdapters(caps.enrichments(), caps.probes(), caps.notConfigured(), caps.extraction(),
                caps.containments(), caps.containmentDetails(), alertSources, caps.ticketing(), caps.closeables(),
                caps.hostDirectories(), caps.floorMaps());
    }

    /** An alert source with its poll interval. */
    public record ScheduledSource(AlertSource source, java.time.Duration every) {
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing HTTP clients on shutdown; nothing to do about a failure
            }
        }
    }
}

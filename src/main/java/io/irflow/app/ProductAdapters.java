package io.irflow.app;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.amp.AmpAdapter;
import io.irflow.adapters.amp.AmpAlertSource;
import io.irflow.adapters.cognitive.CognitiveAlertSource;
import io.irflow.adapters.cognitive.CognitiveConfig;
import io.irflow.adapters.amp.AmpConfig;
import io.irflow.adapters.amp.AmpEventTypes;
import io.irflow.adapters.amp.AmpFileBlocking;
import io.irflow.adapters.amp.AmpFileBlockingConfig;
import io.irflow.adapters.amp.AmpIsolation;
import io.irflow.adapters.ise.IseQuarantine;
import io.irflow.adapters.umbrella.UmbrellaBlocking;
import io.irflow.adapters.umbrella.UmbrellaConfig;
import io.irflow.adapters.amp.AmpRegion;
import io.irflow.adapters.cmx.CmxAdapter;
import io.irflow.adapters.cmx.CmxConfig;
import io.irflow.adapters.investigate.InvestigateAdapter;
import io.irflow.adapters.investigate.InvestigateConfig;
import io.irflow.adapters.ise.IseAdapter;
import io.irflow.adapters.ise.IseConfig;
import io.irflow.adapters.threatgrid.ThreatGridAdapter;
import io.irflow.adapters.threatgrid.ThreatGridConfig;
import io.irflow.adapters.threatresponse.ThreatResponseAdapter;
import io.irflow.adapters.threatresponse.ThreatResponseConfig;
import io.irflow.adapters.virustotal.VirusTotalAdapter;
import io.irflow.adapters.virustotal.VirusTotalConfig;
import io.irflow.capabilities.AlertSource;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.Ticketing;
import io.irflow.adapters.servicenow.ServiceNowConfig;
import io.irflow.adapters.servicenow.ServiceNowTicketing;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.ObservableExtraction;
import io.irflow.capabilities.Probe;
import io.irflow.config.AppConfig;
import io.irflow.config.Secret;
import io.irflow.net.Outbound;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the read-only product adapters the config enables, in card order, and names the ones it does not.
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
 */
public record ProductAdapters(List<Enrichment> enrichments, List<Probe> probes, List<String> notConfigured,
                              ObservableExtraction extraction, Map<ContainmentKind, Containment> containments,
                              Map<ContainmentKind, String> containmentDetails, List<ScheduledSource> alertSources,
                              Ticketing ticketing, List<AutoCloseable> closeables)
        implements AutoCloseable {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    /** Builds what the config enables, through the outbound path of its {@code http} section. */
    public static ProductAdapters from(AppConfig cfg) {
        return from(cfg, Outbound.from(cfg.http()));
    }

    /** Builds what the config enables; every product client goes out through {@code out}. */
    public static ProductAdapters from(AppConfig cfg, Outbound out) {
        Builder b = new Builder();
        Duration read = cfg.lookups().timeout();
        AppConfig.Amp4e amp = cfg.amp4e();
        if (amp != null && amp.enabled()) {
            AmpConfig ampConfig = new AmpConfig(http(out, amp.url(), read, null, true), console(amp.url()),
                    amp.clientId(), amp.apiKey().reveal());
            b.add(new AmpAdapter(ampConfig));
            b.poll(new AmpAlertSource(ampConfig, java.time.Clock.systemUTC(), AmpEventTypes.parse(cfg.alerts().ampEventTypes()),
                    cfg.alerts().lookback(), java.time.Duration.ofMinutes(2), 100), cfg.alerts().ampPollInterval());
            b.contain(new AmpIsolation(ampConfig), "AMP isolation (the connector keeps talking to AMP only)");
            if (amp.fileListGuid() != null) {
                b.contain(new AmpFileBlocking(ampConfig, new AmpFileBlockingConfig(amp.fileListGuid(), null)),
                        "simple custom detection list " + amp.fileListGuid());
            }
        } else {
            b.missing("AMP for Endpoints");
        }
        AppConfig.Investigate inv = cfg.investigate();
        if (inv != null && inv.enabled()) {
            b.add(new InvestigateAdapter(new InvestigateConfig(http(out, inv.url(), read, null, true), inv.token().reveal())));
        } else {
            b.missing("Umbrella Investigate");
        }
        AppConfig.Cognitive cog = cfg.cognitive();
        if (cog != null && cog.enabled()) {
            b.poll(new CognitiveAlertSource(new CognitiveConfig(http(out, cog.url(), read, null, true), null, cog.feed(),
                    cog.username(), cog.password().reveal()), java.time.Clock.systemUTC(), cfg.alerts().lookback(), 20),
                    cfg.alerts().cognitivePollInterval());
        }
        AppConfig.Umbrella um = cfg.umbrella();
        if (um != null && um.enabled()) {
            b.contain(new UmbrellaBlocking(new UmbrellaConfig(http(out, um.url(), read, null, true), reveal(um.customerKey()),
                    http(out, um.v2Url(), read, null, true), um.clientId(), reveal(um.clientSecret()), um.destinationListId())),
                    um.clientId() != null && um.clientSecret() != null ? "destination list " + um.destinationListId()
                            : "Enforcement API block list");
        }
        AppConfig.ThreatGrid tg = cfg.threatgrid();
        if (tg != null && tg.enabled()) {
            b.add(new ThreatGridAdapter(new ThreatGridConfig(http(out, tg.url(), read, null, true), tg.apiKey().reveal())));
        } else {
            b.missing("Threat Grid");
        }
        AppConfig.ThreatResponse tr = cfg.threatresponse();
        ThreatResponseAdapter trAdapter = null;
        if (tr != null && tr.enabled()) {
            trAdapter = new ThreatResponseAdapter(ThreatResponseConfig.of(http(out, tr.url(), read, null, true), tr.clientId(),
                    tr.clientSecret().reveal()));
            b.add(trAdapter);
        } else {
            b.missing("Threat Response");
        }
        AppConfig.Ise ise = cfg.ise();
        if (ise != null && ise.enabled()) {
            IseConfig iseConfig = new IseConfig(http(out, ise.url(), read, ise.caFile(), ise.verifyTls()),
                    http(out, ise.mntUrl(), read, ise.caFile(), ise.verifyTls()), ise.username(), ise.password().reveal(),
                    ise.mntUsername(), reveal(ise.mntPassword()), ise.ancPolicy());
            b.add(new IseAdapter(iseConfig));
            b.contain(new IseQuarantine(iseConfig), "ANC policy '" + ise.ancPolicy() + "'");
        } else {
            b.missing("ISE");
        }
        AppConfig.Cmx cmx = cfg.cmx();
        if (cmx != null && cmx.enabled()) {
            b.add(new CmxAdapter(new CmxConfig(http(out, cmx.url(), read, cmx.caFile(), cmx.verifyTls()), cmx.username(),
                    cmx.password().reveal())));
        } else {
            b.missing("CMX");
        }
        AppConfig.VirusTotal vt = cfg.virustotal();
        if (vt != null && vt.enabled()) {
            b.add(new VirusTotalAdapter(new VirusTotalConfig(http(out, vt.url(), read, null, true), vt.apiKey().reveal(),
                    vt.requestsPerMinute())));
        } else {
            b.missing("VirusTotal");
        }
        Ticketing ticketing = null;
        AppConfig.ServiceNow sn = cfg.servicenow();
        if (sn != null && sn.enabled()) {
            ServiceNowConfig.TicketDefaults defaults = new ServiceNowConfig.TicketDefaults(
                    cfg.incidents() == null ? null : cfg.incidents().assignmentGroup(), null, null, null, null);
            ServiceNowConfig snConfig = new ServiceNowConfig(http(out, sn.url(), read, null, true), sn.username(),
                    reveal(sn.password()), sn.clientId(), reveal(sn.clientSecret()), defaults, null);
            ServiceNowTicketing snTicketing = new ServiceNowTicketing(snConfig);
            ticketing = snTicketing;
            b.probes.add(snTicketing);
            b.closeables.add(snTicketing);
        }
        return new ProductAdapters(b.enrichments, b.probes, b.missing, trAdapter, b.containments, b.details, b.alertSources,
                ticketing, b.closeables);
    }

    /** An alert source with its poll interval. */
    public record ScheduledSource(AlertSource source, java.time.Duration every) {
    }

    private static HttpSettings http(Outbound out, String url, Duration read, Path caFile, boolean verifyTls) {
        return new HttpSettings(url, CONNECT, read, caFile, verifyTls, out);
    }

    /** The AMP console matching a public API base, for card links; none for other bases. */
    private static String console(String apiUrl) {
        String base = apiUrl.replaceAll("/+$", "");
        for (AmpRegion r : AmpRegion.values()) {
            if (r.apiBase().equalsIgnoreCase(base)) {
                return r.consoleBase();
            }
        }
        return null;
    }

    private static String reveal(Secret s) {
        return s == null ? null : s.reveal();
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

    private static final class Builder {
        final List<Enrichment> enrichments = new ArrayList<>();
        final List<Probe> probes = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        final List<AutoCloseable> closeables = new ArrayList<>();
        final Map<ContainmentKind, Containment> containments = new EnumMap<>(ContainmentKind.class);
        final Map<ContainmentKind, String> details = new EnumMap<>(ContainmentKind.class);
        final List<ScheduledSource> alertSources = new ArrayList<>();

        <T extends Enrichment & Probe & AutoCloseable> void add(T adapter) {
            enrichments.add(adapter);
            probes.add(adapter);
            closeables.add(adapter);
        }

        <T extends Containment & AutoCloseable> void contain(T action, String detail) {
            containments.put(action.kind(), action);
            details.put(action.kind(), detail);
            closeables.add(action);
        }

        <T extends AlertSource & AutoCloseable> void poll(T source, java.time.Duration every) {
            alertSources.add(new ScheduledSource(source, every));
            closeables.add(source);
        }

        void missing(String name) {
            missing.add(name);
        }
    }
}

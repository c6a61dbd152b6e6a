package io.irflow.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, loaded once by {@link ConfigLoader} and validated before anything starts.
 * A product section's settings are its module's record, null when the section is absent; {@code enabled()} says
 * whether its credentials are complete.
 */
public record AppConfig(Server server, Webex webex, Http http, Security security, Storage storage, Lookups lookups, Alerts alerts,
                        ProductSections products, Incidents incidents, Team team) {

    /** The team the bot serves: the time zone cards show times in ({@code team.time_zone}, default UTC). */
    public record Team(java.time.ZoneId timeZone) {
    }

    /** HTTP server: listening port and the public URL Webex reaches (optional). */
    public record Server(int port, String publicUrl) {
    }

    /**
     * The bot's Webex identity, where it answers and how events reach it.
     *
     * @param mode       {@code webhook} (Webex calls {@code POST /webhooks/webex}) or {@code websocket} (irflow connects
     *                   out to Webex's event socket; no public URL needed)
     * @param deviceName the name of the Webex device irflow registers and reuses in websocket mode
     * @param u2cUrl     Webex's service catalog (U2C), where websocket mode finds the device service
     */
    public record Webex(String url, Secret token, Secret webhookSecret, String irtRoom, List<String> allowedRooms,
                        boolean allowUnsigned, Mode mode, String deviceName, String u2cUrl) {

        /** How Webex events reach irflow. */
        public enum Mode { WEBHOOK, WEBSOCKET }

        public boolean websocket() {
            return mode == Mode.WEBSOCKET;
        }
    }

    /**
     * Outbound HTTP for every client (Webex REST and socket, all products).
     *
     * @param proxy   the corporate proxy URL, possibly with credentials ({@code http://user:pass@proxy:3128}), or null
     * @param noProxy hosts reached directly: exact names, {@code .suffix} or {@code suffix} for a domain and its
     *                subdomains, IP addresses, CIDR ranges, or {@code *}
     * @param caFile  a PEM bundle of extra CAs to trust (a TLS-inspecting proxy's CA), or null
     */
    public record Http(String proxy, List<String> noProxy, Path caFile) {
        @Override
        public String toString() {
            return "Http[proxy=" + (proxy == null ? null : ConfigReport.redactUrl(proxy)) + ", noProxy=" + noProxy
                    + ", caFile=" + caFile + "]";
        }
    }

    /**
     * Who may use the bot: emails or {@code @domain} entries.
     *
     * @param responders may run every command, including those that change state (containment, incidents)
     * @param analysts   may run the read-only commands; when {@code security.analysts} is absent, the responders
     * @param dryRun     {@code security.dry_run}: every containment goes through all its steps but no product is called
     * @param protectedTargets {@code security.protected}: host names, globs, IPs, CIDR ranges, MACs and AMP groups
     *                   ({@code amp_group:Servers}) whose quarantine or isolation a second responder must approve
     * @param verifyTimeout  {@code security.verify_timeout}: how long a containment is verified against the product
     * @param verifyInterval {@code security.verify_interval}: how often what irflow holds is re-checked for drift
     */
    public record Security(List<String> responders, boolean requireApproval, List<String> analysts, boolean dryRun,
                           List<String> protectedTargets, java.time.Duration verifyTimeout,
                           java.time.Duration verifyInterval) {
        /** How long irflow reads a product's state after an action before "not verified" (by default). */
        public static final java.time.Duration VERIFY_TIMEOUT = java.time.Duration.ofMinutes(2);
        /** How often everything irflow holds is re-checked for drift (by default). */
        public static final java.time.Duration VERIFY_INTERVAL = java.time.Duration.ofHours(1);

        /** Without dry run or protected hosts, with the default verification timings. */
        public Security(List<String> responders, boolean requireApproval, List<String> analysts) {
            this(responders, requireApproval, analysts, false, List.of());
        }

        /** With the default verification timings. */
        public Security(List<String> responders, boolean requireApproval, List<String> analysts, boolean dryRun,
                        List<String> protectedTargets) {
            this(responders, requireApproval, analysts, dryRun, protectedTargets, VERIFY_TIMEOUT, VERIFY_INTERVAL);
        }
    }

    /**
     * Incidents: who joins every incident room, and the ServiceNow assignment group for their tickets.
     *
     * @param responders      emails added to each incident room (default: the emails in {@code security.responders})
     * @param assignmentGroup the ServiceNow assignment group for new tickets, or null
     */
    public record Incidents(List<String> responders, String assignmentGroup) {
    }

    /**
     * Where irflow keeps state.
     *
     * @param url       a JDBC URL
     * @param retention how long finished bookkeeping (used offers, seen alerts, sent outbox rows, handled events) is
     *                  kept before the hourly purge deletes it
     */
    public record Storage(String url, Duration retention) {
        @Override
        public String toString() {
            return "Storage[url=" + ConfigReport.redactUrl(url) + ", retention=" + retention + "]";
        }
    }

    /**
     * Fan-out timing and cache sizes for read-only lookups.
     *
     * @param freshPerHour observables one person may look up with {@code --fresh} per rolling hour (0: none)
     */
    public record Lookups(Duration timeout, Duration deadline, Duration cacheTtl, Duration cacheNegativeTtl,
                          long cacheSize, List<String> internalDomains, int freshPerHour) {
    }

    /**
     * Proactive alerts: polling, grouping, auto-quarantine and the inbound endpoint.
     *
     * @param pollInterval          default poll interval for every source
     * @param ampPollInterval       AMP's own interval (defaults to pollInterval)
     * @param cognitivePollInterval Cognitive's own interval (defaults to pollInterval)
     * @param window                events for the same host (from any source) within this window share one thread
     * @param lookback              how far back the first poll of a source looks
     * @param ampEventTypes         AMP event type ids that mean compromise (empty: the built-in list)
     * @param autoQuarantine        quarantine hosts hit by {@code autoQuarantineEvents} without asking
     * @param autoQuarantineInbound whether alerts sent to {@code POST /alerts} may trigger it too (default false)
     * @param autoQuarantineEvents  event titles that trigger it
     * @param neverQuarantine       host names, patterns, IPs, CIDR ranges, MACs or MAC prefixes never auto-quarantined
     * @param inboundSecret         HMAC-SHA256 key for {@code POST /alerts}
     * @param inboundToken          bearer token for {@code POST /alerts}
     * @param postsPerSecond        Webex posts per second at most
     * @param stormThreshold        more new host cards than this within {@code stormWindow} switch the room to one
     *                              digest card per threat (0: never)
     * @param stormWindow           the storm's window; a whole window without a new host card ends the storm
     */
    public record Alerts(Duration pollInterval, Duration ampPollInterval, Duration cognitivePollInterval, Duration window,
                         Duration lookback, List<String> ampEventTypes, boolean autoQuarantine,
                         boolean autoQuarantineInbound, List<String> autoQuarantineEvents, List<String> neverQuarantine, Secret inboundSecret,
                         Secret inboundToken, int postsPerSecond, int stormThreshold, Duration stormWindow) {
    }

    /**
     * The product sections, in config order.
     *
     * @param sections every product section irflow knows, present or not
     * @param present  the settings of each section the config has, by section name
     */
    public record ProductSections(List<String> sections, Map<String, ProductSettings> present) {
        public ProductSections {
            sections = List.copyOf(sections);
            present = Collections.unmodifiableMap(new LinkedHashMap<>(present));
        }

        /** The settings of a section, or null when the config does not have it. */
        public ProductSettings get(String section) {
            return present.get(section);
        }

        /** The settings of the given type, or null when the config does not have that section. */
        public <S extends ProductSettings> S get(Class<S> type) {
            return present.values().stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
        }
    }

    /** The settings of the given product type, or null when its section is absent. */
    public <S extends ProductSettings> S product(Class<S> type) {
        return products.get(type);
    }

    /** The config key of every enabled product, in config order. */
    public List<String> enabledProducts() {
        List<String> names = new ArrayList<>();
        for (String section : products.sections()) {
            ProductSettings p = products.get(section);
            if (p != null && p.enabled()) {
                names.add(section);
            }
        }
        return names;
    }
}

package io.irflow.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole configuration, loaded once by {@link ConfigLoader} and validated before anything starts.
 * A product section is null when absent; {@code enabled()} says whether its credentials are complete.
 */
public record AppConfig(Server server, Webex webex, Http http, Security security, Storage storage, Lookups lookups, Alerts alerts,
                        Amp4e amp4e, Investigate investigate, Umbrella umbrella, ThreatGrid threatgrid, Ise ise,
                        ThreatResponse threatresponse, Cognitive cognitive, Cmx cmx, VirusTotal virustotal,
                        ServiceNow servicenow, Incidents incidents) {

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
     */
    public record Security(List<String> responders, boolean requireApproval, List<String> analysts) {
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
     * @param window                events for the same host and threat within this window share one thread
     * @param lookback              how far back the first poll of a source looks
     * @param ampEventTypes         AMP event type ids that mean compromise (empty: the built-in list)
     * @param autoQuarantine        quarantine hosts hit by {@code autoQuarantineEvents} without asking
     * @param autoQuarantineInbound whether alerts sent to {@code POST /alerts} may trigger it too (default false)
     * @param autoQuarantineEvents  event titles that trigger it
     * @param neverQuarantine       host names, patterns, IPs, CIDR ranges, MACs or MAC prefixes never auto-quarantined
     * @param inboundSecret         HMAC-SHA256 key for {@code POST /alerts}
     * @param inboundToken          bearer token for {@code POST /alerts}
     * @param postsPerSecond        Webex posts per second at most
     */
    public record Alerts(Duration pollInterval, Duration ampPollInterval, Duration cognitivePollInterval, Duration window,
                         Duration lookback, List<String> ampEventTypes, boolean autoQuarantine,
                         boolean autoQuarantineInbound, List<String> autoQuarantineEvents, List<String> neverQuarantine, Secret inboundSecret,
                         Secret inboundToken, int postsPerSecond) {
    }

    /** AMP for Endpoints (Secure Endpoint): basic auth with client id and API key. */
    public record Amp4e(String url, String clientId, Secret apiKey, String fileListGuid) implements Product {
        public boolean enabled() {
            return present(clientId) && apiKey != null;
        }
    }

    /** Umbrella Investigate: static bearer token. */
    public record Investigate(String url, Secret token) implements Product {
        public boolean enabled() {
            return token != null;
        }
    }

    /** Umbrella enforcement: customer key (Enforcement API) or client id/secret (v2 destination lists). */
    public record Umbrella(String url, Secret customerKey, String clientId, Secret clientSecret, String v2Url,
                           String destinationListId) implements Product {
        public boolean enabled() {
            return customerKey != null || (present(clientId) && clientSecret != null && present(destinationListId));
        }
    }

    /** Threat Grid: API key. */
    public record ThreatGrid(String url, Secret apiKey) implements Product {
        public boolean enabled() {
            return apiKey != null;
        }
    }

    /** ISE: ERS ({@code url}) and monitoring ({@code mnt_url}) with basic auth; private CA support. */
    public record Ise(String url, String mntUrl, String username, Secret password, String mntUsername,
                      Secret mntPassword, String ancPolicy, Path caFile, boolean verifyTls) implements Product {
        public boolean enabled() {
            return present(url) && present(username) && password != null;
        }
    }

    /** Threat Response / XDR: OAuth2 client credentials. */
    public record ThreatResponse(String url, String clientId, Secret clientSecret) implements Product {
        public boolean enabled() {
            return present(clientId) && clientSecret != null;
        }
    }

    /** Cognitive Intelligence TAXII feed. */
    public record Cognitive(String url, String feed, String username, Secret password) implements Product {
        public boolean enabled() {
            return present(feed) && present(username) && password != null;
        }
    }

    /** CMX location: basic auth; on-premises, so a private CA may be needed. */
    public record Cmx(String url, String username, Secret password, Path caFile, boolean verifyTls) implements Product {
        public boolean enabled() {
            return present(url) && present(username) && password != null;
        }
    }

    /** VirusTotal v3: API key and the client-side request quota. */
    public record VirusTotal(String url, Secret apiKey, int requestsPerMinute) implements Product {
        public boolean enabled() {
            return apiKey != null;
        }
    }

    /** ServiceNow: basic auth or OAuth client credentials. */
    public record ServiceNow(String url, String username, Secret password, String clientId, Secret clientSecret)
            implements Product {
        public boolean enabled() {
            return present(url) && ((present(username) && password != null) || (present(clientId) && clientSecret != null));
        }
    }

    /** What every product section has. */
    public interface Product {
        /** The base URL requests go to (the API path is appended). */
        String url();

        /** True when the section is present and has complete credentials. */
        boolean enabled();
    }

    /** The config key of every enabled product, in config order. */
    public List<String> enabledProducts() {
        List<String> names = new ArrayList<>();
        addIf(names, "amp4e", amp4e);
        addIf(names, "investigate", investigate);
        addIf(names, "umbrella", umbrella);
        addIf(names, "threatgrid", threatgrid);
        addIf(names, "ise", ise);
        addIf(names, "threatresponse", threatresponse);
        addIf(names, "cognitive", cognitive);
        addIf(names, "cmx", cmx);
        addIf(names, "virustotal", virustotal);
        addIf(names, "servicenow", servicenow);
        return names;
    }

    private static void addIf(List<String> names, String key, Product p) {
        if (p != null && p.enabled()) {
            names.add(key);
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}

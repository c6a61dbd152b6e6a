package io.irflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.irflow.config.ConfigSchema.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML config, substitutes {@code ${ENV}} references, validates every key against {@link ConfigSchema}
 * and builds the typed {@link AppConfig}. All problems are collected and reported together.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final EnvSubstitution env;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public ConfigLoader(Map<String, String> env) {
        this.env = new EnvSubstitution(env);
    }

    /** Loads a config file. */
    public AppConfig load(Path file) throws ConfigException {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
        }
    }

    /** Parses config text. */
    public AppConfig parse(String yaml) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(List.of("not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = YAML.createObjectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of("the config must be a YAML mapping of sections (server, webex, ...)"));
        }
        checkKeys(root);
        AppConfig config = build(root);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        warnings.forEach(w -> LOG.warn("config: {}", w));
        return config;
    }

    /** Warnings from the last load (unknown keys with suggestions). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void checkKeys(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            Map<String, Type> keys = ConfigSchema.SECTIONS.get(section);
            if (keys == null) {
                warnings.add(unknown(section, ConfigSchema.SECTIONS.keySet()));
                continue;
            }
            JsonNode node = root.get(section);
            if (node.isNull()) {
                continue;
            }
            if (!node.isObject()) {
                problems.add(section + ": expected a mapping of keys");
                continue;
            }
            for (Iterator<String> k = node.fieldNames(); k.hasNext(); ) {
                String key = k.next();
                if (!keys.containsKey(key)) {
                    warnings.add(unknown(section + "." + key, keys.keySet().stream().map(n -> section + "." + n).toList()));
                }
            }
        }
    }

    private static String unknown(String key, java.util.Collection<String> known) {
        return "unknown key '" + key + "' is ignored" + Closest.to(key, known).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    private AppConfig build(JsonNode root) {
        Section server = new Section(root, "server");
        Section webex = new Section(root, "webex");
        Section security = new Section(root, "security");
        Section storage = new Section(root, "storage");
        Section lookups = new Section(root, "lookups");
        AppConfig.Server serverCfg = new AppConfig.Server(server.integer("port", 8080, 0, 65535), server.url("public_url", null));
        AppConfig.Webex webexCfg = new AppConfig.Webex(webex.url("url", "https://webexapis.com/v1"), webex.secret("token"),
                webex.secret("webhook_secret"), webex.string("irt_room", null), webex.list("allowed_rooms"),
                webex.bool("allow_unsigned", false), mode(webex), webex.string("device_name", "irflow"),
                webex.url("u2c_url", "https://u2c.wbx2.com/u2c/api/v1"));
        Section http = new Section(root, "http");
        AppConfig.Http httpCfg = new AppConfig.Http(proxy(http), noProxy(http), http.path("ca_file"));
        AppConfig.Security securityCfg = new AppConfig.Security(people(security, "responders"),
                security.bool("require_approval", false), security.has("analysts") ? people(security, "analysts")
                : people(security, "responders"));
        AppConfig.Storage storageCfg = new AppConfig.Storage(storage.string("url", "jdbc:h2:file:./data/irflow"),
                retention(storage));
        AppConfig.Lookups lookupsCfg = new AppConfig.Lookups(lookups.duration("timeout", Duration.ofSeconds(8)),
                lookups.duration("deadline", Duration.ofSeconds(10)), lookups.duration("cache_ttl", Duration.ofMinutes(15)),
                lookups.duration("cache_negative_ttl", Duration.ofMinutes(2)), lookups.integer("cache_size", 10_000, 0, 10_000_000),
                lookups.list("internal_domains").stream().map(d -> d.toLowerCase().replaceAll("^\\.+|\\.+$", ""))
                        .toList(),
                lookups.integer("fresh_per_hour", 10, 0, 10_000));
        return new AppConfig(serverCfg, webexCfg, httpCfg, securityCfg, storageCfg, lookupsCfg, alerts(new Section(root, "alerts")),
                amp4e(new Section(root, "amp4e")), investigate(new Section(root, "investigate")),
                umbrella(new Section(root, "umbrella")), threatgrid(new Section(root, "threatgrid")),
                ise(new Section(root, "ise")), threatresponse(new Section(root, "threatresponse")),
                cognitive(new Section(root, "cognitive")), cmx(new Section(root, "cmx")),
                virustotal(new Section(root, "virustotal")), servicenow(new Section(root, "servicenow")),
                incidents(new Section(root, "incidents"), securityCfg));
    }

    /** {@code storage.retention}: at least a day, since a containment offer stays usable for 24 h. */
    private Duration retention(Section storage) {
        Duration retention = storage.duration("retention", Duration.ofDays(90));
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            problems.add("storage.retention: must be at least 1d (containment buttons stay usable for 24 h), got "
                    + Durations.format(retention));
            return Duration.ofDays(1);
        }
        return retention;
    }

    private AppConfig.Webex.Mode mode(Section webex) {
        String mode = webex.string("mode", "webhook").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (mode) {
            case "webhook" -> AppConfig.Webex.Mode.WEBHOOK;
            case "websocket" -> AppConfig.Webex.Mode.WEBSOCKET;
            default -> {
                problems.add("webex.mode: '" + mode + "' is not a mode; use webhook (Webex calls irflow) or websocket "
                        + "(irflow connects out, no public URL)");
                yield AppConfig.Webex.Mode.WEBHOOK;
            }
        };
    }

    private String proxy(Section http) {
        String proxy = http.string("proxy", null);
        if (proxy == null || proxy.isBlank()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(proxy.trim());
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                problems.add("http.proxy: '" + ConfigReport.redactUrl(proxy) + "' must be an http:// URL with a host, "
                        + "e.g. http://proxy.example.com:3128");
                return null;
            }
        } catch (java.net.URISyntaxException e) {
            problems.add("http.proxy: '" + ConfigReport.redactUrl(proxy) + "' is not a URL");
            return null;
        }
        return proxy.trim();
    }

    private List<String> noProxy(Section http) {
        List<String> entries = http.list("no_proxy");
        try {
            new NoProxy(entries);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return entries;
    }

    private AppConfig.Incidents incidents(Section s, AppConfig.Security security) {
        List<String> listed = s.list("responders");
        for (String r : listed) {
            if (!r.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                problems.add("incidents.responders: '" + r + "' is not an email address");
            }
        }
        List<String> people = listed.isEmpty() ? security.responders().stream().filter(r -> !r.startsWith("@")).toList()
                : listed.stream().map(String::toLowerCase).toList();
        return new AppConfig.Incidents(people, s.string("assignment_group", null));
    }

    private AppConfig.Alerts alerts(Section s) {
        Duration every = s.duration("poll_interval", Duration.ofSeconds(60));
        List<String> autoEvents = s.list("auto_quarantine_events");
        return new AppConfig.Alerts(every, s.duration("amp_poll_interval", every), s.duration("cognitive_poll_interval", every),
                s.duration("window", Duration.ofMinutes(10)), s.duration("lookback", Duration.ofHours(1)),
                s.list("amp_event_types"), s.bool("auto_quarantine", false), s.bool("auto_quarantine_inbound", false),
                autoEvents.isEmpty() ? List.of("Executed Malware", "Threat Quarantine Failed", "Quarantine Failure") : autoEvents,
                s.list("never_quarantine"), s.secret("inbound_secret"), s.secret("inbound_token"),
                s.integer("posts_per_second", 2, 1, 50));
    }

    /** {@code security.responders} or {@code security.analysts}: emails or {@code @domain} entries, lower-case. */
    private List<String> people(Section s, String key) {
        List<String> list = s.list(key);
        for (String r : list) {
            if (!r.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+|@[^@\\s]+\\.[^@\\s]+")) {
                problems.add("security." + key + ": '" + r + "' is neither an email address nor an @domain entry");
            }
        }
        return list.stream().map(String::toLowerCase).toList();
    }

    private AppConfig.Amp4e amp4e(Section s) {
        return s.absent() ? null : new AppConfig.Amp4e(s.url("url", "https://api.amp.cisco.com"), s.string("client_id", null),
                s.secret("api_key"), s.string("file_list_guid", null));
    }

    private AppConfig.Investigate investigate(Section s) {
        return s.absent() ? null : new AppConfig.Investigate(s.url("url", "https://investigate.api.umbrella.com"), s.secret("token"));
    }

    private AppConfig.Umbrella umbrella(Section s) {
        return s.absent() ? null : new AppConfig.Umbrella(s.url("url", "https://s-platform.api.opendns.com/1.0"),
                s.secret("customer_key"), s.string("client_id", null), s.secret("client_secret"),
                s.url("v2_url", "https://api.umbrella.com"), s.string("destination_list_id", null));
    }

    private AppConfig.ThreatGrid threatgrid(Section s) {
        return s.absent() ? null : new AppConfig.ThreatGrid(s.url("url", "https://panacea.threatgrid.com"), s.secret("api_key"));
    }

    private AppConfig.Ise ise(Section s) {
        if (s.absent()) {
            return null;
        }
        String url = s.url("url", null);
        AppConfig.Ise ise = new AppConfig.Ise(url, s.url("mnt_url", url), s.string("username", null), s.secret("password"),
                s.string("mnt_username", null), s.secret("mnt_password"), s.string("anc_policy", "Quarantine"),
                s.path("ca_file"), s.bool("verify_tls", true));
        if (url == null && (ise.username() != null || ise.password() != null)) {
            problems.add("ise.url: required when ISE credentials are given (the ERS base, e.g. https://ise.example.com:9060)");
        }
        return ise;
    }

    private AppConfig.ThreatResponse threatresponse(Section s) {
        return s.absent() ? null : new AppConfig.ThreatResponse(s.url("url", "https://visibility.amp.cisco.com"),
                s.string("client_id", null), s.secret("client_secret"));
    }

    private AppConfig.Cognitive cognitive(Section s) {
        return s.absent() ? null : new AppConfig.Cognitive(s.url("url", "https://taxii.cloudsec.sco.cisco.com/skym-taxii-ws"),
                s.string("feed", null), s.string("username", null), s.secret("password"));
    }

    private AppConfig.Cmx cmx(Section s) {
        if (s.absent()) {
            return null;
        }
        AppConfig.Cmx cmx = new AppConfig.Cmx(s.url("url", null), s.string("username", null), s.secret("password"),
                s.path("ca_file"), s.bool("verify_tls", true));
        if (cmx.url() == null && cmx.username() != null) {
            problems.add("cmx.url: required when CMX credentials are given (e.g. https://cmx.example.com)");
        }
        return cmx;
    }

    private AppConfig.VirusTotal virustotal(Section s) {
        return s.absent() ? null : new AppConfig.VirusTotal(s.url("url", "https://www.virustotal.com/api/v3"), s.secret("api_key"),
                (int) s.integer("requests_per_minute", 4, 1, 100_000));
    }

    private AppConfig.ServiceNow servicenow(Section s) {
        return s.absent() ? null : new AppConfig.ServiceNow(s.url("url", null), s.string("username", null), s.secret("password"),
                s.string("client_id", null), s.secret("client_secret"));
    }

    /** Typed, error-collecting access to one section's keys. */
    private final class Section {
        private final String name;
        private final JsonNode node;

        Section(JsonNode root, String name) {
            this.name = name;
            JsonNode n = root.path(name);
            this.node = n.isObject() ? n : MissingNode.getInstance();
        }

        boolean absent() {
            return node.isMissingNode();
        }

        /** Whether the key is given (a null value counts as absent). */
        boolean has(String key) {
            return !node.path(key).isMissingNode() && !node.path(key).isNull();
        }

        String string(String key, String def) {
            JsonNode v = node.path(key);
            if (v.isMissingNode() || v.isNull()) {
                return def;
            }
            if (!v.isValueNode()) {
                problems.add(name + "." + key + ": expected a text value");
                return def;
            }
            try {
                String s = env.apply(v.asText()).trim();
                return s.isEmpty() ? def : s;
            } catch (IllegalArgumentException e) {
                problems.add(name + "." + key + ": " + e.getMessage());
                return def;
            }
        }

        Secret secret(String key) {
            return Secret.of(string(key, null));
        }

        String url(String key, String def) {
            String s = string(key, def);
            if (s == null) {
                return null;
            }
            try {
                URI u = URI.create(s);
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                problems.add(name + "." + key + ": expected an http(s) URL, got '" + s + "'");
            }
            return s;
        }

        long integer(String key, long def, long min, long max) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            try {
                long v = Long.parseLong(s);
                if (v < min || v > max) {
                    problems.add(name + "." + key + ": expected a number from " + min + " to " + max + ", got " + v);
                    return def;
                }
                return v;
            } catch (NumberFormatException e) {
                problems.add(name + "." + key + ": expected a whole number, got '" + s + "'");
                return def;
            }
        }

        int integer(String key, int def, int min, int max) {
            return (int) integer(key, (long) def, min, max);
        }

        boolean bool(String key, boolean def) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            problems.add(name + "." + key + ": expected true or false, got '" + s + "'");
            return def;
        }

        Duration duration(String key, Duration def) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            try {
                return Durations.parse(s);
            } catch (IllegalArgumentException e) {
                problems.add(name + "." + key + ": " + e.getMessage());
                return def;
            }
        }

        Path path(String key) {
            String s = string(key, null);
            if (s == null) {
                return null;
            }
            Path p = Path.of(s);
            if (!Files.isReadable(p)) {
                problems.add(name + "." + key + ": file '" + s + "' does not exist or cannot be read");
            }
            return p;
        }

        List<String> list(String key) {
            JsonNode v = node.path(key);
            if (v.isMissingNode() || v.isNull()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode item : v) {
                    if (!item.isValueNode()) {
                        problems.add(name + "." + key + ": expected a list of text values");
                        continue;
                    }
                    addSubstituted(out, key, item.asText());
                }
            } else if (v.isValueNode()) {
                for (String part : v.asText().split(",")) {
                    addSubstituted(out, key, part);
                }
            } else {
                problems.add(name + "." + key + ": expected a list");
            }
            return List.copyOf(out);
        }

        private void addSubstituted(List<String> out, String key, String raw) {
            try {
                String s = env.apply(raw).trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            } catch (IllegalArgumentException e) {
                problems.add(name + "." + key + ": " + e.getMessage());
            }
        }
    }
}

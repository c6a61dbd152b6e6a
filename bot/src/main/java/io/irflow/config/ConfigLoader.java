package io.irflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.irflow.config.ConfigSchema.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    private final List<ProductSection> products;
    private final Map<String, Map<String, Type>> schema;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * A loader for the core sections and the given products' sections.
     *
     * @param env      the environment {@code ${VAR}} references are resolved against
     * @param products every product irflow knows, in config order
     */
    public ConfigLoader(Map<String, String> env, List<? extends ProductSection> products) {
        this.env = new EnvSubstitution(env);
        this.products = List.copyOf(products);
        this.schema = ConfigSchema.sections(this.products);
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
            Map<String, Type> keys = schema.get(section);
            if (keys == null) {
                warnings.add(unknown(section, schema.keySet()));
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
        ConfigSection server = section(root, "server");
        ConfigSection webex = section(root, "webex");
        ConfigSection security = section(root, "security");
        ConfigSection storage = section(root, "storage");
        ConfigSection lookups = section(root, "lookups");
        AppConfig.Server serverCfg = new AppConfig.Server(server.integer("port", 8080, 0, 65535), server.url("public_url", null));
        AppConfig.Webex webexCfg = new AppConfig.Webex(webex.url("url", "https://webexapis.com/v1"), webex.secret("token"),
                webex.secret("webhook_secret"), webex.string("irt_room", null), webex.list("allowed_rooms"),
                webex.bool("allow_unsigned", false), mode(webex), webex.string("device_name", "irflow"),
                webex.url("u2c_url", "https://u2c.wbx2.com/u2c/api/v1"));
        ConfigSection http = section(root, "http");
        AppConfig.Http httpCfg = new AppConfig.Http(proxy(http), noProxy(http), http.path("ca_file"));
        AppConfig.Security securityCfg = new AppConfig.Security(people(security, "responders"),
                security.bool("require_approval", false), security.has("analysts") ? people(security, "analysts")
                : people(security, "responders"), security.bool("dry_run", false), security.list("protected"),
                security.duration("verify_timeout", AppConfig.Security.VERIFY_TIMEOUT),
                security.duration("verify_interval", AppConfig.Security.VERIFY_INTERVAL));
        AppConfig.Storage storageCfg = new AppConfig.Storage(storage.string("url", "jdbc:h2:file:./data/irflow"),
                retention(storage));
        AppConfig.Lookups lookupsCfg = new AppConfig.Lookups(lookups.duration("timeout", Duration.ofSeconds(8)),
                lookups.duration("deadline", Duration.ofSeconds(10)), lookups.duration("cache_ttl", Duration.ofMinutes(15)),
                lookups.duration("cache_negative_ttl", Duration.ofMinutes(2)), lookups.integer("cache_size", 10_000, 0, 10_000_000),
                lookups.list("internal_domains").stream().map(d -> d.toLowerCase().replaceAll("^\\.+|\\.+$", ""))
                        .toList(),
                lookups.integer("fresh_per_hour", 10, 0, 10_000));
        return new AppConfig(serverCfg, webexCfg, httpCfg, securityCfg, storageCfg, lookupsCfg, alerts(section(root, "alerts")),
                products(root), incidents(section(root, "incidents"), securityCfg), team(section(root, "team")));
    }

    private AppConfig.Team team(ConfigSection s) {
        String zone = s.string("time_zone", "UTC");
        try {
            return new AppConfig.Team(java.time.ZoneId.of(zone));
        } catch (java.time.DateTimeException e) {
            problems.add("team.time_zone: '" + zone + "' is not a time zone (use a name like Europe/Berlin or UTC)");
            return new AppConfig.Team(java.time.ZoneOffset.UTC);
        }
    }

    /** Each product's settings, read by its own section reader, for the sections the config has. */
    private AppConfig.ProductSections products(JsonNode root) {
        Map<String, ProductSettings> present = new LinkedHashMap<>();
        for (ProductSection p : products) {
            ConfigSection s = section(root, p.section());
            if (!s.absent()) {
                present.put(p.section(), p.read(s));
            }
        }
        return new AppConfig.ProductSections(products.stream().map(ProductSection::section).toList(), present);
    }

    /** {@code storage.retention}: at least a day, since a containment offer stays usable for 24 h. */
    private Duration retention(ConfigSection storage) {
        Duration retention = storage.duration("retention", Duration.ofDays(90));
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            problems.add("storage.retention: must be at least 1d (containment buttons stay usable for 24 h), got "
                    + Durations.format(retention));
            return Duration.ofDays(1);
        }
        return retention;
    }

    private AppConfig.Webex.Mode mode(ConfigSection webex) {
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

    private String proxy(ConfigSection http) {
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

    private List<String> noProxy(ConfigSection http) {
        List<String> entries = http.list("no_proxy");
        try {
            new NoProxy(entries);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return entries;
    }

    private AppConfig.Incidents incidents(ConfigSection s, AppConfig.Security security) {
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

    private AppConfig.Alerts alerts(ConfigSection s) {
        Duration every = s.duration("poll_interval", Duration.ofSeconds(60));
        List<String> autoEvents = s.list("auto_quarantine_events");
        return new AppConfig.Alerts(every, s.duration("amp_poll_interval", every), s.duration("cognitive_poll_interval", every),
                s.duration("window", Duration.ofMinutes(10)), s.duration("lookback", Duration.ofHours(1)),
                s.list("amp_event_types"), s.bool("auto_quarantine", false), s.bool("auto_quarantine_inbound", false),
                autoEvents.isEmpty() ? List.of("Executed Malware", "Threat Quarantine Failed", "Quarantine Failure") : autoEvents,
                s.list("never_quarantine"), s.secret("inbound_secret"), s.secret("inbound_token"),
                s.integer("posts_per_second", 2, 1, 50), s.integer("storm_threshold", 10, 0, 100_000),
                s.duration("storm_window", Duration.ofMinutes(5)));
    }

    /** {@code security.responders} or {@code security.analysts}: emails or {@code @domain} entries, lower-case. */
    private List<String> people(ConfigSection s, String key) {
        List<String> list = s.list(key);
        for (String r : list) {
            if (!r.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+|@[^@\\s]+\\.[^@\\s]+")) {
                problems.add("security." + key + ": '" + r + "' is neither an email address nor an @domain entry");
            }
        }
        return list.stream().map(String::toLowerCase).toList();
    }

    private ConfigSection section(JsonNode root, String name) {
        return new ConfigSection(root, name, env, problems);
    }
}

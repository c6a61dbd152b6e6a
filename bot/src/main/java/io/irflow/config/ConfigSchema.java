package io.irflow.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every config key irflow knows, with its type: the contract that {@code config.sample.yml} documents. The core
 * sections are listed here; each product's section comes from its {@link ProductSection}.
 */
public final class ConfigSchema {

    /** The type of a key's value. */
    public enum Type { STRING, SECRET, URL, INT, BOOL, DURATION, LIST, PATH, SIZE }

    static final Set<String> SECRET_NAMES = Set.of("token", "webhook_secret", "api_key", "password", "mnt_password",
            "client_secret", "customer_key", "inbound_secret", "inbound_token");

    static final Map<String, Map<String, Type>> CORE = new LinkedHashMap<>();

    static {
        section("server", "port", Type.INT, "public_url", Type.URL);
        section("webex", "url", Type.URL, "token", Type.SECRET, "webhook_secret", Type.SECRET, "irt_room", Type.STRING,
                "allowed_rooms", Type.LIST, "allow_unsigned", Type.BOOL, "mode", Type.STRING, "device_name", Type.STRING,
                "u2c_url", Type.URL);
        section("http", "proxy", Type.STRING, "no_proxy", Type.LIST, "ca_file", Type.PATH);
        section("security", "responders", Type.LIST, "require_approval", Type.BOOL, "analysts", Type.LIST,
                "dry_run", Type.BOOL, "protected", Type.LIST, "verify_timeout", Type.DURATION,
                "verify_interval", Type.DURATION);
        section("storage", "url", Type.STRING, "retention", Type.DURATION);
        section("incidents", "responders", Type.LIST, "assignment_group", Type.STRING);
        section("team", "time_zone", Type.STRING);
        section("lookups", "timeout", Type.DURATION, "deadline", Type.DURATION, "cache_ttl", Type.DURATION,
                "cache_negative_ttl", Type.DURATION, "cache_size", Type.SIZE, "internal_domains", Type.LIST,
                "fresh_per_hour", Type.INT);
        section("alerts", "poll_interval", Type.DURATION, "amp_poll_interval", Type.DURATION,
                "cognitive_poll_interval", Type.DURATION, "window", Type.DURATION, "lookback", Type.DURATION,
                "amp_event_types", Type.LIST, "auto_quarantine", Type.BOOL, "auto_quarantine_inbound", Type.BOOL,
                "auto_quarantine_events", Type.LIST,
                "never_quarantine", Type.LIST, "inbound_secret", Type.SECRET, "inbound_token", Type.SECRET,
                "posts_per_second", Type.INT, "storm_threshold", Type.INT, "storm_window", Type.DURATION);
    }

    private ConfigSchema() {
    }

    /** The core sections followed by the products' sections, in order. */
    public static Map<String, Map<String, Type>> sections(List<? extends ProductSection> products) {
        Map<String, Map<String, Type>> all = new LinkedHashMap<>(CORE);
        for (ProductSection p : products) {
            all.put(p.section(), p.keys());
        }
        return all;
    }

    /** Keys and types from alternating arguments: {@code keys("url", Type.URL, "token", Type.SECRET)}. */
    public static Map<String, Type> keys(Object... keyTypes) {
        Map<String, Type> keys = new LinkedHashMap<>();
        for (int i = 0; i < keyTypes.length; i += 2) {
            keys.put((String) keyTypes[i], (Type) keyTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(keys);
    }

    private static void section(String name, Object... keyTypes) {
        CORE.put(name, keys(keyTypes));
    }
}

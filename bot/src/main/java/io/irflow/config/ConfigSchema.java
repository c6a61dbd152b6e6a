package io.irflow.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every config key irflow knows, with its type: the contract that {@code config.sample.yml} documents. */
final class ConfigSchema {

    enum Type { STRING, SECRET, URL, INT, BOOL, DURATION, LIST, PATH, SIZE }

    static final Set<String> SECRET_NAMES = Set.of("token", "webhook_secret", "api_key", "password", "mnt_password",
            "client_secret", "customer_key", "inbound_secret", "inbound_token");

    static final Map<String, Map<String, Type>> SECTIONS = new LinkedHashMap<>();

    static {
        section("server", "port", Type.INT, "public_url", Type.URL);
        section("webex", "url", Type.URL, "token", Type.SECRET, "webhook_secret", Type.SECRET, "irt_room", Type.STRING,
                "allowed_rooms", Type.LIST, "allow_unsigned", Type.BOOL, "mode", Type.STRING, "device_name", Type.STRING,
                "u2c_url", Type.URL);
        section("http", "proxy", Type.STRING, "no_proxy", Type.LIST, "ca_file", Type.PATH);
        section("security", "responders", Type.LIST, "require_approval", Type.BOOL, "analysts", Type.LIST);
        section("storage", "url", Type.STRING, "retention", Type.DURATION);
        section("incidents", "responders", Type.LIST, "assignment_group", Type.STRING);
        section("lookups", "timeout", Type.DURATION, "deadline", Type.DURATION, "cache_ttl", Type.DURATION,
                "cache_negative_ttl", Type.DURATION, "cache_size", Type.SIZE, "internal_domains", Type.LIST,
                "fresh_per_hour", Type.INT);
        section("alerts", "poll_interval", Type.DURATION, "amp_poll_interval", Type.DURATION,
                "cognitive_poll_interval", Type.DURATION, "window", Type.DURATION, "lookback", Type.DURATION,
                "amp_event_types", Type.LIST, "auto_quarantine", Type.BOOL, "auto_quarantine_inbound", Type.BOOL,
                "auto_quarantine_events", Type.LIST,
                "never_quarantine", Type.LIST, "inbound_secret", Type.SECRET, "inbound_token", Type.SECRET,
                "posts_per_second", Type.INT);
        section("amp4e", "url", Type.URL, "client_id", Type.STRING, "api_key", Type.SECRET, "file_list_guid", Type.STRING);
        section("investigate", "url", Type.URL, "token", Type.SECRET);
        section("umbrella", "url", Type.URL, "customer_key", Type.SECRET, "client_id", Type.STRING,
                "client_secret", Type.SECRET, "v2_url", Type.URL, "destination_list_id", Type.STRING);
        section("threatgrid", "url", Type.URL, "api_key", Type.SECRET);
        section("ise", "url", Type.URL, "mnt_url", Type.URL, "username", Type.STRING, "password", Type.SECRET,
                "mnt_username", Type.STRING, "mnt_password", Type.SECRET, "anc_policy", Type.STRING,
                "ca_file", Type.PATH, "verify_tls", Type.BOOL);
        section("threatresponse", "url", Type.URL, "client_id", Type.STRING, "client_secret", Type.SECRET);
        section("cognitive", "url", Type.URL, "feed", Type.STRING, "username", Type.STRING, "password", Type.SECRET);
        section("cmx", "url", Type.URL, "username", Type.STRING, "password", Type.SECRET, "ca_file", Type.PATH,
                "verify_tls", Type.BOOL);
        section("virustotal", "url", Type.URL, "api_key", Type.SECRET, "requests_per_minute", Type.INT);
        section("servicenow", "url", Type.URL, "username", Type.STRING, "password", Type.SECRET,
                "client_id", Type.STRING, "client_secret", Type.SECRET);
    }

    private ConfigSchema() {
    }

    private static void section(String name, Object... keyTypes) {
        Map<String, Type> keys = new LinkedHashMap<>();
        for (int i = 0; i < keyTypes.length; i += 2) {
            keys.put((String) keyTypes[i], (Type) keyTypes[i + 1]);
        }
        SECTIONS.put(name, keys);
    }
}

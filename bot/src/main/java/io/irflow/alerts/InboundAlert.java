package io.irflow.alerts;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.irflow.capabilities.Alert;
import io.irflow.investigate.NetSyntax;
import io.irflow.json.Json;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The documented JSON body of {@code POST /alerts}, read strictly: every value must be a JSON string (or null for
 * "absent"), every length fits the database column it ends up in, addresses are checked as literals (never resolved),
 * and an unknown field is refused rather than ignored, so a misspelt {@code hostname} cannot silently drop the
 * identity that {@code never_quarantine} is checked against. The README ("Sending alerts from other tools") documents
 * the same rules.
 */
final class InboundAlert {
    /** The documented severities (case-insensitive on input; stored capitalised). */
    static final List<String> SEVERITIES = List.of("info", "low", "medium", "high", "critical");
    /** Longest sender-chosen source name: alert_seen.source is VARCHAR(128) and irflow prefixes "inbound:". */
    static final int MAX_SOURCE = 120;
    static final int MAX_ID = 256;          // alert_seen.alert_id
    static final int MAX_TITLE = 300;       // alert_seen.title is 500; the card shows 120
    static final int MAX_HOSTNAME = 253;    // RFC 1123 (alert_seen.hostname is 256)
    static final int MAX_IP = 45;           // longest IPv6 literal (alert_seen.ip is 64)
    static final int MAX_TEXT = 300;        // threat: what a card fact shows
    static final int MAX_FILE_NAME = 255;
    static final int MAX_DISPOSITION = 64;
    static final int MAX_LINK = 2000;
    static final int MAX_AT = 64;

    private static final Set<String> FIELDS = Set.of("id", "source", "title", "at", "threat", "severity", "host",
            "sha256", "file_name", "disposition", "link");
    private static final Set<String> HOST_FIELDS = Set.of("hostname", "ip", "mac");
    private static final ObjectReader READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private InboundAlert() {
    }

    /** A field that breaks the rules: the 400 names it. */
    static final class Invalid extends Exception {
        private final String field;

        Invalid(String field, String reason) {
            super(field == null ? reason : field + ": " + reason);
            this.field = field;
        }

        /** The field's path, e.g. {@code host.ip}; null when the body itself is unreadable. */
        String field() {
            return field;
        }
    }

    /** Reads and checks a body; {@code now} is the default for a missing {@code at}. */
    static Alert parse(byte[] body, Clock clock) throws Invalid {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (IOException e) {
            throw new Invalid(null, "malformed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(null, "malformed JSON");
        }
        unknown(root, FIELDS, "");
        String id = string(root, "id", MAX_ID, true);
        String title = string(root, "title", MAX_TITLE, true);
        String source = string(root, "source", MAX_SOURCE, false);
        if (source != null && !source.matches("[A-Za-z0-9._ -]+")) {
            throw new Invalid("source", "letters, digits, space, '.', '_' and '-' only");
        }
        Instant at = at(string(root, "at", MAX_AT, false), clock);
        String threat = string(root, "threat", MAX_TEXT, false);
        String severity = severity(string(root, "severity", 16, false));
        Alert.AlertHost host = host(root.get("host"));
        String sha256 = string(root, "sha256", 64, false);
        if (sha256 != null && !sha256.matches("(?i)[0-9a-f]{64}")) {
            throw new Invalid("sha256", "expected 64 hex characters");
        }
        String fileName = string(root, "file_name", MAX_FILE_NAME, false);
        String disposition = string(root, "disposition", MAX_DISPOSITION, false);
        String link = string(root, "link", MAX_LINK, false);
        // The card only links URLs without characters that could close the Markdown link; refuse the rest here.
        if (link != null && !link.matches("https?://[^\\s()<>\\[\\]`\"]+")) {
            throw new Invalid("link", "expected an http(s) URL without spaces, brackets or quotes");
        }
        return new Alert("inbound:" + (source == null ? "api" : source), id, at, title, threat, severity, host,
                sha256 == null ? null : sha256.toLowerCase(Locale.ROOT), fileName, disposition, link);
    }

    private static Alert.AlertHost host(JsonNode host) throws Invalid {
        if (host == null || host.isNull()) {
            throw new Invalid("host", "required, with at least one of hostname, ip, mac");
        }
        if (!host.isObject()) {
            throw new Invalid("host", "expected an object");
        }
        unknown(host, HOST_FIELDS, "host.");
        String hostname = string(host, "hostname", MAX_HOSTNAME, false, "host.");
        if (hostname != null && NetSyntax.hostname(hostname) == null) {
            throw new Invalid("host.hostname", "expected a host name (RFC 1123: letters, digits and '-' in dot-separated "
                    + "labels of at most 63)");
        }
        String ip = string(host, "ip", MAX_IP, false, "host.");
        if (ip != null && !NetSyntax.isIpLiteral(ip)) {
            throw new Invalid("host.ip", "expected an IPv4 or IPv6 address literal");
        }
        String rawMac = string(host, "mac", 17, false, "host.");
        String mac = NetSyntax.mac(rawMac);
        if (rawMac != null && mac == null) {
            throw new Invalid("host.mac", "expected a MAC such as aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF or aabb.ccdd.eeff");
        }
        if (hostname == null && ip == null && mac == null) {
            throw new Invalid("host", "required, with at least one of hostname, ip, mac");
        }
        String shown = hostname == null ? null : hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1)
                : hostname;
        return new Alert.AlertHost(shown, ip, mac, null);
    }

    private static Instant at(String at, Clock clock) throws Invalid {
        if (at == null) {
            return clock.instant();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new Invalid("at", "expected an ISO-8601 instant such as 2026-11-27T10:15:00Z");
        }
    }

    private static String severity(String s) throws Invalid {
        if (s == null) {
            return null;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(lower)) {
            throw new Invalid("severity", "expected one of " + String.join(", ", SEVERITIES));
        }
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private static void unknown(JsonNode object, Set<String> known, String prefix) throws Invalid {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                throw new Invalid(prefix + shown.replaceAll("\\p{Cntrl}", "?"), "unknown field");
            }
        }
    }

    private static String string(JsonNode object, String name, int max, boolean required) throws Invalid {
        return string(object, name, max, required, "");
    }

    /** A stripped string value, null when absent, JSON null or blank (unless required). */
    private static String string(JsonNode object, String name, int max, boolean required, String prefix) throws Invalid {
        String field = prefix + name;
        JsonNode v = object.get(name);
        if (v != null && !v.isNull() && !v.isTextual()) {
            throw new Invalid(field, "expected a string");
        }
        String s = v == null || v.isNull() ? null : v.textValue().strip();
        if (s == null || s.isEmpty()) {
            if (required) {
                throw new Invalid(field, "required" + (max > 0 ? ", at most " + max + " characters" : ""));
            }
            return null;
        }
        if (s.length() > max) {
            throw new Invalid(field, "at most " + max + " characters");
        }
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw new Invalid(field, "control characters are not allowed");
        }
        return s;
    }
}

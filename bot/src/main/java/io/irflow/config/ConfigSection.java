package io.irflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, error-collecting access to one config section's keys: {@code ${ENV}} references are substituted, and a bad
 * value is recorded as a problem (the default is returned) so every problem is reported together.
 */
public final class ConfigSection {
    private final String name;
    private final JsonNode node;
    private final EnvSubstitution env;
    private final List<String> problems;

    ConfigSection(JsonNode root, String name, EnvSubstitution env, List<String> problems) {
        this.name = name;
        JsonNode n = root.path(name);
        this.node = n.isObject() ? n : MissingNode.getInstance();
        this.env = env;
        this.problems = problems;
    }

    /** The section's name, e.g. {@code amp4e}. */
    public String name() {
        return name;
    }

    /** Records a problem with one of the section's keys; the load fails and reports it with the others. */
    public void problem(String key, String message) {
        problems.add(name + "." + key + ": " + message);
    }

    /** True when the config has no such section (or it is not a mapping). */
    public boolean absent() {
        return node.isMissingNode();
    }

    /** Whether the key is given (a null value counts as absent). */
    public boolean has(String key) {
        return !node.path(key).isMissingNode() && !node.path(key).isNull();
    }

    /** A text value with {@code ${ENV}} references substituted; {@code def} when absent or blank. */
    public String string(String key, String def) {
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

    /** A secret value, or null when absent. */
    public Secret secret(String key) {
        return Secret.of(string(key, null));
    }

    /** An http(s) URL with a host; a problem otherwise. */
    public String url(String key, String def) {
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

    /** A whole number from {@code min} to {@code max}; a problem otherwise. */
    public long integer(String key, long def, long min, long max) {
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

    /** A whole number from {@code min} to {@code max}, as an int. */
    public int integer(String key, int def, int min, int max) {
        return (int) integer(key, (long) def, min, max);
    }

    /** {@code true} or {@code false}; a problem otherwise. */
    public boolean bool(String key, boolean def) {
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

    /** A duration such as {@code 90s}, {@code 15m} or {@code 1h}; a problem otherwise. */
    public Duration duration(String key, Duration def) {
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

    /** A readable file, or null when absent; a problem when it cannot be read. */
    public Path path(String key) {
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

    /** A YAML list or a comma-separated text value, each entry substituted and trimmed; empty when absent. */
    public List<String> list(String key) {
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

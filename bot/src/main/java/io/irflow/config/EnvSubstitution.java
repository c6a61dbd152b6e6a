package io.irflow.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values with environment variables. */
public final class EnvSubstitution {
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    public EnvSubstitution(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Substitutes every reference in the text.
     *
     * @throws IllegalArgumentException naming the variable when it is unset and has no default
     */
    public String apply(String text) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || (value.isEmpty() && m.group(2) != null)) {
                value = m.group(2);
            }
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set and has no default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}

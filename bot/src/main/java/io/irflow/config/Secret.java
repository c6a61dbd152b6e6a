package io.irflow.config;

import java.util.Objects;

/** A credential from the config. Its {@code toString} is redacted so it cannot leak into logs or output. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** Wraps a value; null or blank gives null, so "absent" and "empty" mean the same. */
    public static Secret of(String value) {
        return value == null || value.isBlank() ? null : new Secret(value);
    }

    /** The clear value, for the one place that sends it to a product. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "***";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}

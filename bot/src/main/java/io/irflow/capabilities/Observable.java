package io.irflow.capabilities;

import java.util.Objects;

/**
 * One typed, normalised observable (refanged, hashes and MACs lower-case).
 *
 * @param type  what kind of value it is
 * @param value the normalised value
 */
public record Observable(ObservableType type, String value) {
    public Observable {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}

package io.irflow.alerts;

import java.time.Duration;

/**
 * Storm control: more than {@code threshold} new alert groups (host cards) within {@code window} switch the room to
 * one digest card per threat; a whole window without a new group switches it back.
 */
public record StormSettings(int threshold, Duration window) {
    /** The default: more than 10 new host cards in 5 minutes. */
    public static final StormSettings DEFAULT = new StormSettings(10, Duration.ofMinutes(5));

    public StormSettings {
        if (threshold < 1 || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("storm threshold must be at least 1 and the window positive");
        }
    }
}

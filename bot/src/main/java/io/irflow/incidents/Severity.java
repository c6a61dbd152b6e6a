package io.irflow.incidents;

import java.util.Locale;

/**
 * The incident severity scale, 1 (critical) to 4 (low), and how an alert's severity maps onto it. The products speak
 * in words:
 * <ul>
 *   <li>AMP for Endpoints events: {@code Low}, {@code Medium}, {@code High}, {@code Critical};</li>
 *   <li>Cognitive Intelligence incidents: the risk category ({@code Low}, {@code Medium}, {@code High}), else the
 *       confidence (same words);</li>
 *   <li>inbound alerts ({@code POST /alerts}): {@code info}, {@code low}, {@code medium}, {@code high},
 *       {@code critical}.</li>
 * </ul>
 * Critical → 1 (Critical), High → 2 (High), Medium or Moderate → 3 (Moderate), Low or Info → 4 (Low), case-insensitive.
 * An alert without a severity, or with a word not listed, opens at {@link #DEFAULT} (3, Moderate), as a typed
 * {@code /incident open} does.
 */
public final class Severity {
    /** The severity of an incident nothing says more about. */
    public static final int DEFAULT = 3;

    private Severity() {
    }

    /** The incident severity for an alert's severity word (null or unknown: {@link #DEFAULT}). */
    public static int fromAlert(String word) {
        if (word == null) {
            return DEFAULT;
        }
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "critical", "very high" -> 1;
            case "high" -> 2;
            case "medium", "moderate" -> 3;
            case "low", "info", "informational" -> 4;
            default -> DEFAULT;
        };
    }

    /** Severity 1-4 in words. */
    public static String word(int severity) {
        return switch (severity) {
            case 1 -> "Critical";
            case 2 -> "High";
            case 3 -> "Moderate";
            default -> "Low";
        };
    }
}

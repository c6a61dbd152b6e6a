package io.irflow.cards;

import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which sources said what, precisely and in one line: "AMP for Endpoints, ISE and CMX answered · Threat Grid timed
 * out · Umbrella failed (HTTP 503)". Sources that are not configured are left to the Details. Pure.
 */
final class SourcesLine {
    private SourcesLine() {
    }

    /** The line for a result (escaped), or "" when no source was asked. */
    static String of(InvestigationResult result) {
        Map<SourceStatus, List<String>> by = new LinkedHashMap<>();
        for (SourceStatus s : SourceStatus.values()) {
            by.put(s, new ArrayList<>());
        }
        List<String> failed = new ArrayList<>();
        for (SourceResult r : result.results()) {
            if (r.status() == SourceStatus.ERROR) {
                boolean why = r.detail() != null && !r.detail().isBlank();
                failed.add(Markdown.escape(r.source(), 60) + " failed"
                        + (why ? " (" + Markdown.escape(r.detail(), 60) + ")" : ""));
            } else {
                by.get(r.status()).add(Markdown.escape(r.source(), 60));
            }
        }
        List<String> parts = new ArrayList<>();
        add(parts, by.get(SourceStatus.FOUND), "answered", "answered");
        add(parts, by.get(SourceStatus.NOTHING_KNOWN), "knows nothing about it", "know nothing about it");
        add(parts, by.get(SourceStatus.TIMED_OUT), "timed out", "timed out");
        add(parts, by.get(SourceStatus.RATE_LIMITED), "is rate-limited", "are rate-limited");
        add(parts, by.get(SourceStatus.REFUSED_CREDENTIALS), "refused our credentials", "refused our credentials");
        parts.addAll(failed);
        return String.join(" · ", parts);
    }

    /** "Not configured: ISE, VirusTotal" for the Details, or "". */
    static String notConfigured(InvestigationResult result) {
        List<String> names = result.results().stream().filter(r -> r.status() == SourceStatus.NOT_CONFIGURED)
                .map(r -> Markdown.escape(r.source(), 60)).toList();
        return names.isEmpty() ? "" : "Not configured: " + String.join(", ", names);
    }

    private static void add(List<String> parts, List<String> names, String one, String many) {
        if (!names.isEmpty()) {
            parts.add(list(names) + " " + (names.size() == 1 ? one : many));
        }
    }

    /** "A", "A and B", "A, B and C". */
    static String list(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}

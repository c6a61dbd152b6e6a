package io.irflow.investigate;

import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.Verdict;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything the sources said about one observable.
 *
 * @param observable what was asked about
 * @param results    one per source, in the configured order
 * @param elapsed    wall time of the fan-out
 */
public record InvestigationResult(Observable observable, List<SourceResult> results, Duration elapsed) {
    public InvestigationResult {
        results = List.copyOf(results);
    }

    /** The verdict the card leads with: the worst found disposition, its source's reason, and who else agrees. */
    public Overall overall() {
        List<SourceResult> found = results.stream()
                .filter(r -> r.status() == SourceStatus.FOUND && r.finding() != null)
                .sorted(Comparator.comparing(r -> r.finding().verdict().disposition()))
                .toList();
        if (found.isEmpty() || found.get(0).finding().verdict().disposition() == Disposition.UNKNOWN) {
            return new Overall(Disposition.UNKNOWN, found.isEmpty() ? "No source knows anything about it."
                    : "Sources know it but none judges it.", "", List.of());
        }
        SourceResult worst = found.get(0);
        Verdict v = worst.finding().verdict();
        List<String> agreeing = found.stream().skip(1)
                .filter(r -> r.finding().verdict().disposition() == v.disposition())
                .map(SourceResult::source).collect(Collectors.toList());
        return new Overall(v.disposition(), v.reason(), worst.source(), agreeing);
    }

    /** The first user any source that found the host names for it (ISE session, AMP), or null. */
    public String hostUser() {
        return found().flatMap(f -> f.hosts().stream()).map(HostDetails::user)
                .filter(u -> u != null && !u.isBlank()).findFirst().orElse(null);
    }

    /** The first location any source that found the host gives (CMX map hierarchy), or null. */
    public String hostLocation() {
        return found().map(Finding::location).filter(Objects::nonNull).map(Location::mapHierarchy)
                .filter(l -> l != null && !l.isBlank()).findFirst().orElse(null);
    }

    /** The first location any source that found the host gives with a position on a named floor, or null. */
    public Location floorPosition() {
        return found().map(Finding::location).filter(l -> l != null && l.onFloor()).findFirst().orElse(null);
    }

    private Stream<Finding> found() {
        return results.stream().filter(s -> s.status() == SourceStatus.FOUND && s.finding() != null)
                .map(SourceResult::finding);
    }

    /**
     * The leading verdict.
     *
     * @param disposition the worst disposition any source gave
     * @param reason      that source's one-line reason
     * @param source      which source said so ("" when unknown)
     * @param agreeing    other sources with the same disposition
     */
    public record Overall(Disposition disposition, String reason, String source, List<String> agreeing) {
    }
}

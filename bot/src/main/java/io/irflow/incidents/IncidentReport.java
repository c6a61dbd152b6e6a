package io.irflow.incidents;

import io.irflow.capabilities.Observable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The incident report, rendered once as Markdown and as HTML from the same facts: summary, the times that matter
 * (detected, acknowledged, opened, first containment, contained, resolved), hosts, observables, containment actions,
 * people, ticket link and the whole timeline. Pure: everything comes in as arguments.
 *
 * @param markdown the Markdown file's text
 * @param html     the HTML file's text
 */
public record IncidentReport(String markdown, String html) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Renders the report. */
    public static IncidentReport of(Incident i, List<TimelineEntry> timeline, List<ContainmentStep> steps, String roomLink,
                                    Instant generatedAt) {
        return of(i, timeline, steps, roomLink, generatedAt, java.util.Map.of());
    }

    /** Renders the report, with the verdicts recorded for the incident's observables (by value). */
    public static IncidentReport of(Incident i, List<TimelineEntry> timeline, List<ContainmentStep> steps, String roomLink,
                                    Instant generatedAt, java.util.Map<String, String> verdicts) {
        return of(i, timeline, steps, roomLink, generatedAt, verdicts, java.util.Map.of());
    }

    /**
     * Renders the report, with the verdicts recorded for the incident's observables (by value) and the users and
     * locations investigations found for its hosts (by lower-cased host value).
     */
    public static IncidentReport of(Incident i, List<TimelineEntry> timeline, List<ContainmentStep> steps, String roomLink,
                                    Instant generatedAt, java.util.Map<String, String> verdicts,
                                    java.util.Map<String, IncidentStore.HostDetail> hostDetails) {
        return of(i, timeline, steps, roomLink, generatedAt, verdicts, hostDetails, null);
    }

    /**
     * Renders the report, with the first acknowledgement ("I'm on it") of an alert on its hosts since detection, or
     * null when there was none: the time to acknowledge is its time minus the detection time.
     */
    public static IncidentReport of(Incident i, List<TimelineEntry> timeline, List<ContainmentStep> steps,
                                    String roomLink, Instant generatedAt, java.util.Map<String, String> verdicts,
                                    java.util.Map<String, IncidentStore.HostDetail> hostDetails, Acknowledgement ack) {
        Instant detected = i.detectedAt() == null ? i.openedAt() : i.detectedAt();
        Optional<Instant> firstContainment = steps.stream().filter(ContainmentStep::contained).map(ContainmentStep::at)
                .findFirst();
        Instant contained = i.containedAt() != null ? i.containedAt() : firstContainment.orElse(null);
        Doc d = new Doc();
        d.title("Incident " + i.id() + ": " + i.title());
        d.facts(List.of(
                new String[]{"Status", i.status().word()},
                new String[]{"Severity", String.valueOf(i.severity())},
                new String[]{"Opened by", i.openedBy()},
                new String[]{"Assignee", i.assignee() == null ? "unassigned" : i.assignee()},
                new String[]{"Ticket", i.ticketNumber() == null ? "none" : i.ticketNumber()
                        + (i.ticketUrl() == null ? "" : " (" + i.ticketUrl() + ")")},
                new String[]{"Webex room", roomLink == null ? "none" : roomLink},
                new String[]{"Resolution", i.resolution() == null ? "" : i.resolution()},
                new String[]{"Report generated", TIME.format(generatedAt)}));
        d.heading("Times");
        d.facts(List.of(
                new String[]{"Detected", time(detected)},
                new String[]{"Acknowledged", ack == null ? "not yet" : time(ack.at()) + since(detected, ack.at())
                        + " by " + ack.by() + " (" + ack.what() + ")"},
                new String[]{"Opened", time(i.openedAt()) + since(detected, i.openedAt())},
                new String[]{"First containment", firstContainment.map(t -> time(t) + since(detected, t)).orElse("none")},
                new String[]{"Contained", contained == null ? "not yet" : time(contained) + since(detected, contained)},
                new String[]{"Resolved", i.resolvedAt() == null ? "not yet" : time(i.resolvedAt()) + since(detected,
                        i.resolvedAt())},
                new String[]{"Time to acknowledge", (ack == null ? "n/a" : human(Duration.between(detected, ack.at())))
                        + " (first \"I'm on it\" on an alert card for its hosts since detection, minus detection)"},
                new String[]{"Time to contain", contained == null ? "n/a" : human(Duration.between(detected, contained))}));
        d.heading("Hosts");
        d.list(i.hosts().stream().map(o -> o.value() + " (" + o.type().name().toLowerCase()
                + (verdicts.containsKey(o.value()) ? ", verdict: " + verdicts.get(o.value()) : "")
                + hostDetail(hostDetails.get(o.value().toLowerCase(java.util.Locale.ROOT))) + ")").toList());
        d.heading("Observables");
        d.list(i.indicators().stream().map(o -> observable(o, verdicts.get(o.value()))).toList());
        d.heading("Containment actions");
        d.list(steps.stream().map(s -> time(s.at()) + " · " + s.event().toLowerCase() + " " + s.action().toLowerCase()
                + " " + s.target() + " via " + s.product() + " by " + s.actor()
                + (s.outcome() == null ? "" : " · " + s.outcome()) + undoState(s, steps)).toList());
        d.heading("People involved");
        Set<String> people = new LinkedHashSet<>();
        people.add(i.openedBy());
        if (i.assignee() != null) {
            people.add(i.assignee());
        }
        if (ack != null) {
            people.add(ack.by());
        }
        timeline.stream().map(TimelineEntry::actor).filter(a -> !IncidentService.IRFLOW.equals(a)).forEach(people::add);
        d.list(List.copyOf(people));
        d.heading("Timeline");
        d.list(timeline.stream().map(e -> time(e.at()) + " · " + e.actor() + " · " + e.kind().name().toLowerCase() + " · "
                + e.text()).toList());
        return new IncidentReport(d.md.toString(), "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
                + Doc.html(i.id()) + "</title></head><body>\n" + d.html + "</body></html>\n");
    }

    private static String hostDetail(IncidentStore.HostDetail h) {
        if (h == null) {
            return ", user: not recorded, location: not recorded";
        }
        return ", user: " + (h.user() == null ? "not recorded" : h.user()) + ", location: "
                + (h.location() == null ? "not recorded" : h.location());
    }

    /**
     * For an executed step: still in effect, or undone (when, by whom). The source's state wins; without one, a later
     * undo in the same room still shows.
     */
    private static String undoState(ContainmentStep s, List<ContainmentStep> steps) {
        if (!s.contained()) {
            return "";
        }
        ContainmentStep.State st = s.state();
        if (st == null) {
            st = steps.stream().filter(u -> "UNDONE".equals(u.event()) && u.action().equals(s.action())
                            && u.target().equals(s.target()) && !u.at().isBefore(s.at()))
                    .findFirst().map(u -> ContainmentStep.State.undone(u.at(), u.actor())).orElse(null);
        }
        if (st == null) {
            return " · undo state: not known";
        }
        if (st.undoneAt() != null) {
            return " · undone " + time(st.undoneAt()) + (st.undoneBy() == null ? "" : " by " + st.undoneBy())
                    + " (in effect " + human(Duration.between(s.at(), st.undoneAt())) + ")";
        }
        if (st.inEffect()) {
            return " · still in effect" + (st.since() == null ? "" : " (held since " + time(st.since()) + ")");
        }
        return " · no longer held (no undo recorded)";
    }

    private static String observable(Observable o, String verdict) {
        // Verdicts come from investigations run in the incident's room (or the card the incident was opened from).
        return o.value() + " (" + o.type().name().toLowerCase() + ", verdict: " + (verdict == null ? "not recorded"
                : verdict) + ")";
    }

    /** A time as the report writes it ("2026-11-27 10:05:00 UTC"); "" for null. */
    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private static String since(Instant from, Instant to) {
        return from == null || to == null || to.isBefore(from) ? "" : " (+" + human(Duration.between(from, to)) + ")";
    }

    /** A duration as "1h 05m 03s". */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 86_400 ? "%dd %02dh %02dm".formatted(s / 86_400, s % 86_400 / 3600, s % 3600 / 60)
                : "%dh %02dm %02ds".formatted(s / 3600, s % 3600 / 60, s % 60);
    }

    /** Writes Markdown and HTML side by side. */
    static final class Doc {
        private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile(
                "https?://[^\\s<>\"`]+", java.util.regex.Pattern.CASE_INSENSITIVE);
        final StringBuilder md = new StringBuilder();
        final StringBuilder html = new StringBuilder();

        void title(String t) {
            md.append("# ").append(mdEscape(t)).append("\n\n");
            html.append("<h1>").append(html(t)).append("</h1>\n");
        }

        void heading(String t) {
            md.append("\n## ").append(t).append("\n\n");
            html.append("<h2>").append(html(t)).append("</h2>\n");
        }

        void facts(List<String[]> facts) {
            md.append("| | |\n|---|---|\n");
            html.append("<table>\n");
            for (String[] f : facts) {
                md.append("| ").append(f[0]).append(" | ").append(mdEscape(f[1]).replace("|", "\\|")).append(" |\n");
                html.append("<tr><th>").append(html(f[0])).append("</th><td>").append(html(f[1])).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }

        void list(List<String> items) {
            if (items.isEmpty()) {
                md.append("_none_\n");
                html.append("<p><em>none</em></p>\n");
                return;
            }
            html.append("<ul>\n");
            for (String item : items) {
                md.append("- ").append(mdEscape(item)).append('\n');
                html.append("<li>").append(html(item)).append("</li>\n");
            }
            html.append("</ul>\n");
        }

        /**
         * Text for the Markdown file, on one line: Markdown's special characters escaped, so product text cannot
         * format or link anything, except http(s) URLs, which become links showing themselves
         * ({@code [https://…/nav\_to.do?…](https://…/nav_to.do?…)}): a bare escaped URL is shown and followed with its
         * backslashes ({@code nav\_to.do}), and Webex documents {@code [text](url)} but not {@code <url>}. The text is
         * escaped as usual; in the target, characters that could end it or a table cell are percent-encoded.
         */
        static String mdEscape(String s) {
            if (s == null) {
                return "";
            }
            String flat = s.replaceAll("[\\r\\n]+", " ");
            StringBuilder out = new StringBuilder();
            java.util.regex.Matcher m = URL.matcher(flat);
            int from = 0;
            while (m.find()) {
                String url = trimTrailing(m.group());
                out.append(escapeText(flat.substring(from, m.start()))).append('[').append(escapeText(url)).append("](")
                        .append(url.replace("\\", "%5C").replace("|", "%7C").replace("(", "%28").replace(")", "%29"))
                        .append(')');
                from = m.start() + url.length();
            }
            return out.append(escapeText(flat.substring(from))).toString();
        }

        private static String escapeText(String s) {
            return s.replaceAll("([\\\\`*_\\[\\]<>])", "\\\\$1");
        }

        /** A URL without the sentence punctuation after it (a closing bracket only when it has no opener). */
        private static String trimTrailing(String url) {
            String u = url;
            while (u.length() > "https://x".length()) {
                char last = u.charAt(u.length() - 1);
                boolean unbalanced = (last == ')' && u.chars().filter(c -> c == '(').count()
                        < u.chars().filter(c -> c == ')').count())
                        || (last == ']' && u.chars().filter(c -> c == '[').count()
                        < u.chars().filter(c -> c == ']').count());
                if (".,;:!?'\"".indexOf(last) < 0 && !unbalanced) {
                    break;
                }
                u = u.substring(0, u.length() - 1);
            }
            return u;
        }

        static String html(String s) {
            return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}

package io.irflow.webex;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the RFC 5988 {@code Link} header Webex uses for pagination. */
final class LinkHeader {
    private static final Pattern ENTRY = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile("rel\\s*=\\s*\"?([^\";,]*)\"?");

    private LinkHeader() {
    }

    /** The URL of the {@code rel="next"} entry across all Link header values, if any. */
    static Optional<String> next(List<String> values) {
        if (values == null) {
            return Optional.empty();
        }
        for (String value : values) {
            Matcher m = ENTRY.matcher(value);
            while (m.find()) {
                Matcher rel = REL_NEXT.matcher(m.group(2));
                while (rel.find()) {
                    for (String r : rel.group(1).trim().split("\\s+")) {
                        if (r.equalsIgnoreCase("next")) {
                            return Optional.of(m.group(1).trim());
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}

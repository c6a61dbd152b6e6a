package io.irflow.net;

import java.nio.charset.StandardCharsets;

/**
 * Builds URL paths from segments, so a value that came from chat, an alert or a product can never leave the endpoint
 * it was meant for. Every product adapter and the Webex client put variable path parts through here.
 *
 * <p>The rule (RFC 3986 §3.3): each segment is UTF-8 encoded and every byte that is not an unreserved character
 * ({@code A-Z a-z 0-9 - . _ ~}) or {@code ':'} is percent-encoded. So {@code '/'}, {@code '?'}, {@code '#'},
 * {@code '%'}, space and {@code ';'} (a path parameter to Tomcat, which ISE runs on) are always encoded, and a URL put
 * in a path (Investigate) is one segment. {@code ':'} stays as it is: it is legal in a segment that is not the first
 * of a relative reference, and MAC and IPv6 paths read as the products document them.
 *
 * <p>An empty segment, {@code "."} and {@code ".."} are refused rather than encoded: {@code %2E%2E} is the same as
 * {@code ".."} to RFC 3986 normalisation, so a client, proxy or server may still collapse it into a parent directory.
 * So is a value that holds such a segment between slashes or backslashes ({@code "../admin"}, {@code "a/../b"}):
 * its {@code '/'} would go out as {@code %2F}, but a server that decodes {@code %2F} before normalising (Jetty does,
 * and answers 400 when that climbs above the root) would still see a parent step. No product identifier irflow sends
 * (GUIDs, hashes, host names, IPs, MACs, base64url ids, Webex ids) looks like any of these.
 */
public final class UrlPaths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlPaths() {
    }

    /**
     * {@code "/" + segment(s1) + "/" + segment(s2) ...}, e.g. {@code of("v1", "computers", guid, "isolation")}.
     *
     * @throws IllegalArgumentException when a segment is refused by {@link #segment}
     */
    public static String of(String... segments) {
        if (segments.length == 0) {
            throw new IllegalArgumentException("a URL path needs at least one segment");
        }
        StringBuilder path = new StringBuilder();
        for (String s : segments) {
            path.append('/').append(segment(s));
        }
        return path.toString();
    }

    /**
     * As {@link #of}, or null when a segment is refused: for console links shown in chat, where no link is better
     * than one that points somewhere else.
     */
    public static String orNull(String... segments) {
        try {
            return of(segments);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * One percent-encoded path segment.
     *
     * @throws IllegalArgumentException when the value is null, empty, "." or "..", or holds "." or ".." between
     *                                  slashes or backslashes
     */
    public static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("refused as a URL path segment: "
                    + (value == null ? "null" : "an empty value"));
        }
        for (String part : value.split("[/\\\\]", -1)) {
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("refused as a URL path segment: a value with a '" + part
                        + "' step");
            }
        }
        return encode(value);
    }

    /**
     * A query-string value for URLs irflow writes by hand (the HTTP library's {@code queryString} does this itself):
     * the same encoding as a segment, so {@code '&'}, {@code '='}, {@code '+'} and {@code '#'} cannot add parameters.
     */
    public static String queryValue(String value) {
        return encode(value == null ? "" : value);
    }

    private static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (kept(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean kept(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == ':';
    }
}

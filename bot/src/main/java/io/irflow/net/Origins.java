package io.irflow.net;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Same-origin checks: a product's next-page links (credentials only ever go to the configured host) and whether a
 * Webex conversation lives on the home cluster's conversation host.
 */
public final class Origins {
    private Origins() {
    }

    /** Whether an absolute URL has the scheme, host and port (defaults filled in) of the configured base. */
    public static boolean same(String url, String base) {
        try {
            URI a = URI.create(url.trim());
            URI b = URI.create(base);
            return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                    && Objects.equals(lower(a.getHost()), lower(b.getHost())) && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}

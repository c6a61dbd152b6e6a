package io.irflow.sandbox.sim;

import io.irflow.sandbox.Company;

import java.util.List;
import java.util.Locale;

/** What the simulated intelligence products agree on: which domains, IPs and URLs are bad, and which are benign. */
final class Intel {
    /** Well-known benign domains every intelligence product knows. */
    static final List<String> BENIGN = List.of("acme.example", "example.com", "example.org", "cisco.com",
            "google.com", "microsoft.com", "amazon.com", "webex.com", "github.com");

    private final Company company;

    Intel(Company company) {
        this.company = company;
    }

    /** The C2 domain's registrable parent, e.g. {@code badguys.example}. */
    String badParent() {
        String d = company.threat().c2Domain();
        return d.substring(d.indexOf('.') + 1);
    }

    /** Whether a domain is the C2 domain or under the same bad parent. */
    boolean badDomain(String domain) {
        String d = norm(domain);
        return d.equals(badParent()) || d.endsWith("." + badParent());
    }

    /** Whether a domain (or its parent) is a well-known benign one. */
    boolean benignDomain(String domain) {
        String d = norm(domain);
        return BENIGN.stream().anyMatch(b -> d.equals(b) || d.endsWith("." + b));
    }

    /** Whether an IP is the C2 server. */
    boolean badIp(String ip) {
        return company.threat().c2Ip().equals(ip.trim());
    }

    /** Whether a hash (SHA-256, SHA-1 or MD5) is the known-bad file's. */
    boolean badHash(String hash) {
        String h = hash.trim().toLowerCase(Locale.ROOT);
        Company.Threat t = company.threat();
        return h.equals(t.sha256()) || h.equals(t.sha1()) || h.equals(t.md5());
    }

    /** Whether a URL points at the bad infrastructure. */
    boolean badUrl(String url) {
        String host = hostOf(url);
        return host != null && (badDomain(host) || badIp(host));
    }

    /** The host part of a URL, or null. */
    static String hostOf(String url) {
        try {
            String u = url.trim().contains("://") ? url.trim() : "http://" + url.trim();
            String h = java.net.URI.create(u).getHost();
            return h == null ? null : norm(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String norm(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}

package io.irflow.hosts;

import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One identifier of a host, normalised (trimmed, lower case) so "WKS-FIN-042" and "wks-fin-042" are one value.
 *
 * @param kind  what the value is
 * @param value the normalised value
 */
public record HostIdentifier(Kind kind, String value) {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * What an identifier is. A <em>strong</em> one names one host for good (a host name, a MAC, a product's host id):
     * two observations sharing one are the same host. A weak one (an IP, a short name) moves to the host last seen
     * with it and never joins two hosts: DHCP hands an address to another computer, and two domains may hold one
     * short name.
     */
    public enum Kind {
        HOSTNAME(true), SHORT_NAME(false), IP(false), MAC(true), AMP_CONNECTOR(true), SIGHTING_TARGET(true);

        private final boolean strong;

        Kind(boolean strong) {
            this.strong = strong;
        }

        /** Whether this identifier names one host for good. */
        public boolean strong() {
            return strong;
        }
    }

    public HostIdentifier {
        Objects.requireNonNull(kind, "kind");
        value = normalise(value);
    }

    /** The normalised form of any identifier: trimmed, lower case. */
    public static String normalise(String value) {
        return Objects.requireNonNull(value, "value").trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The identifiers one product record gives: its host name (and, for an FQDN, the short name), IPs, well-formed
     * MACs and its own host id. The user is not one: people log on to many hosts.
     */
    public static List<HostIdentifier> of(HostDetails h) {
        List<HostIdentifier> out = new ArrayList<>();
        if (h.hostname() != null && !h.hostname().isBlank()) {
            String name = normalise(h.hostname());
            out.add(new HostIdentifier(Kind.HOSTNAME, name));
            int dot = name.indexOf('.');
            if (dot > 0 && !IPV4.matcher(name).matches()) {
                out.add(new HostIdentifier(Kind.SHORT_NAME, name.substring(0, dot)));
            }
        }
        for (String ip : h.ips()) {
            if (ip != null && !ip.isBlank()) {
                out.add(new HostIdentifier(Kind.IP, ip));
            }
        }
        for (String mac : h.macs()) {
            if (mac != null && MAC.matcher(normalise(mac)).matches()) {
                out.add(new HostIdentifier(Kind.MAC, mac));
            }
        }
        if (h.id() != null && !h.id().value().isBlank()) {
            out.add(new HostIdentifier(h.id().is(HostId.Kind.AMP_CONNECTOR) ? Kind.AMP_CONNECTOR : Kind.SIGHTING_TARGET,
                    h.id().value()));
        }
        return out.stream().distinct().toList();
    }
}

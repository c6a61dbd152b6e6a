package io.irflow.adapters.threatresponse;

import io.irflow.capabilities.ObservableType;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps irflow observable types to CTIM observable types and back (docs/reference/threatresponse.md#ctim-types). */
final class CtimTypes {
    private static final Map<ObservableType, String> TO_CTIM = Map.of(
            ObservableType.SHA256, "sha256",
            ObservableType.SHA1, "sha1",
            ObservableType.MD5, "md5",
            ObservableType.DOMAIN, "domain",
            ObservableType.IPV4, "ip",
            ObservableType.IPV6, "ipv6",
            ObservableType.URL, "url",
            ObservableType.HOSTNAME, "hostname",
            ObservableType.MAC, "mac_address");
    private static final Map<String, ObservableType> FROM_CTIM = Map.of(
            "sha256", ObservableType.SHA256,
            "sha1", ObservableType.SHA1,
            "md5", ObservableType.MD5,
            "domain", ObservableType.DOMAIN,
            "ip", ObservableType.IPV4,
            "ipv6", ObservableType.IPV6,
            "url", ObservableType.URL,
            "hostname", ObservableType.HOSTNAME,
            "mac_address", ObservableType.MAC);

    private CtimTypes() {
    }

    /** The CTIM type for one of ours (every irflow type has one). */
    static String toCtim(ObservableType type) {
        return TO_CTIM.get(type);
    }

    /** Our type for a CTIM type, or empty for types irflow does not handle (email, file_name, user...). */
    static Optional<ObservableType> fromCtim(String ctimType) {
        return ctimType == null ? Optional.empty()
                : Optional.ofNullable(FROM_CTIM.get(ctimType.trim().toLowerCase(Locale.ROOT)));
    }

    /** Normalises a value the way irflow's observables are: hashes and MACs lower-case, MACs in colon form. */
    static String normalise(ObservableType type, String value) {
        String v = value.trim();
        if (type.isHash()) {
            return v.toLowerCase(Locale.ROOT);
        }
        if (type == ObservableType.MAC) {
            String hex = v.toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
            return hex.length() == 12 ? hex.replaceAll("(..)(?!$)", "$1:") : v.toLowerCase(Locale.ROOT);
        }
        return v;
    }
}

package io.irflow.incidents;

import io.irflow.store.Jdbc;

import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an Open incident button opens, by the opaque reference the button carries: an investigated observable stored
 * here when its card is drawn, or an alert as the alert store keeps it. Card data is never trusted for targets.
 */
public final class IncidentSeedStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbc jdbc;
    private final Function<String, Optional<Seed>> alerts;

    /**
     * The pre-filled incident.
     *
     * @param title       e.g. "Executed malware on WKS-FIN-042"
     * @param observables hosts and indicators
     * @param detectedAt  when the alert was seen, or null
     * @param verdicts    verdicts known for some observables (value → words)
     * @param severity    the incident's severity, 1-4 ({@link Severity#fromAlert} for an alert's)
     * @param hostKeys    host identifiers beyond the observables (the AMP connector guid), for joining containment
     * @param user        who was on the host (from the alert's host context), or null
     * @param location    where the host was, or null
     */
    public record Seed(String title, List<Observable> observables, Instant detectedAt, Map<String, String> verdicts,
                       int severity, List<String> hostKeys, String user, String location) {
        public Seed {
            observables = List.copyOf(observables);
            verdicts = Map.copyOf(verdicts);
            hostKeys = List.copyOf(hostKeys);
        }

        /** A seed at the default severity with nothing known about its hosts. */
        public Seed(String title, List<Observable> observables, Instant detectedAt, Map<String, String> verdicts) {
            this(title, observables, detectedAt, verdicts, Severity.DEFAULT, List.of(), null, null);
        }

        /** This seed with one more verdict (value → words); a verdict already known for the value stays. */
        public Seed withVerdict(String value, String verdict) {
            Map<String, String> all = new java.util.LinkedHashMap<>();
            all.put(value, verdict);
            all.putAll(verdicts);
            return new Seed(title, observables, detectedAt, all, severity, hostKeys, user, location);
        }

        /** The host names, IPs and MACs among the observables, with the extra host keys, lower-cased. */
        public List<String> allHostKeys() {
            List<String> keys = new ArrayList<>();
            observables.stream().filter(Incident::isHost).forEach(o -> keys.add(o.value().toLowerCase()));
            hostKeys.forEach(k -> keys.add(k.toLowerCase()));
            return keys;
        }
    }

    /**
     * @param alerts the seed of an alert by the reference its card's button carries (the alert store, through
     *               {@link #fromAlert}), empty when there is no such alert
     */
    public IncidentSeedStore(DataSource ds, Function<String, Optional<Seed>> alerts) {
        this.jdbc = new Jdbc(ds);
        this.alerts = alerts;
    }

    /** Stores an investigated observable and returns the reference its card's button carries. */
    public String offer(String title, Observable o, String verdict, Instant now) {
        return offer(title, o, verdict, null, null, now);
    }

    /**
     * Stores an investigated observable with who was on it and where (for a host; null when not known) and returns
     * the reference its card's button carries.
     */
    public String offer(String title, Observable o, String verdict, String user, String location, Instant now) {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        String ref = "inv-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        jdbc.update("INSERT INTO incident_seed (ref, title, obs_type, obs_value, verdict, created_at, host_user, "
                + "host_location) VALUES (?,?,?,?,?,?,?,?)", ref, IncidentStore.clip(title, 500), o.type(),
                IncidentStore.clip(o.value(), 512), IncidentStore.clip(verdict, 600), now, IncidentStore.clip(user, 320),
                IncidentStore.clip(location, 1000));
        return ref;
    }

    /** The seed behind a button's reference: an investigated observable, else an alert. */
    public Optional<Seed> find(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        Optional<Seed> seed = jdbc.query("SELECT title, obs_type, obs_value, verdict, host_user, host_location "
                + "FROM incident_seed WHERE ref = ?", rs -> {
                    Observable o = new Observable(ObservableType.valueOf(rs.getString(2)), rs.getString(3));
                    String v = rs.getString(4);
                    return new Seed(rs.getString(1), List.of(o), null, v == null ? Map.of() : Map.of(o.value(), v),
                            Severity.DEFAULT, List.of(), rs.getString(5), rs.getString(6));
                }, ref).stream().findFirst();
        return seed.isPresent() ? seed : alerts.apply(ref);
    }

    /** The seed of an alert as the alert store keeps it: its host's names and addresses, its file, its title. */
    public static Seed fromAlert(String title, Alert.AlertHost h, String sha256, Instant at) {
        return fromAlert(title, h, sha256, at, null, null, null);
    }

    /**
     * The seed of an alert as the alert store keeps it, with its severity word (mapped by {@link Severity#fromAlert})
     * and who was on its host and where (the alert card's host context; null when not known).
     */
    public static Seed fromAlert(String title, Alert.AlertHost h, String sha256, Instant at, String severity, String user,
                                 String location) {
        List<Observable> obs = new ArrayList<>();
        if (notBlank(h.hostname())) {
            obs.add(new Observable(ObservableType.HOSTNAME, h.hostname().toLowerCase()));
        }
        if (notBlank(h.ip())) {
            obs.add(new Observable(h.ip().contains(":") ? ObservableType.IPV6 : ObservableType.IPV4, h.ip()));
        }
        if (notBlank(h.mac())) {
            obs.add(new Observable(ObservableType.MAC, mac(h.mac())));
        }
        if (notBlank(sha256)) {
            obs.add(new Observable(ObservableType.SHA256, sha256.toLowerCase()));
        }
        String host = notBlank(h.hostname()) ? h.hostname() : notBlank(h.ip()) ? h.ip() : h.mac();
        String what = notBlank(title) ? title : "Alert";
        List<String> keys = notBlank(h.connectorGuid()) ? List.of(h.connectorGuid().toLowerCase()) : List.of();
        return new Seed(host == null ? what : what + " on " + host, obs, at, Map.of(), Severity.fromAlert(severity), keys,
                user, location);
    }

    /** A MAC address as the parser writes it (aa:bb:cc:dd:ee:ff), or lower-cased when it is not one. */
    public static String mac(String raw) {
        String hex = raw.replaceAll("[^0-9A-Fa-f]", "").toLowerCase();
        return hex.length() != 12 ? raw.toLowerCase() : hex.replaceAll("(..)(?!$)", "$1:");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}

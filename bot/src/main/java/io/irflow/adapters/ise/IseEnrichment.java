package io.irflow.adapters.ise;

import io.irflow.adapters.ConcurrentCalls;
import io.irflow.adapters.ise.dto.AncEndpoint;
import io.irflow.adapters.ise.dto.AncPolicy;
import io.irflow.adapters.ise.dto.MntSession;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Fact;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Probe;
import io.irflow.capabilities.Verdict;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cisco ISE as an enrichment source: who is on an endpoint right now and whether ANC has contained it.
 * <p>Operations: MnT active-session lookup ({@code Session/MACAddress}, {@code Session/EndPointIPAddress}) and the
 * endpoint's ANC assignment from ERS ({@code ancendpoint}, {@code ancpolicy}). Inputs: MAC and IPv4 (ISE offers no
 * host-name lookup in ERS or MnT). For a MAC the session and the ANC assignment are asked side by side (see
 * {@link ConcurrentCalls}); for an IP the ANC lookup needs the MAC the session names, so it follows it, and a policy
 * other than the configured one is looked up after the assignment names it.
 * Verdict: UNKNOWN, except SUSPICIOUS for an endpoint under an ANC quarantine policy.
 * Config: {@link IseConfig} (ERS url, MnT url, accounts, the quarantine ANC policy name).
 */
public final class IseEnrichment implements Enrichment, Probe, AutoCloseable {
    public static final String SOURCE = "ISE";
    private static final Pattern MAC = Pattern.compile("(?i)^[0-9a-f]{2}(:[0-9a-f]{2}){5}$");

    private final IseClient ers;
    private final IseMntClient mnt;
    private final String quarantinePolicy;
    private final ConcurrentCalls calls;

    public IseEnrichment(IseConfig config) {
        this.ers = new IseClient(config);
        this.mnt = new IseMntClient(config);
        this.quarantinePolicy = config.ancPolicy();
        this.calls = ConcurrentCalls.of(SOURCE, config.url());
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public boolean supports(ObservableType type) {
        return type == ObservableType.MAC || type == ObservableType.IPV4;
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        return switch (observable.type()) {
            case MAC -> byMac(observable.value().toUpperCase(Locale.ROOT));
            case IPV4 -> byIp(observable.value());
            default -> Finding.nothingKnown(SOURCE);
        };
    }

    /** Checks both ERS and MnT, since they are separate hosts and often separate accounts. */
    @Override
    public void probe() throws AdapterException {
        ers.ping();
        mnt.activeCount();
    }

    /** An endpoint can be under ANC without an active session (it was rejected), so ANC is checked either way. */
    private Finding byMac(String upperMac) throws AdapterException {
        try (ConcurrentCalls.Lookup lookup = calls.lookup()) {
            ConcurrentCalls.Pending<Optional<AncEndpoint>> anc = lookup.start(() -> ers.ancEndpointByMac(upperMac));
            Optional<MntSession> session = mnt.sessionByMac(upperMac);
            if (session.isEmpty()) {
                Optional<AncEndpoint> assigned = anc.join();
                return assigned.isEmpty() ? Finding.nothingKnown(SOURCE) : finding(null, upperMac, assigned, null);
            }
            return withAnc(session.get(), upperMac, anc::join);
        }
    }

    private Finding byIp(String ip) throws AdapterException {
        Optional<MntSession> session = mnt.sessionByEndpointIp(ip);
        if (session.isEmpty()) {
            return Finding.nothingKnown(SOURCE);
        }
        String station = session.get().callingStationId();
        // VPN sessions carry an IP in calling_station_id: no MAC, so no ANC lookup.
        String mac = station != null && MAC.matcher(station).matches() ? station.toUpperCase(Locale.ROOT) : null;
        return withAnc(session.get(), mac, () -> ers.ancEndpointByMac(mac));
    }

    /** ANC failures do not hide a session we already have; they become a fact instead. */
    private Finding withAnc(MntSession session, String upperMac, ConcurrentCalls.Call<Optional<AncEndpoint>> anc) {
        if (upperMac == null) {
            return finding(session, null, Optional.empty(), null);
        }
        try {
            return finding(session, upperMac, anc.run(), null);
        } catch (AdapterException e) {
            return finding(session, upperMac, Optional.empty(), "could not check (" + e.getMessage() + ")");
        }
    }

    private Finding finding(MntSession s, String upperMac, Optional<AncEndpoint> anc, String ancProblem) {
        String policy = anc.map(AncEndpoint::policyName).filter(p -> !p.isBlank()).orElse(null);
        List<Fact> facts = new ArrayList<>(s == null ? List.of() : IseFacts.session(s));
        if (s == null) {
            facts.add(new Fact("Session", "no active session"));
        }
        facts.add(new Fact("ANC policy", ancProblem != null ? ancProblem : policy != null ? policy : "none"));
        HostDetails host = new HostDetails(null, s == null ? List.of() : IseFacts.ips(s),
                upperMac == null ? List.of() : List.of(upperMac.toLowerCase(Locale.ROOT)),
                s == null ? null : IseFacts.user(s), null, null,
                policy == null ? null : "ANC: " + policy, s == null ? null : instant(s.authAcsTimestamp()));
        return new Finding(SOURCE, true, verdict(policy), facts, List.of(), List.of(host), null);
    }

    private Verdict verdict(String policy) {
        if (policy == null) {
            return Verdict.unknown();
        }
        if (isQuarantine(policy)) {
            return new Verdict(Disposition.SUSPICIOUS, "quarantined by ANC policy " + policy);
        }
        return new Verdict(Disposition.UNKNOWN, "ANC policy " + policy + " applied");
    }

    /** The configured quarantine policy, or any policy whose actions include QUARANTINE. */
    private boolean isQuarantine(String policy) {
        if (policy.equals(quarantinePolicy)) {
            return true;
        }
        try {
            return ers.ancPolicy(policy).map(AncPolicy::actions).orElse(List.of()).contains("QUARANTINE");
        } catch (AdapterException e) {
            return false; // the assignment itself is still reported; only the label is uncertain
        }
    }

    private static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        calls.close();
        ers.close();
        mnt.close();
    }
}

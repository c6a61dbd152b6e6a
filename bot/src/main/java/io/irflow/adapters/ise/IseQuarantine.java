package io.irflow.adapters.ise;

import io.irflow.adapters.ise.dto.AncEndpoint;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentCheck;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentState;
import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.capabilities.ContainmentResult.Change;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Quarantines and releases a MAC address through ISE Adaptive Network Control with the configured ANC policy.
 * <ul>
 *   <li>apply: PUT /ers/config/ancendpoint/apply (204); "already associated" is {@link Change#ALREADY}.</li>
 *   <li>undo: PUT /ers/config/ancendpoint/clear (204); "not associated" is {@link Change#ALREADY}.</li>
 *   <li>isContained: the MAC's ANC endpoint (GET /ers/config/ancendpoint…); true only under the configured policy.</li>
 *   <li>check (verification and drift): the same ANC endpoint lookup, which states the policy name ISE holds for
 *   the MAC (docs/reference/ise.md#anc-assignments); in effect only under the configured policy.</li>
 *   <li>Accepts MACs as aa:bb:cc:dd:ee:ff (also dash, dotted or bare forms) and sends ISE's XX:XX:XX:XX:XX:XX.
 *   An unknown policy name, a missing policy setting or a malformed MAC is BAD_INPUT.</li>
 * </ul>
 * Config: {@link IseConfig} (ERS URL and an ERS Admin account, {@code anc_policy}), or a shared {@link IseClient}
 * plus the policy name.
 */
public final class IseQuarantine implements Containment, ContainmentCheck, AutoCloseable {
    private final IseClient client;
    private final String policy;
    private final boolean ownsClient;

    /** A quarantine action with its own ERS client and the config's ANC policy. */
    public IseQuarantine(IseConfig config) {
        this(new IseClient(config), config.ancPolicy(), true);
    }

    /** A quarantine action on a shared ERS client with the given ANC policy name (exact, case-sensitive). */
    public IseQuarantine(IseClient client, String ancPolicy) {
        this(client, ancPolicy, false);
    }

    private IseQuarantine(IseClient client, String ancPolicy, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.policy = ancPolicy == null || ancPolicy.isBlank() ? null : ancPolicy.trim();
        this.ownsClient = ownsClient;
    }

    @Override
    public ContainmentKind kind() {
        return ContainmentKind.QUARANTINE;
    }

    @Override
    public String product() {
        return IseEnrichment.SOURCE;
    }

    /** The ANC policy this action applies, or null when none is configured. */
    public String policy() {
        return policy;
    }

    @Override
    public Optional<Boolean> isContained(String target) throws AdapterException {
        Optional<AncEndpoint> anc = client.ancEndpointByMac(iseMac(target));
        if (anc.isEmpty()) {
            return Optional.of(false);
        }
        String applied = anc.get().policyName();
        // An entry without a policy name is still an ANC assignment; one under another policy is not ours.
        return Optional.of(applied == null || policy == null || applied.equals(policy));
    }

    @Override
    public Optional<ContainmentCheck> check() {
        return Optional.of(this);
    }

    /** The MAC's ANC endpoint as ISE lists it: in effect only under the configured policy. */
    @Override
    public ContainmentState observe(String target) throws AdapterException {
        String mac = iseMac(target);
        Optional<AncEndpoint> anc = client.ancEndpointByMac(mac);
        if (anc.isEmpty()) {
            return new ContainmentState(Status.NOT_IN_EFFECT, "", "ISE shows no ANC policy on " + mac);
        }
        String applied = anc.get().policyName();
        if (applied == null || applied.isBlank()) {
            return new ContainmentState(Status.IN_EFFECT, "", "ISE shows an ANC assignment on " + mac);
        }
        boolean ours = policy == null || applied.equals(policy);
        return new ContainmentState(ours ? Status.IN_EFFECT : Status.NOT_IN_EFFECT, applied,
                "ISE shows ANC policy " + applied + " on " + mac + (ours ? "" : " (not " + policy + ")"));
    }

    @Override
    public ContainmentResult apply(String target) throws AdapterException {
        String mac = iseMac(target);
        AncResult result = client.applyPolicy(mac, requirePolicy());
        return result.outcome() == AncOutcome.ALREADY_APPLIED
                ? new ContainmentResult(Change.ALREADY, mac + " already has ANC policy " + policy, result.status(), null, null)
                : new ContainmentResult(Change.DONE, "ANC policy " + policy + " applied to " + mac, result.status(), null, null);
    }

    @Override
    public ContainmentResult undo(String target) throws AdapterException {
        String mac = iseMac(target);
        AncResult result = client.clearPolicy(mac, requirePolicy());
        return result.outcome() == AncOutcome.NOT_APPLIED
                ? new ContainmentResult(Change.ALREADY, mac + " had no ANC policy", result.status(), null, null)
                : new ContainmentResult(Change.DONE, "ANC policy " + policy + " cleared from " + mac, result.status(), null, null);
    }

    @Override
    public String wouldHave(String target, boolean undo) throws AdapterException {
        String mac = iseMac(target);
        return undo ? "cleared ANC policy " + requirePolicy() + " from " + mac + " on " + client.host()
                : "applied ANC policy " + requirePolicy() + " to " + mac + " on " + client.host();
    }

    private String requirePolicy() throws AdapterException {
        if (policy == null) {
            throw new AdapterException(IseEnrichment.SOURCE, Kind.BAD_INPUT,
                    "no ANC policy is configured for quarantine (set ise.anc_policy to an ANC policy name in ISE)");
        }
        return policy;
    }

    /**
     * ISE's MAC form (docs/reference/ise.md#mac-format): 12 hex digits, upper case, colon-joined; accepts colon, dash,
     * Cisco dotted and bare input.
     */
    static String iseMac(String target) throws AdapterException {
        String hex = target == null ? "" : target.trim().replaceAll("[:.\\-]", "");
        if (!hex.matches("[0-9a-fA-F]{12}")) {
            throw new AdapterException(IseEnrichment.SOURCE, Kind.BAD_INPUT, "not a MAC address");
        }
        StringBuilder mac = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                mac.append(':');
            }
            mac.append(hex, i, i + 2);
        }
        return mac.toString().toUpperCase(Locale.ROOT);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}

package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.AmpReply;
import io.irflow.adapters.amp.dto.Isolation;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentCheck;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentState;
import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.capabilities.ContainmentResult.Change;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Isolates and releases a computer through AMP endpoint isolation ({@code /v1/computers/{guid}/isolation},
 * docs/reference/amp.md#isolation); the target is the computer's connector guid.
 * <ul>
 *   <li>apply: PUT (status normally pending_start); AMP's unlock code is returned in
 *   {@link ContainmentResult#unlockCode()} and never logged.</li>
 *   <li>undo: DELETE (status normally pending_stop).</li>
 *   <li>A 409 is followed by one GET: if the computer already is in the asked-for state the answer is
 *   {@link Change#ALREADY}; otherwise (OS, connector or policy does not allow it, or a transition in the other
 *   direction) a CONFLICT whose message carries AMP's own reason. The 409 details text is not branched on
 *   (docs/reference/amp.md#isolation).</li>
 *   <li>isContained: GET; isolated / pending_start count as contained, not_isolated / pending_stop as not.</li>
 *   <li>check (verification and drift): GET; only {@code isolated} is in effect, {@code pending_start} is still
 *   starting and {@code pending_stop} stopping (the change is asynchronous, docs/reference/amp.md#isolation).</li>
 * </ul>
 * Config: {@link AmpConfig} (a read &amp; write API credential), or a shared {@link AmpClient}, plus the isolation comment.
 */
public final class AmpIsolation implements Containment, ContainmentCheck, AutoCloseable {
    static final String DEFAULT_COMMENT = "Isolated by irflow";
    private static final Set<String> ON = Set.of("isolated", "pending_start");
    private static final Set<String> OFF = Set.of("not_isolated", "pending_stop");
    /** Connector guids are UUIDs; anything else is refused before a call (and never lands in a URL). */
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final AmpClient client;
    private final String comment;
    private final boolean ownsClient;

    /** An isolation action with its own client and the default comment. */
    public AmpIsolation(AmpConfig config) {
        this(new AmpClient(config), DEFAULT_COMMENT, true);
    }

    /** An isolation action on a shared client (sharing its quota state) with the comment AMP records. */
    public AmpIsolation(AmpClient client, String comment) {
        this(client, comment, false);
    }

    private AmpIsolation(AmpClient client, String comment, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.comment = comment == null || comment.isBlank() ? DEFAULT_COMMENT : comment;
        this.ownsClient = ownsClient;
    }

    @Override
    public ContainmentKind kind() {
        return ContainmentKind.ISOLATE;
    }

    @Override
    public String product() {
        return AmpClient.PRODUCT;
    }

    @Override
    public Optional<Boolean> isContained(String target) throws AdapterException {
        String status = client.isolation(guid(target)).status();
        if (status != null && ON.contains(status)) {
            return Optional.of(true);
        }
        if (status != null && OFF.contains(status)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    @Override
    public Optional<ContainmentCheck> check() {
        return Optional.of(this);
    }

    /** AMP's isolation status as words come later (cards.Words); the raw status is the state. */
    @Override
    public ContainmentState observe(String target) throws AdapterException {
        String status = client.isolation(guid(target)).status();
        Status s = status == null ? Status.UNKNOWN : switch (status) {
            case "isolated" -> Status.IN_EFFECT;
            case "not_isolated" -> Status.NOT_IN_EFFECT;
            case "pending_start" -> Status.STARTING;
            case "pending_stop" -> Status.STOPPING;
            default -> Status.UNKNOWN;
        };
        return new ContainmentState(s, status, "");
    }

    @Override
    public ContainmentResult apply(String target) throws AdapterException {
        String guid = guid(target);
        try {
            AmpReply<Isolation> reply = client.startIsolation(guid, comment, null);
            Isolation data = reply.data();
            return new ContainmentResult(Change.DONE, detail(data), reply.status(), reply.trackingId(),
                    data == null ? null : data.unlockCode());
        } catch (AdapterException e) {
            Isolation now = stateAfterConflict(e, guid);
            if (now.status() != null && ON.contains(now.status())) {
                return new ContainmentResult(Change.ALREADY, detail(now), e.status(), e.trackingId(), now.unlockCode());
            }
            throw refusal(e, "isolate", now);
        }
    }

    @Override
    public ContainmentResult undo(String target) throws AdapterException {
        String guid = guid(target);
        try {
            AmpReply<Isolation> reply = client.stopIsolation(guid);
            // The release answer repeats the unlock code; it is of no use once released, so it is not passed on.
            return new ContainmentResult(Change.DONE, detail(reply.data()), reply.status(), reply.trackingId(), null);
        } catch (AdapterException e) {
            Isolation now = stateAfterConflict(e, guid);
            if (now.status() != null && OFF.contains(now.status())) {
                return new ContainmentResult(Change.ALREADY, detail(now), e.status(), e.trackingId(), null);
            }
            throw refusal(e, "release", now);
        }
    }

    @Override
    public String wouldHave(String target, boolean undo) throws AdapterException {
        String guid = guid(target);
        return (undo ? "stopped the AMP isolation of connector " : "isolated AMP connector ") + guid + " on "
                + client.host();
    }

    /** Rethrows anything but a 409; for a 409 reads the current state (or rethrows the 409 if that read fails). */
    private Isolation stateAfterConflict(AdapterException e, String guid) throws AdapterException {
        if (e.kind() != Kind.CONFLICT) {
            throw e;
        }
        try {
            return client.isolation(guid);
        } catch (AdapterException ignored) {
            throw refusal(e, null, null);
        }
    }

    /** A CONFLICT carrying AMP's reason (from the 409 error envelope) and the state AMP reports, safe to show. */
    private static AdapterException refusal(AdapterException e, String verb, Isolation now) {
        String reason = reason(e.getMessage());
        StringBuilder message = new StringBuilder(AmpClient.PRODUCT).append(" refused");
        if (verb != null) {
            message.append(" to ").append(verb).append(" the computer");
        }
        message.append(": ").append(reason);
        if (now != null && Boolean.FALSE.equals(now.available())) {
            message.append(" (AMP says isolation is not available for this computer)");
        } else if (now != null && now.status() != null) {
            message.append(" (isolation status: ").append(now.status()).append(')');
        }
        return new AdapterException(AmpClient.PRODUCT, Kind.CONFLICT, message.toString(), e.status(), e.retryAfter(),
                e.trackingId(), null);
    }

    /** The text after "answered HTTP 409: " in the client's message, i.e. AMP's error details. */
    private static String reason(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        return colon < 0 ? "Conflict" : message.substring(colon + 2);
    }

    private static String detail(Isolation data) {
        return data == null || data.status() == null ? "" : "isolation status: " + data.status();
    }

    private static String guid(String target) throws AdapterException {
        String guid = target == null ? "" : target.trim();
        if (!GUID.matcher(guid).matches()) {
            throw new AdapterException(AmpClient.PRODUCT, Kind.BAD_INPUT, "not an AMP connector guid");
        }
        return guid;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}

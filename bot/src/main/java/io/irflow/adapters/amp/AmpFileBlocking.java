package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.AmpReply;
import io.irflow.adapters.amp.dto.FileListItem;
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
import java.util.regex.Pattern;

/**
 * Blocks and unblocks a SHA-256 through an AMP simple custom detection file list (docs/reference/amp.md#file-lists).
 * <ul>
 *   <li>apply: GET /v1/file_lists/{guid}/files/{sha256} first — already listed is {@link Change#ALREADY} — then POST
 *   with {@code {"description": …}} (201). AMP's answer to adding a listed hash is unconfirmed (409 or 200), so the
 *   pre-check decides, and a 409 is re-checked with one GET.</li>
 *   <li>undo: DELETE (200); a 404 is "was not on the list" ({@link Change#ALREADY}) when the list itself exists.</li>
 *   <li>isContained: the GET above; 404 means not listed.</li>
 *   <li>check (verification and drift): the same GET on the simple custom detection list.</li>
 *   <li>An unknown list guid is NOT_FOUND naming the list; a malformed SHA-256 is BAD_INPUT without a call.</li>
 * </ul>
 * Config: {@link AmpConfig} (a read &amp; write API credential) or a shared {@link AmpClient}, and
 * {@link AmpFileBlockingConfig} (list guid, description).
 */
public final class AmpFileBlocking implements Containment, ContainmentCheck, AutoCloseable {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final AmpClient client;
    private final AmpFileBlockingConfig config;
    private final boolean ownsClient;

    /** A hash-blocking action with its own client. */
    public AmpFileBlocking(AmpConfig amp, AmpFileBlockingConfig config) {
        this(new AmpClient(amp), config, true);
    }

    /** A hash-blocking action on a shared client (sharing its quota state). */
    public AmpFileBlocking(AmpClient client, AmpFileBlockingConfig config) {
        this(client, config, false);
    }

    private AmpFileBlocking(AmpClient client, AmpFileBlockingConfig config, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.ownsClient = ownsClient;
    }

    @Override
    public ContainmentKind kind() {
        return ContainmentKind.BLOCK_HASH;
    }

    @Override
    public String product() {
        return AmpClient.PRODUCT;
    }

    @Override
    public Optional<Boolean> isContained(String target) throws AdapterException {
        String sha256 = sha256(target);
        if (client.fileListItem(config.listGuid(), sha256).isPresent()) {
            return Optional.of(true);
        }
        requireList();
        return Optional.of(false);
    }

    @Override
    public Optional<ContainmentCheck> check() {
        return Optional.of(this);
    }

    /** Whether the simple custom detection list holds the SHA-256 (GET …/files/{sha256}; 404: not listed). */
    @Override
    public ContainmentState observe(String target) throws AdapterException {
        boolean listed = isContained(target).orElse(false);
        return new ContainmentState(listed ? Status.IN_EFFECT : Status.NOT_IN_EFFECT, listed ? "listed" : "not listed",
                "AMP file list " + config.listGuid() + (listed ? " contains " : " does not contain ")
                        + sha256(target));
    }

    @Override
    public ContainmentResult apply(String target) throws AdapterException {
        String sha256 = sha256(target);
        if (client.fileListItem(config.listGuid(), sha256).isPresent()) {
            return new ContainmentResult(Change.ALREADY, onList(), 200, null, null);
        }
        try {
            AmpReply<FileListItem> reply = client.addToFileList(config.listGuid(), sha256, config.description());
            return new ContainmentResult(Change.DONE, onList(), reply.status(), reply.trackingId(), null);
        } catch (AdapterException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw noSuchList(e);
            }
            if (e.kind() == Kind.CONFLICT && client.fileListItem(config.listGuid(), sha256).isPresent()) {
                return new ContainmentResult(Change.ALREADY, onList(), e.status(), e.trackingId(), null);
            }
            throw e;
        }
    }

    @Override
    public ContainmentResult undo(String target) throws AdapterException {
        String sha256 = sha256(target);
        try {
            AmpReply<Void> reply = client.removeFromFileList(config.listGuid(), sha256);
            return new ContainmentResult(Change.DONE, "removed from AMP file list " + config.listGuid(),
                    reply.status(), reply.trackingId(), null);
        } catch (AdapterException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            requireList();
            return new ContainmentResult(Change.ALREADY, "not on AMP file list " + config.listGuid(), e.status(),
                    e.trackingId(), null);
        }
    }

    @Override
    public String wouldHave(String target, boolean undo) throws AdapterException {
        String sha256 = sha256(target);
        return (undo ? "removed " + sha256 + " from" : "added " + sha256 + " to") + " AMP simple custom detection list "
                + config.listGuid() + " on " + client.host();
    }

    private void requireList() throws AdapterException {
        if (!client.fileListExists(config.listGuid())) {
            throw noSuchList(null);
        }
    }

    private AdapterException noSuchList(AdapterException cause) {
        return new AdapterException(AmpClient.PRODUCT, Kind.NOT_FOUND,
                AmpClient.PRODUCT + " has no file list " + config.listGuid() + " (check the configured list guid)",
                cause == null ? 404 : cause.status(), null, cause == null ? null : cause.trackingId(), null);
    }

    private String onList() {
        return "on AMP file list " + config.listGuid() + " (blocks only where a policy uses that list)";
    }

    private static String sha256(String target) throws AdapterException {
        String value = target == null ? "" : target.trim().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(value).matches()) {
            throw new AdapterException(AmpClient.PRODUCT, Kind.BAD_INPUT, "not a SHA-256");
        }
        return value;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}

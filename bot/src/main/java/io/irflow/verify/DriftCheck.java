package io.irflow.verify;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentCheck;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentState;
import io.irflow.cards.VerificationNotes;
import io.irflow.cards.Words;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The periodic re-check ({@code security.verify_interval}, default hourly) of every containment irflow holds, against
 * the product's own state: one that the product shows released (or being released) is a drift, recorded on its ledger
 * row and in the audit and announced in the response room once per drift: the row's drift is a compare-and-set, so
 * later passes (and other instances) stay silent until the product shows the containment again, which clears it.
 * It runs on the leader only (store/Leadership). A product that cannot be read, or fails, is skipped and logged:
 * an unreadable product is not a drift.
 */
public final class DriftCheck implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftCheck.class);

    /** How long one product read may take before it counts as no answer (a stalled body holds nothing). */
    static final java.time.Duration READ_DEADLINE = java.time.Duration.ofSeconds(30);

    private final Map<ContainmentKind, Containment> products;
    private final ContainedTargetStore contained;
    private final AuditStore audit;
    private final Notes notes;
    private final String responseRoom;
    private final BooleanSupplier leading;
    private final Clock clock;
    private final Supplier<Words> words;

    /**
     * What one pass found.
     *
     * @param checked       containments whose product answered
     * @param drifted       new drifts (each announced once)
     * @param notVerifiable containments whose product has no readable state
     * @param failed        containments whose product did not answer
     */
    public record Result(int checked, int drifted, int notVerifiable, int failed) {
    }

    /**
     * @param responseRoom where drift alerts go ({@code webex.irt_room}); null: the room the containment was made in
     * @param leading      whether this instance leads (only the leader checks)
     */
    public DriftCheck(Map<ContainmentKind, Containment> products, ContainedTargetStore contained, AuditStore audit,
                      Notes notes, String responseRoom, BooleanSupplier leading, Clock clock, Supplier<Words> words) {
        this.products = Map.copyOf(products);
        this.contained = contained;
        this.audit = audit;
        this.notes = notes;
        this.responseRoom = responseRoom;
        this.leading = leading;
        this.clock = clock;
        this.words = words;
    }

    /** One pass on the leader; nothing elsewhere. Never throws. */
    @Override
    public void run() {
        if (!leading.getAsBoolean()) {
            return;
        }
        try {
            Result r = pass();
            LOG.info("drift check: {} checked, {} new drift(s), {} not verifiable, {} without an answer", r.checked(),
                    r.drifted(), r.notVerifiable(), r.failed());
        } catch (RuntimeException e) {
            LOG.warn("drift check failed; the next pass retries: {}", e.getMessage());
        }
    }

    /** Re-checks every containment irflow holds. */
    public Result pass() {
        int checked = 0;
        int drifted = 0;
        int notVerifiable = 0;
        int failed = 0;
        for (ContainedTargetStore.Row row : contained.all()) {
            Containment product = products.get(row.kind());
            Optional<ContainmentCheck> check = product == null || !product.product().equals(row.product())
                    ? Optional.empty() : product.check();
            if (check.isEmpty()) {
                notVerifiable++;
                continue;
            }
            ContainmentState s;
            try {
                s = BoundedRead.observe(check.get(), row.target(), row.product(), READ_DEADLINE);
            } catch (AdapterException | RuntimeException e) {
                failed++;
                LOG.warn("drift check of {} {} via {}: no answer ({})", row.kind(), row.target(), row.product(),
                        e.getMessage());
                continue;
            }
            checked++;
            if (drift(row, s)) {
                drifted++;
            }
        }
        return new Result(checked, drifted, notVerifiable, failed);
    }

    /** Records and announces a new drift; clears one the product no longer shows. True for a new drift. */
    private boolean drift(ContainedTargetStore.Row row, ContainmentState s) {
        if (s.status() == ContainmentState.Status.IN_EFFECT) {
            if (contained.clearDrift(row.kind(), row.target())) {
                LOG.info("{} {} via {} is in effect again; its drift is cleared", row.kind(), row.target(),
                        row.product());
            }
            return false;
        }
        if (s.status() != ContainmentState.Status.NOT_IN_EFFECT && s.status() != ContainmentState.Status.STOPPING) {
            return false;
        }
        Instant at = clock.instant();
        String what = VerificationNotes.drift(s, row.product());
        if (!contained.markDrift(row.kind(), row.target(), what, at)) {
            return false;
        }
        audit.append(new AuditStore.Entry(at, ContainmentVerifier.ACTOR, row.roomId(), AuditStore.Event.DRIFT,
                row.kind(), row.product(), row.target(), "drift: " + what, null, null, null));
        LOG.warn("drift: {} {} via {} is {}", row.kind(), row.target(), row.product(), what);
        notes.inRoom(responseRoom != null ? responseRoom : row.roomId(),
                VerificationNotes.driftAlert(words.get(), row, what));
        return true;
    }
}

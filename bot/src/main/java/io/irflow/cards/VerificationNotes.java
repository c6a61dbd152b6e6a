package io.irflow.cards;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentState;
import io.irflow.contain.ContainedTargetStore;

import java.time.Duration;
import java.time.Instant;

/**
 * What irflow says in a containment's thread and in the response room when it checks the product's own state: the
 * verification after an action ("Verified at 06:27:02 UTC (ISE shows ANC policy …)", "Not verified after 2 min: …")
 * and the drift alert of the periodic re-check. Pure: times and states come through {@link Words}; product text is
 * escaped.
 */
public final class VerificationNotes {

    private VerificationNotes() {
    }

    /** What the product shows, in words: its own sentence, or "AMP reports isolated" from its state. */
    public static String seen(String product, ContainmentState s) {
        if (!s.evidence().isBlank()) {
            return s.evidence();
        }
        return product + " reports " + (s.state().isBlank() ? "nothing irflow can read" : Words.state(s.state()));
    }

    /** As {@link #seen}, for a state that was not the one asked for: "AMP still reports isolation starting". */
    public static String still(String product, ContainmentState s) {
        return s.evidence().isBlank() ? seen(product, s).replaceFirst(" reports ", " still reports ") : s.evidence();
    }

    /** A product call that gave no answer, in words: "AMP did not answer (HTTP 503)". */
    public static String failed(String product, AdapterException e) {
        String status = e.status() > 0 ? " (HTTP " + e.status() + ")" : "";
        return switch (e.kind()) {
            case UNAUTHORIZED -> product + " refused irflow's credentials" + status;
            case RATE_LIMITED -> product + " asked irflow to slow down" + status;
            case TIMEOUT -> product + " did not answer in time";
            case NOT_FOUND -> product + " does not know the target" + status;
            default -> product + " did not answer usefully" + status;
        };
    }

    /** The thread note when the product confirms: "✅ Verified at 06:27:02 UTC (ISE shows ANC policy …)". */
    public static String verified(Words words, Instant at, String seen) {
        return "✅ Verified at " + words.precise(at) + " (" + Markdown.escape(seen, 300) + ")";
    }

    /** The thread note when it does not within the deadline: "⚠️ Not verified after 2 min: AMP still reports …". */
    public static String notVerified(Duration waited, String seen) {
        return "⚠️ Not verified after " + Words.span(waited) + ": " + Markdown.escape(seen, 300);
    }

    /** The response room's warning for an action that was not verified. */
    public static String notVerifiedWarning(ContainmentKind kind, boolean undo, String label, String product,
                                            Duration waited, String seen) {
        return "⚠️ **Not verified**: " + verb(kind, undo) + " of **" + Markdown.escape(label, 200) + "** via "
                + Markdown.escape(product) + " is not confirmed by " + Markdown.escape(product) + " after "
                + Words.span(waited) + " (" + Markdown.escape(seen, 300) + "). Check it in " + Markdown.escape(product)
                + " before relying on it.";
    }

    /** The thread note for a product that has no state irflow can read. */
    public static String notVerifiable(ContainmentKind kind, boolean undo, String product) {
        return "Not verifiable: " + Markdown.escape(product) + " offers no state irflow can read to confirm the "
                + verb(kind, undo) + "; check it in " + Markdown.escape(product) + ".";
    }

    /** The thread note for a check a stop of irflow interrupted past its deadline. */
    public static String interrupted(Duration waited) {
        return "❔ Verification unknown: irflow stopped while checking and " + Words.span(waited) + " have passed. "
                + "The periodic re-check reports it if the product no longer shows it.";
    }

    /** What a drift is, in words stored with the ledger row: "released outside irflow (AMP reports not isolated)". */
    public static String drift(ContainmentState s, String product) {
        String what = s.status() == ContainmentState.Status.STOPPING ? "being released outside irflow"
                : "released outside irflow";
        return what + " (" + seen(product, s) + ")";
    }

    /** The response room's alert for a drift, sent once per drift. */
    public static String driftAlert(Words words, ContainedTargetStore.Row row, String drift) {
        return "⚠️ **Drift**: " + ContainmentCards.pastTense(row.kind().verb()) + " **"
                + Markdown.escape(row.targetLabel(), 200) + "** via " + Markdown.escape(row.product()) + " (by "
                + Markdown.escape(row.containedBy()) + " at " + words.time(row.since()) + ") is "
                + Markdown.escape(drift, 300) + ". irflow still lists it as contained: " + row.kind().verb()
                + " it again, or undo it in `/contained` if that was intended.";
    }

    /** The line /contained adds under a row with a drift: "⚠️ drift: released outside irflow (…) · 07:26 UTC (…)". */
    public static String driftLine(Words words, ContainedTargetStore.Drift d) {
        return "⚠️ drift: " + Markdown.escape(d.what(), 300) + " · seen " + words.time(d.at());
    }

    private static String verb(ContainmentKind kind, boolean undo) {
        String v = undo ? kind.undoVerb() : kind.verb();
        return v.substring(0, 1).toUpperCase() + v.substring(1);
    }
}

package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.PendingAction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cards of the containment flow: confirmation, result, the contained list and the audit. Pure. */
public final class ContainmentCards {
    /** How every card of a dry run says so. */
    public static final String DRY_RUN = "Dry run";

    private ContainmentCards() {
    }

    /** A Submit button that carries only an opaque reference. */
    public static ObjectNode button(String title, String actionId, String ref) {
        return Cards.submit(title, Map.of("action", actionId, ActionIds.REF, ref));
    }

    /**
     * "Confirm: quarantine WKS-FIN-042?" with the buttons saying what they do: "Quarantine WKS-FIN-042" styled
     * destructive (positive for an undo: unquarantine, release, unblock) and a plain Cancel; when the buttons stop
     * working, as a time in the team's zone and from now ("5 Dec 06:26 UTC (in 23 h)").
     */
    public static Card confirm(PendingAction a, String productDetail, Words words, boolean approvalRequired) {
        return confirm(a, productDetail, words, approvalRequired, "", java.util.Optional.empty());
    }

    /** As above, with a warning shown first under the heading (a protected host), "" for none. */
    public static Card confirm(PendingAction a, String productDetail, Words words, boolean approvalRequired,
                               String warning) {
        return confirm(a, productDetail, words, approvalRequired, warning, java.util.Optional.empty());
    }

    /** As above, with the expiry picker ({@link ExpiryCards#picker}) showing {@code hold}, for a containment. */
    public static Card confirm(PendingAction a, String productDetail, Words words, boolean approvalRequired,
                               String warning, java.util.Optional<Duration> hold) {
        String what = capitalize(a.verb()) + " **" + Markdown.escape(a.targetLabel()) + "**";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Action", capitalize(a.verb()));
        facts.put(capitalize(a.kind().targetName()), Markdown.escape(a.target()));
        facts.put("Product", Markdown.escape(a.product()) + (productDetail.isBlank() ? "" : " — " + Markdown.escape(productDetail)));
        facts.put("Buttons expire", words.time(a.expiresAt()));
        if (approvalRequired) {
            facts.put("Approval", "a second responder must approve after you confirm");
        }
        String product = Markdown.escape(a.product());
        if (a.dryRun()) {
            facts.put("Dry run", "yes: nothing is sent to " + product + ", the result says what would have been");
        }
        String says = a.dryRun() ? DRY_RUN + ": " + what + " through " + product + ". Even once confirmed, nothing is "
                + "sent to " + product + "."
                : what + " through " + product + ". Nothing happens until a responder confirms.";
        String title = title(a);
        List<ObjectNode> body = new ArrayList<>(List.of(Cards.colored((a.dryRun() ? DRY_RUN + " · " : "")
                + "Confirm: " + verbWord(a.kind(), a.undo()) + " " + Markdown.escape(name(a.kind(), a.targetLabel()))
                + "?", a.undo() ? "Good" : "Warning")));
        if (!warning.isBlank()) {
            body.add(Cards.colored("⚠️ " + Markdown.escape(warning), "Attention"));
        }
        body.addAll(List.of(Cards.text(says), Cards.facts(facts)));
        if (!a.undo()) {
            body.add(ExpiryCards.picker(hold));
        }
        String fallback = (a.dryRun() ? DRY_RUN + ": " : "") + what + " through " + product + "? Use the card's "
                + title + " or Cancel button." + (warning.isBlank() ? "" : " ⚠️ " + Markdown.escape(warning));
        return new Card(Cards.card(body, List.of(styled(button(title, ActionIds.CONTAIN_CONFIRM, a.ref()), a.undo()),
                button("Cancel", ActionIds.CONTAIN_CANCEL, a.ref()))), fallback);
    }

    /**
     * What a button that acts on one target says: the verb and the target as people call it, e.g. "Quarantine
     * WKS-FIN-042", "Release WKS-FIN-042", "Block example.com", "Block hash e3b0c442…7852b855".
     */
    public static String title(ContainmentKind kind, boolean undo, String label) {
        return capitalize(verbWord(kind, undo)) + " " + name(kind, label);
    }

    /** The title of the button that carries this action. */
    public static String title(PendingAction a) {
        return title(a.kind(), a.undo(), a.targetLabel());
    }

    /**
     * The target as people call it, short enough for a button: the host name of "WKS-FIN-042 (00:50:56:a1:b2:42)",
     * a domain as it is, a SHA-256 shortened ("e3b0c442…7852b855"); never more than 40 characters.
     */
    public static String name(ContainmentKind kind, String label) {
        String l = label == null ? "" : label.strip();
        int open = l.lastIndexOf(" (");
        if (open > 0 && l.endsWith(")")) {
            l = l.substring(0, open);
        }
        return Markdown.truncate(kind == ContainmentKind.BLOCK_HASH ? Words.shortId(l) : l, 40);
    }

    /** The verb a button leads with: "block" rather than "block domain" (the target says it is a domain). */
    static String verbWord(ContainmentKind kind, boolean undo) {
        String verb = undo ? kind.undoVerb() : kind.verb();
        return kind == ContainmentKind.BLOCK_DOMAIN ? verb.substring(0, verb.indexOf(' ')) : verb;
    }

    /** Styles the button that acts: destructive when it contains, positive when it undoes a containment. */
    static ObjectNode styled(ObjectNode button, boolean undo) {
        return button.put("style", undo ? "positive" : "destructive");
    }

    /** Waiting for a second responder: the approve button carries the same reference. */
    public static Card awaitingApproval(PendingAction a, String confirmedBy) {
        return awaitingApproval(a, confirmedBy, "");
    }

    /** As above, with why the approval is needed when it is not the rule for everything (a protected host). */
    public static Card awaitingApproval(PendingAction a, String confirmedBy, String note) {
        String text = Markdown.escape(confirmedBy) + " confirmed: " + a.verb() + " **" + Markdown.escape(a.targetLabel())
                + "** through " + Markdown.escape(a.product()) + ". A second responder must approve it."
                + (a.dryRun() ? " " + DRY_RUN + ": even once approved, nothing is sent to "
                + Markdown.escape(a.product()) + "." : "")
                + (note == null || note.isBlank() ? "" : " ⚠️ " + Markdown.escape(note));
        String head = a.dryRun() ? DRY_RUN + " · Approval needed" : "Approval needed";
        return new Card(Cards.card(List.of(Cards.colored(head, "Warning"), Cards.text(text)),
                List.of(styled(button("Approve", ActionIds.CONTAIN_CONFIRM, a.ref()), a.undo()),
                        button("Cancel", ActionIds.CONTAIN_CANCEL, a.ref()))),
                text);
    }

    /** The result with its undo button (the undo is itself confirmed before it runs). */
    public static Card done(PendingAction a, String actor, String detail, PendingAction undo, boolean already) {
        String head = already ? "Already " + pastTense(a.verb()) : capitalize(pastTense(a.verb()));
        String text = head + ": **" + Markdown.escape(a.targetLabel()) + "** via " + Markdown.escape(a.product())
                + " (by " + Markdown.escape(actor) + ")" + (detail == null || detail.isBlank() ? "" : ". " + Markdown.escape(detail, 300));
        List<ObjectNode> actions = undo == null ? List.of()
                : List.of(button(title(undo), ActionIds.CONTAIN_PRESS, undo.ref()));
        return new Card(Cards.card(List.of(Cards.colored(head, a.undo() ? "Good" : "Attention"), Cards.text(text)), actions), text);
    }

    /**
     * The end of a dry run: what the product would have been asked to do ("Dry run: would have applied ANC policy …"),
     * and that nothing was changed; no undo, as nothing was done.
     *
     * @param wouldHave the service's sentence, starting "Dry run: would have"
     */
    public static Card dryRun(PendingAction a, String actor, String wouldHave) {
        String text = Markdown.escape(wouldHave, 400) + " Nothing was changed in " + Markdown.escape(a.product())
                + " and **" + Markdown.escape(a.targetLabel()) + "** is not recorded as " + pastTense(a.verb())
                + " (by " + Markdown.escape(actor) + ").";
        return new Card(Cards.card(List.of(Cards.colored(DRY_RUN + ": " + a.verb() + " not executed", "Accent"),
                Cards.text(text)), List.of()), text);
    }

    /**
     * What irflow currently holds contained. Each of the first five rows carries its own undo button right under it
     * ("Unquarantine WKS-FIN-042"), one per row, so no title is squeezed into a row of five and cut off.
     *
     * @param undos the undo offers, matched to the rows by kind and target
     */
    public static Card contained(List<ContainedTargetStore.Row> rows, Page page, List<PendingAction> undos,
                                 Words words) {
        return contained(rows, page, undos, words, List.of());
    }

    /** As above, with the drift the periodic re-check found under its row ("⚠️ drift: released outside irflow"). */
    public static Card contained(List<ContainedTargetStore.Row> rows, Page page, List<PendingAction> undos,
                                 Words words, List<ContainedTargetStore.Drift> drifts) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.heading("Contained by irflow (" + page.total() + ")"));
        StringBuilder fallback = new StringBuilder("**Contained by irflow (" + page.total() + ")**");
        if (page.total() == 0) {
            body.add(Cards.text("Nothing is quarantined, isolated or blocked by irflow right now."));
        }
        List<PendingAction> left = new ArrayList<>(undos.stream().limit(Cards.MAX_ACTIONS).toList());
        for (ContainedTargetStore.Row r : rows) {
            String line = capitalize(pastTense(r.kind().verb())) + ": **" + Markdown.escape(r.targetLabel()) + "** via "
                    + Markdown.escape(r.product()) + " since " + words.time(r.since()) + ", by "
                    + Markdown.escape(r.containedBy())
                    + (r.expiresAt() == null ? "" : " · " + ExpiryCards.expiry(r, words));
            List<ObjectNode> items = new ArrayList<>(List.of(Cards.text(line)));
            List<String> drifted = drifts.stream().filter(d -> d.kind() == r.kind() && d.target().equals(r.target()))
                    .map(d -> VerificationNotes.driftLine(words, d)).toList();
            drifted.forEach(d -> items.add(Cards.text(d).put("color", "Warning")));
            left.stream().filter(u -> u.kind() == r.kind() && u.target().equals(r.target())).findFirst()
                    .ifPresent(u -> {
                left.remove(u);
                items.add(Cards.actionSet(List.of(button(title(u), ActionIds.CONTAIN_PRESS, u.ref()))));
            });
            body.add(items.size() == 1 ? items.get(0) : Cards.section(items));
            fallback.append("\n- ").append(line);
            drifted.forEach(d -> fallback.append("\n  ").append(d));
        }
        footer(page.footer("contained"), body, fallback);
        return new Card(Cards.card(body, List.of()), fallback.toString());
    }

    /** One page of the audit log, newest first. */
    public static Card audit(List<AuditStore.Entry> entries, Page page) {
        List<ObjectNode> body = new ArrayList<>();
        String heading = page.total() == 0 ? "Audit" : page.number() == 1 ? "Audit — last " + entries.size()
                : "Audit — page " + page.number() + " of " + page.pages() + " (newest first)";
        body.add(Cards.heading(heading));
        StringBuilder fallback = new StringBuilder("**" + heading + "**");
        if (page.total() == 0) {
            String none = "No containment step has been taken or refused yet.";
            body.add(Cards.text(none));
            fallback.append("\n\n").append(none);
        }
        for (AuditStore.Entry e : entries) {
            String line = e.at() + " · " + e.event().name().toLowerCase().replace('_', ' ') + " · "
                    + Markdown.escape(e.actor()) + (e.kind() == null ? "" : " · " + e.kind().verb())
                    + (e.target() == null ? "" : " " + Markdown.escape(e.target()))
                    + (e.product() == null ? "" : " · " + Markdown.escape(e.product()))
                    + (e.productStatus() == null ? "" : " · HTTP " + e.productStatus())
                    + (e.trackingId() == null ? "" : " · tracking " + Markdown.escape(e.trackingId()))
                    + (e.outcome() == null || e.outcome().isBlank() ? "" : " · " + Markdown.escape(e.outcome(), 160));
            body.add(Cards.subtle(line));
            fallback.append("\n- ").append(line);
        }
        footer(page.footer("audit"), body, fallback);
        return new Card(Cards.card(body, List.of()), fallback.toString());
    }

    /** The "N more" line under a paged list, in the card and its fallback. */
    static void footer(String footer, List<ObjectNode> body, StringBuilder fallback) {
        if (!footer.isEmpty()) {
            body.add(Cards.subtle(footer));
            fallback.append("\n\n").append(footer);
        }
    }

    static String pastTense(String verb) {
        String last = verb.contains(" ") ? verb.substring(0, verb.indexOf(' ')) : verb;
        String rest = verb.substring(last.length());
        String past = last.endsWith("e") ? last + "d" : last.endsWith("k") ? last + "ed" : last + "d";
        if (last.equals("block") || last.equals("unblock")) {
            past = last + "ed";
        }
        return past + rest;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

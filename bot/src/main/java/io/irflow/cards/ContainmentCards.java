package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.PendingAction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cards of the containment flow: confirmation, result, the contained list and the audit. Pure. */
public final class ContainmentCards {
    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private ContainmentCards() {
    }

    /** A Submit button that carries only an opaque reference. */
    public static ObjectNode button(String title, String actionId, String ref) {
        return Cards.submit(title, Map.of("action", actionId, ActionIds.REF, ref));
    }

    /** "Quarantine X through ISE? Confirm / Cancel", stating exactly what will happen to what. */
    public static Card confirm(PendingAction a, String productDetail, Instant now, boolean approvalRequired) {
        String what = capitalize(a.verb()) + " **" + Markdown.escape(a.targetLabel()) + "**";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Action", capitalize(a.verb()));
        facts.put(capitalize(a.kind().targetName()), Markdown.escape(a.target()));
        facts.put("Product", Markdown.escape(a.product()) + (productDetail.isBlank() ? "" : " — " + Markdown.escape(productDetail)));
        facts.put("Expires", "in " + hours(Duration.between(now, a.expiresAt())));
        if (approvalRequired) {
            facts.put("Approval", "a second responder must approve after you confirm");
        }
        List<ObjectNode> body = List.of(Cards.colored("Confirm: " + a.verb() + "?", "Warning"),
                Cards.text(what + " through " + Markdown.escape(a.product()) + ". Nothing happens until a responder confirms."),
                Cards.facts(facts));
        String fallback = what + " through " + Markdown.escape(a.product()) + "? Use the card's Confirm or Cancel buttons.";
        return new Card(Cards.card(body, List.of(button("Confirm", ActionIds.CONTAIN_CONFIRM, a.ref()),
                button("Cancel", ActionIds.CONTAIN_CANCEL, a.ref()))), fallback);
    }

    /** Waiting for a second responder: the approve button carries the same reference. */
    public static Card awaitingApproval(PendingAction a, String confirmedBy) {
        String text = Markdown.escape(confirmedBy) + " confirmed: " + a.verb() + " **" + Markdown.escape(a.targetLabel())
                + "** through " + Markdown.escape(a.product()) + ". A second responder must approve it.";
        return new Card(Cards.card(List.of(Cards.colored("Approval needed", "Warning"), Cards.text(text)),
                List.of(button("Approve", ActionIds.CONTAIN_CONFIRM, a.ref()), button("Cancel", ActionIds.CONTAIN_CANCEL, a.ref()))),
                text);
    }

    /** The result with its undo button (the undo is itself confirmed before it runs). */
    public static Card done(PendingAction a, String actor, String detail, PendingAction undo, boolean already) {
        String head = already ? "Already " + pastTense(a.verb()) : capitalize(pastTense(a.verb()));
        String text = head + ": **" + Markdown.escape(a.targetLabel()) + "** via " + Markdown.escape(a.product())
                + " (by " + Markdown.escape(actor) + ")" + (detail == null || detail.isBlank() ? "" : ". " + Markdown.escape(detail, 300));
        List<ObjectNode> actions = undo == null ? List.of()
                : List.of(button(capitalize(undo.verb()), ActionIds.CONTAIN_PRESS, undo.ref()));
        return new Card(Cards.card(List.of(Cards.colored(head, a.undo() ? "Good" : "Attention"), Cards.text(text)), actions), text);
    }

    /**
     * One containment irflow holds, as every card that shows its host words it: "🔒 Quarantined by alice@… at
     * 2026-12-03 14:05 UTC: **WKS-FIN-042 (00:50:…)** via ISE · until undone" (irflow's containments do not expire).
     */
    public static String held(ContainedTargetStore.Row r) {
        return "🔒 " + capitalize(pastTense(r.kind().verb())) + " by " + Markdown.escape(r.containedBy()) + " at "
                + WHEN.format(r.since()) + ": **" + Markdown.escape(r.targetLabel(), 200) + "** via "
                + Markdown.escape(r.product()) + " · until undone";
    }

    /** What irflow currently holds contained, each with an undo button (at most five rows get buttons). */
    public static Card contained(List<ContainedTargetStore.Row> rows, Page page, List<PendingAction> undos) {
        return contained(rows, page, undos, List.of(), Words.utc(Instant.EPOCH));
    }

    /** As above, with the drift the periodic re-check found under its row ("⚠️ drift: released outside irflow"). */
    public static Card contained(List<ContainedTargetStore.Row> rows, Page page, List<PendingAction> undos,
                                 List<ContainedTargetStore.Drift> drifts, Words words) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.heading("Contained by irflow (" + page.total() + ")"));
        StringBuilder fallback = new StringBuilder("**Contained by irflow (" + page.total() + ")**");
        if (page.total() == 0) {
            body.add(Cards.text("Nothing is quarantined, isolated or blocked by irflow right now."));
        }
        for (ContainedTargetStore.Row r : rows) {
            String line = capitalize(pastTense(r.kind().verb())) + ": **" + Markdown.escape(r.targetLabel()) + "** via "
                    + Markdown.escape(r.product()) + " since " + r.since() + " (by " + Markdown.escape(r.containedBy()) + ")";
            body.add(Cards.text(line));
            fallback.append("\n- ").append(line);
            for (ContainedTargetStore.Drift d : drifts) {
                if (d.kind() == r.kind() && d.target().equals(r.target())) {
                    String drift = VerificationNotes.driftLine(words, d);
                    body.add(Cards.text(drift).put("color", "Warning"));
                    fallback.append("\n  ").append(drift);
                }
            }
        }
        footer(page.footer("contained"), body, fallback);
        List<ObjectNode> actions = new ArrayList<>();
        for (PendingAction u : undos.stream().limit(Cards.MAX_ACTIONS).toList()) {
            actions.add(button(capitalize(u.verb()) + " " + Markdown.truncate(u.targetLabel(), 30), ActionIds.CONTAIN_PRESS, u.ref()));
        }
        return new Card(Cards.card(body, actions), fallback.toString());
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

    private static String hours(Duration d) {
        long h = Math.max(0, d.toHours());
        return h >= 1 ? h + " h" : Math.max(0, d.toMinutes()) + " min";
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

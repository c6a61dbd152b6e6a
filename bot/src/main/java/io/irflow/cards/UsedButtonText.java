package io.irflow.cards;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.PendingAction;
import io.irflow.contain.UsedButton;

/**
 * The answer to a press of a containment button that can no longer be used: the current fact, who did what and
 * when ("WKS-FIN-042 was quarantined by alice@example.com at 06:26 UTC (3 min ago)."), where the target stands now,
 * and where the card that still works is. Pure.
 */
public final class UsedButtonText {
    private UsedButtonText() {
    }

    /** The markdown reply, ending with "Nothing was done." (this press changed nothing). */
    public static String render(UsedButton u, Words words) {
        PendingAction a = u.action();
        String name = "**" + Markdown.escape(ContainmentCards.name(a.kind(), a.targetLabel())) + "**";
        String button = "“" + Markdown.escape(ContainmentCards.title(a)) + "”";
        String by = Markdown.escape(u.by());
        String at = u.at() == null ? "" : " at " + words.time(u.at());
        String done = participle(a.kind(), a.undo());
        StringBuilder s = new StringBuilder();
        switch (u.use()) {
            case DONE -> s.append(name).append(" was ").append(done).append(" by ").append(by).append(at).append(".");
            case OVERTAKEN -> s.append(name).append(" was already ").append(done).append(" by ").append(by).append(at)
                    .append(", after this button was drawn.");
            case RUNNING -> s.append(by).append(" confirmed ").append(button).append(at).append("; ")
                    .append(Markdown.escape(a.product())).append(" is carrying it out and the result will follow "
                            + "in this thread.");
            case FAILED -> s.append(button).append(" failed").append(at).append(" (confirmed by ").append(by)
                    .append(")").append(u.detail().isBlank() ? "" : ": " + Markdown.escape(u.detail(), 200))
                    .append(".");
            case CANCELLED -> s.append(by).append(" cancelled ").append(button).append(at).append(".");
            case EXPIRED -> s.append(button).append(" expired").append(at).append(" without being carried out.");
            case WAITING -> s.append(by).append(" pressed ").append(button).append(at)
                    .append(": its confirmation card is in this thread; Confirm or Cancel there.");
            case AWAITING_APPROVAL -> s.append(by).append(" confirmed ").append(button).append(at)
                    .append("; it waits for a second responder's approval on the card in this thread.");
            case NOT_PRESSED -> s.append(button).append(" has not been asked for yet: press it on its card first.");
        }
        String now = now(u, name, words);
        if (!now.isEmpty()) {
            s.append(' ').append(now);
        }
        return s.append(" Nothing was done.").toString();
    }

    /** Where the target stands now, and which card or command still works on it. */
    private static String now(UsedButton u, String name, Words words) {
        PendingAction a = u.action();
        ContainedTargetStore.Row held = u.held();
        String contains = participle(a.kind(), false);
        if (u.use() == UsedButton.Use.RUNNING || u.use() == UsedButton.Use.WAITING
                || u.use() == UsedButton.Use.AWAITING_APPROVAL) {
            return "";
        }
        if (held != null) {
            boolean same = u.use() == UsedButton.Use.DONE && !a.undo()
                    && held.containedBy().equalsIgnoreCase(u.by() == null ? "" : u.by());
            return same ? "It is still " + contains + "; its undo button is on the result card in this thread and in "
                    + "/contained."
                    : name + " is " + contains + " now, by " + Markdown.escape(held.containedBy()) + " since "
                    + words.time(held.since()) + "; /contained has its undo button.";
        }
        if (u.undone() != null) {
            return "It was " + participle(a.kind(), true) + " by " + Markdown.escape(u.undone().actor())
                    + " since.";
        }
        if (a.undo()) {
            return u.use() == UsedButton.Use.DONE || u.use() == UsedButton.Use.OVERTAKEN ? ""
                    : "irflow does not hold " + name + " " + contains + " now.";
        }
        return u.use() == UsedButton.Use.DONE ? "" : name + " is not " + contains + " by irflow now; investigate it "
                + "again for a fresh card.";
    }

    /** "quarantined", "unquarantined", "isolated", "released", "blocked", "unblocked". */
    static String participle(ContainmentKind kind, boolean undo) {
        return ContainmentCards.pastTense(ContainmentCards.verbWord(kind, undo).split(" ")[0]);
    }
}

package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.Expiries;
import io.irflow.contain.Expiry;
import io.irflow.contain.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cards and sentences of containment expiry: the confirmation card's picker, the reminder with Extend and Keep, what
 * irflow did when an expiry passed, and the answers to Extend, Keep and {@code /extend}. Pure.
 */
public final class ExpiryCards {
    private ExpiryCards() {
    }

    /** The confirmation card's "Undo automatically after" picker, showing {@code hold} (empty: no expiry). */
    public static ObjectNode picker(Optional<Duration> hold) {
        Map<String, String> choices = new LinkedHashMap<>();
        Expiry.CHOICES.forEach(c -> choices.put(c.value(), c.title()));
        String value = hold.map(Expiry::value).orElse(Expiry.NONE);
        if (!choices.containsKey(value)) {
            // A typed --for 90m: offered as it was typed, selected.
            choices.put(value, Expiry.words(hold.orElseThrow()));
        }
        return Cards.choices(ActionIds.EXPIRY, "Undo automatically after", value, choices);
    }

    /** "expires 10:26 UTC (in 3 h 59 min)", or "" for a containment held until undone. */
    public static String expiry(ContainedTargetStore.Row r, Words words) {
        return r.expiresAt() == null ? "" : "expires " + words.absolute(r.expiresAt()) + " ("
                + words.until(r.expiresAt()) + ")";
    }

    /** The reminder before an expiry: irflow will undo it then, unless a responder extends or keeps it. */
    public static Card reminder(ContainedTargetStore.Row r, String ref, Words words) {
        String text = capitalize(held(r)) + " until " + words.absolute(r.expiresAt()) + " ("
                + words.until(r.expiresAt()) + "); then irflow undoes it (" + r.kind().undoVerb() + "). Extend it, or keep it until a responder "
                + "undoes it.";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Since", words.time(r.since()) + " (by " + Markdown.escape(r.containedBy()) + ")");
        facts.put(capitalize(r.kind().targetName()), Markdown.escape(r.target()));
        List<ObjectNode> actions = new java.util.ArrayList<>();
        for (String by : ActionIds.EXTEND_CHOICES) {
            actions.add(Cards.submit("Extend +" + Expiry.words(Expiry.parse(by).orElseThrow()),
                    Map.of("action", ActionIds.CONTAIN_EXTEND, ActionIds.REF, ref, ActionIds.BY, by)));
        }
        actions.add(Cards.submit("Keep (no expiry)", Map.of("action", ActionIds.CONTAIN_KEEP, ActionIds.REF, ref)));
        return new Card(Cards.card(List.of(Cards.colored("Containment expiring", "Warning"), Cards.text(text),
                Cards.facts(facts)), actions), text + " Use the card's Extend or Keep buttons, or `/extend "
                + r.target() + " 4h`.");
    }

    /** What irflow did when the expiry passed: undone, or why not and when it tries again. */
    public static Card reverted(ContainedTargetStore.Row r, Outcome o, Instant retryAt, Words words) {
        String what = "**" + Markdown.escape(r.targetLabel(), 200) + "** via " + Markdown.escape(r.product());
        String head;
        String text;
        String color;
        switch (o.type()) {
            case EXECUTED, ALREADY -> {
                head = "Expired: " + ContainmentCards.pastTense(r.kind().undoVerb());
                text = capitalize(ContainmentCards.pastTense(r.kind().undoVerb())) + " " + what + " (by "
                        + Expiries.ACTOR + ": its expiry passed at " + words.absolute(r.expiresAt()) + ")"
                        + (o.result() == null || o.result().detail().isBlank() ? "" : ". "
                        + Markdown.escape(o.result().detail(), 300));
                color = "Good";
            }
            case NOT_CONFIGURED -> {
                head = "Expiry could not be applied";
                text = "The expiry of " + held(r) + " passed, but " + Markdown.escape(o.message())
                        + " It stays until a responder undoes it.";
                color = "Attention";
            }
            default -> {
                head = "Expiry: " + r.kind().undoVerb() + " failed";
                text = "The expiry of " + held(r) + " passed, but irflow could not undo it (" + r.kind().undoVerb()
                        + "): " + Markdown.escape(o.message(), 300) + ". irflow tries again at "
                        + words.absolute(retryAt) + ".";
                color = "Attention";
            }
        }
        return new Card(Cards.card(List.of(Cards.colored(head, color), Cards.text(text)), List.of()), text);
    }

    /** The answer to Extend, Keep or {@code /extend}. */
    public static String changed(Expiries.Change c, String typed, Words words) {
        return switch (c.type()) {
            case EXTENDED -> String.join("\n", c.rows().stream().map(r -> "Extended: " + held(r) + " now "
                    + expiry(r, words) + ".").toList());
            case KEPT -> String.join("\n", c.rows().stream().map(r -> "Kept: " + held(r) + " no longer expires; it "
                    + "holds until a responder undoes it.").toList());
            case NOT_HELD -> "irflow holds nothing contained on " + Markdown.code(typed) + ", so there is no expiry "
                    + "to change. See `/contained`.";
            case NO_EXPIRY -> Markdown.code(typed) + " has no expiry: it holds until a responder undoes it.";
            case TOO_LONG -> "That would hold it more than " + Expiry.words(Expiry.MAX) + " from now; nothing was "
                    + "changed. Keep it without an expiry instead (`/extend " + typed.replace("`", "") + " none`).";
            case INVALID_REFERENCE, WRONG_ROOM, NOT_RESPONDER -> c.message();
        };
    }

    /** "quarantined **WKS-FIN-042 (00:50:…)** via ISE" */
    private static String held(ContainedTargetStore.Row r) {
        return ContainmentCards.pastTense(r.kind().verb()) + " **" + Markdown.escape(r.targetLabel(), 200) + "** via "
                + Markdown.escape(r.product());
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

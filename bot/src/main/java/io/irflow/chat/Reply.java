package io.irflow.chat;

import io.irflow.cards.Card;

import java.util.ArrayList;
import java.util.List;

/** What a handler wants posted: zero or more messages, in order, in the request's thread (or privately). */
public record Reply(List<Part> parts) {

    /** One outgoing message. */
    public sealed interface Part permits Text, CardPart, Direct {
    }

    /** A markdown message in the thread. */
    public record Text(String markdown) implements Part {
    }

    /** An Adaptive Card (with its fallback) in the thread. */
    public record CardPart(Card card) implements Part {
    }

    /** A markdown message sent only to one person, in a direct room. */
    public record Direct(String personId, String markdown) implements Part {
    }

    public Reply {
        parts = List.copyOf(parts);
    }

    /** Post nothing. */
    public static Reply none() {
        return new Reply(List.of());
    }

    /** One markdown message. */
    public static Reply text(String markdown) {
        return new Reply(List.of(new Text(markdown)));
    }

    /** One card. */
    public static Reply card(Card card) {
        return new Reply(List.of(new CardPart(card)));
    }

    /** This reply followed by another part. */
    public Reply and(Part part) {
        List<Part> all = new ArrayList<>(parts);
        all.add(part);
        return new Reply(all);
    }
}

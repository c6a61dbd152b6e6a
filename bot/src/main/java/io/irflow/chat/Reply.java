package io.irflow.chat;

import io.irflow.cards.Card;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What a handler wants posted: zero or more messages, in order, in the request's thread (or privately). */
public record Reply(List<Part> parts) {

    /** One outgoing message. */
    public sealed interface Part permits Text, CardPart, Direct, FilePart {
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

    /**
     * A file posted in the thread once it is ready (a picture drawn after the card it belongs to), right after the
     * parts before it; nothing is posted when it comes empty. The future must complete on its own (it carries its
     * own deadline).
     */
    public record FilePart(CompletableFuture<Optional<File>> file) implements Part {
    }

    /**
     * A file to post.
     *
     * @param markdown    the short message posted with it
     * @param fileName    its name
     * @param contentType e.g. "image/png"
     * @param content     its bytes
     */
    public record File(String markdown, String fileName, String contentType, byte[] content) {
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

package io.irflow.chat.commands;

import io.irflow.cards.Page;

import java.util.Locale;
import java.util.Optional;

/**
 * The paging words list commands take: nothing (the first {@value Page#SIZE} rows), {@code page N}, a number of rows
 * ({@code /audit 30}, at most {@value Page#MAX}) or {@code --all} (the first {@value Page#MAX}).
 */
final class PageArgs {
    private PageArgs() {
    }

    /** The page asked for, over {@code total} rows; empty when the words are not paging words. */
    static Optional<Page> parse(String args, int total) {
        String[] w = args.strip().toLowerCase(Locale.ROOT).split("\\s+");
        try {
            if (args.isBlank()) {
                return Optional.of(new Page(1, Page.SIZE, total));
            }
            if (w.length == 1 && (w[0].equals("--all") || w[0].equals("all"))) {
                return Optional.of(new Page(1, Page.MAX, total));
            }
            if (w.length == 1) {
                int rows = Integer.parseInt(w[0]);
                return rows < 1 ? Optional.empty() : Optional.of(new Page(1, Math.min(rows, Page.MAX), total));
            }
            if (w.length == 2 && (w[0].equals("page") || w[0].equals("p"))) {
                int number = Integer.parseInt(w[1]);
                return number < 1 ? Optional.empty() : Optional.of(new Page(number, Page.SIZE, total));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The answer to words {@link #parse} did not take. */
    static String usage(String command) {
        return "`/" + command + "` shows " + Page.SIZE + " at a time: `/" + command + " page 2` for the next ones, `/"
                + command + " 30` for the first 30 or `/" + command + " --all` (at most " + Page.MAX + ").";
    }
}

package io.irflow.cards;

import java.util.List;

/**
 * One page of a list that can grow long ({@code /contained}, {@code /audit}, {@code /incidents}): which rows show and
 * how to ask for the others. {@value #SIZE} rows by default, at most {@value #MAX} at once ({@code --all} or a number),
 * so a card stays far below Webex's size limits however long the list gets. Pure.
 *
 * @param number 1-based page number
 * @param size   rows per page
 * @param total  rows in the whole list
 */
public record Page(int number, int size, int total) {
    /** Rows on a page unless asked otherwise. */
    public static final int SIZE = 20;
    /** The most rows one message shows. */
    public static final int MAX = 50;

    /** Index of the first row shown (0-based; {@code total} when the page is past the end). */
    public int from() {
        return (int) Math.min(total, (long) (number - 1) * size);
    }

    /** Index after the last row shown. */
    public int to() {
        return Math.min(total, from() + size);
    }

    /** How many pages the list has (at least one). */
    public int pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    /** The rows of this page out of the whole list. */
    public <T> List<T> slice(List<T> all) {
        return all.subList(Math.min(from(), all.size()), Math.min(to(), all.size()));
    }

    /**
     * What to say under the rows: nothing when everything shows, otherwise which rows these are, how many more there
     * are and the commands that show them, e.g. "Showing 1–20 of 73. 53 more: /audit page 2, or /audit --all for up
     * to 50 at once." No code spans: the line goes into a card's TextBlock, which would show the backticks.
     */
    public String footer(String command) {
        if (number == 1 && to() >= total) {
            return "";
        }
        if (from() >= total) {
            return "Nothing on page " + number + ": there " + (pages() == 1 ? "is 1 page" : "are " + pages() + " pages")
                    + " of " + size + ". Try /" + command + ".";
        }
        StringBuilder s = new StringBuilder("Showing " + (from() + 1) + "–" + to() + " of " + total + ".");
        if (to() < total) {
            s.append(" ").append(total - to()).append(" more: /").append(command).append(" page ").append(number + 1);
            if (size < MAX) {
                s.append(", or /").append(command).append(" --all for up to ").append(MAX).append(" at once");
            }
            s.append(".");
        }
        return s.toString();
    }
}

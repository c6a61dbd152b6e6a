package io.irflow.webex;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/**
 * Webex's size limits for {@code POST /messages}, enforced in one place: {@link NewMessage}'s constructor, which every
 * sender (chat replies, alerts, incident rooms) goes through.
 * <ul>
 *   <li>{@code text} and {@code markdown}: at most {@value #MAX_TEXT_BYTES} UTF-8 bytes (documented; longer is a 400
 *   "Message length limited to 7439 characters"). Longer text is cut at a line break (else a space) near the limit,
 *   never inside a code point, an open code fence is closed, and {@value #TRUNCATED} is appended.</li>
 *   <li>A card: Webex documents no limit but refuses "too big" payloads; irflow allows {@value #MAX_CARD_BYTES}
 *   bytes of card JSON (tens of KB at most, per docs/reference/webex.md#messages; InvestigationCard shrinks itself to
 *   the same bound). A bigger card is not sent: its markdown fallback goes instead, with a note, because a half-cut
 *   card would be invalid JSON for the client and a shrunk one could silently drop its buttons' context.</li>
 * </ul>
 */
public final class MessageLimits {
    /** Webex's documented ceiling for text and markdown, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 7439;
    /** irflow's ceiling for one card's JSON, in UTF-8 bytes. */
    public static final int MAX_CARD_BYTES = 24_000;
    /** What marks a cut message. */
    public static final String TRUNCATED = "\n\n_(truncated)_";
    /** What precedes a too-big card's fallback text. */
    public static final String CARD_TOO_BIG = "_(The card was too large for Webex; here is its text.)_\n\n";
    private static final String FENCE = "```";
    /** A break this close to the limit is preferred to cutting mid-line. */
    private static final int BREAK_WINDOW = 1500;

    private MessageLimits() {
    }

    /** The text unchanged when it fits, else cut to fit with {@link #TRUNCATED} (null stays null). */
    public static String fit(String text) {
        if (text == null || bytes(text) <= MAX_TEXT_BYTES) {
            return text;
        }
        int budget = MAX_TEXT_BYTES - bytes(TRUNCATED) - bytes("\n" + FENCE);
        int end = prefixWithin(text, budget);
        int lineBreak = text.lastIndexOf('\n', end - 1);
        int space = text.lastIndexOf(' ', end - 1);
        if (lineBreak > 0 && end - lineBreak <= BREAK_WINDOW) {
            end = lineBreak;
        } else if (space > 0 && end - space <= BREAK_WINDOW) {
            end = space;
        }
        String kept = text.substring(0, end).stripTrailing();
        // A trailing backslash would escape the note's first character.
        while (kept.endsWith("\\")) {
            kept = kept.substring(0, kept.length() - 1);
        }
        if (count(kept, FENCE) % 2 == 1) {
            kept += "\n" + FENCE;
        }
        return kept + TRUNCATED;
    }

    /** Whether a card's JSON is over {@link #MAX_CARD_BYTES}. */
    public static boolean tooBig(JsonNode card) {
        return card != null && bytes(card.toString()) > MAX_CARD_BYTES;
    }

    /** UTF-8 length. */
    public static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix (in chars) whose UTF-8 encoding fits in {@code budget} bytes, ending on a code point. */
    private static int prefixWithin(String s, int budget) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > budget) {
                break;
            }
            used += size;
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}

package io.irflow.cards;

/**
 * Escapes text from outside (user input, product data) before it goes into Webex markdown or card TextBlocks, so it
 * cannot inject formatting, links, mentions or HTML.
 */
public final class Markdown {
    private static final String SPECIAL = "\\`*_{}[]()<>#+-!|~";
    /** Webex rejects text/markdown over 7439 bytes; cards get a little room for their own words. */
    public static final int MAX_TEXT_CHARS = 2000;

    private Markdown() {
    }

    /**
     * Escapes every markdown-significant character with a backslash, neutralises {@code ://} so bare URLs are not
     * auto-linked, and turns line breaks into spaces. Null becomes "".
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        StringBuilder out = new StringBuilder(oneLine.length() + 8);
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            if (Character.isISOControl(c)) {
                continue;
            }
            if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString().replace("://", ":\u200B//");
    }

    /** Escapes and shortens to at most {@code max} characters (on a code-point boundary), marking the cut with an ellipsis. */
    public static String escape(String text, int max) {
        return escape(truncate(text, max));
    }

    /** Shortens raw text to at most {@code max} characters without splitting a surrogate pair. */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text == null ? "" : text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Text inside an inline code span: backticks removed so the span cannot be closed early. */
    public static String code(String text) {
        String t = text == null ? "" : text.replace("`", "'").replaceAll("[\\r\\n]+", " ");
        return "`" + truncate(t, 200) + "`";
    }
}

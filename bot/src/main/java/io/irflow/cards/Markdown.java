package io.irflow.cards;

/**
 * Escapes text from outside (user input, product data) before it goes into Webex markdown or card TextBlocks, so it
 * cannot inject formatting, links, mentions or HTML.
 */
public final class Markdown {
    /** Characters that start emphasis, code, links or HTML anywhere in a line. */
    private static final String SPECIAL = "\\`*_[]<>~";
    private static final java.util.regex.Pattern LINE_BREAKS = java.util.regex.Pattern.compile("[\\r\\n\\t]+");
    /** Characters that only matter at the start of a line (headings, lists, quotes). */
    private static final String LINE_START = "#+->";
    /** Webex rejects text/markdown over 7439 bytes; cards get a little room for their own words. */
    public static final int MAX_TEXT_CHARS = 2000;

    private Markdown() {
    }

    /**
     * Escapes the markdown-significant characters with a backslash (emphasis, code, links, HTML and mentions anywhere;
     * headings, lists and quotes at the start), neutralises {@code ://} so bare URLs are not auto-linked, and turns
     * line breaks into spaces so nothing else can start a line. Null becomes "". Parentheses stay: without an
     * unescaped {@code [...]} they cannot form a link.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = LINE_BREAKS.matcher(text).replaceAll(" ").strip();
        StringBuilder out = new StringBuilder(oneLine.length() + 8);
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            if (Character.isISOControl(c)) {
                continue;
            }
            if (SPECIAL.indexOf(c) >= 0 || (out.length() == 0 && LINE_START.indexOf(c) >= 0)) {
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

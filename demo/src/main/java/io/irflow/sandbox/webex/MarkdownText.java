package io.irflow.sandbox.webex;

import java.util.regex.Pattern;

/** The plain {@code text} and a simple {@code html} Webex derives from a message's markdown. */
final class MarkdownText {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\(([^)]*)\\)");
    private static final Pattern ANGLE_LINK = Pattern.compile("<(https?://[^>]+)>");
    private static final Pattern MENTION = Pattern.compile("<@(?:personId|personEmail):[^|>]*\\|([^>]*)>");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|`)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+");

    private MarkdownText() {
    }

    /** Markdown without its markup: link labels, mention labels, no emphasis marks or heading hashes. */
    static String plain(String markdown) {
        if (markdown == null) {
            return null;
        }
        String s = MENTION.matcher(markdown).replaceAll("$1");
        s = LINK.matcher(s).replaceAll("$1 ($2)");
        s = ANGLE_LINK.matcher(s).replaceAll("$1");
        s = HEADING.matcher(s).replaceAll("");
        return EMPHASIS.matcher(s).replaceAll("");
    }

    /** A paragraph of escaped plain text; enough for clients that read {@code html}. */
    static String html(String markdown) {
        return "<p>" + escape(plain(markdown)).replace("\n", "<br/>") + "</p>";
    }

    /** HTML-escapes text. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.irflow.chat;

import io.irflow.webex.RestIds;
import io.irflow.webex.Message;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a fetched message into command text. In group rooms the bot's own {@code <spark-mention>} is removed from
 * {@code html} (matching the full REST id or its bare UUID), other tags are stripped and entities decoded; without
 * html the bot's display name (or first name, which is what clients insert) is removed from the front of the text.
 */
public final class MentionStripper {
    private static final Pattern MENTION = Pattern.compile(
            "<spark-mention\\b([^>]*)>(.*?)</spark-mention>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern OBJECT_ID = Pattern.compile("data-object-id\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern BLOCK_END = Pattern.compile("</p>|<br\\s*/?>|</div>|</li>", Pattern.CASE_INSENSITIVE);

    private final String botId;
    private final String botUuid;
    private final String displayName;

    public MentionStripper(String botId, String displayName) {
        this.botId = botId;
        this.botUuid = uuidOf(botId);
        this.displayName = displayName == null ? "" : displayName.strip();
    }

    /** The command text of a message, trimmed and with whitespace collapsed. */
    public String commandText(Message m) {
        if (!m.isGroup()) {
            return normalize(m.text());
        }
        if (m.html() != null && !m.html().isBlank()) {
            return normalize(decodeEntities(TAG.matcher(BLOCK_END.matcher(stripOwnMention(m.html())).replaceAll(" "))
                    .replaceAll("")));
        }
        return normalize(stripLeadingName(normalize(m.text())));
    }

    private String stripOwnMention(String html) {
        Matcher m = MENTION.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher id = OBJECT_ID.matcher(m.group(1));
            boolean mine = id.find() && isBot(id.group(1));
            m.appendReplacement(out, mine ? " " : Matcher.quoteReplacement(m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private boolean isBot(String objectId) {
        return objectId.equals(botId) || objectId.equalsIgnoreCase(botUuid)
                || (!botUuid.isEmpty() && botUuid.equalsIgnoreCase(uuidOf(objectId)));
    }

    private String stripLeadingName(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String candidate : new String[]{displayName, firstWord(displayName)}) {
            String c = candidate.toLowerCase(Locale.ROOT);
            if (!c.isEmpty() && lower.startsWith(c) && (text.length() == c.length() || Character.isWhitespace(text.charAt(c.length())))) {
                return text.substring(c.length());
            }
        }
        return text;
    }

    /** The UUID at the end of a decoded {@code ciscospark://.../TYPE/uuid} id, or "" when it is not one. */
    static String uuidOf(String restId) {
        return RestIds.parse(restId).map(RestIds.Parsed::uuid).orElse("");
    }

    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    private static String normalize(String s) {
        return s == null ? "" : s.replace('\u00A0', ' ').strip().replaceAll("\\s+", " ");
    }

    private static String decodeEntities(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
    }
}

package io.irflow.adapters.servicenow;

import io.irflow.adapters.servicenow.dto.IncidentFields;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neutralises ServiceNow's {@code [code]...[/code]} markup in everything irflow writes into a ticket. ServiceNow
 * renders the text between those tags as raw HTML in journal fields (work notes, comments) and in the activity
 * stream (ServiceNow product docs, "Journal field type": text wrapped in code tags is rendered as HTML), so a chat
 * note, an alert title or a product-supplied name holding them could put script or a phishing link into the
 * ServiceNow UI. docs/reference/servicenow.md is silent on this.
 *
 * <p>Each tag, in any case and with any blanks (spaces, tabs, line breaks, no-break or zero-width spaces) around its
 * parts, e.g. {@code [code]}, {@code [CODE]}, {@code [ code ]}, {@code [ / Code ]}, becomes {@code (code)} or
 * {@code (/code)}: still readable, no longer markup. The rest of the text is left as it is, because ServiceNow escapes
 * plain HTML in these fields itself.
 */
public final class CodeTags {
    private static final String BLANK = "[\\s\\p{Z}\\u200B-\\u200D\\u2060\\uFEFF]*";
    private static final Pattern TAG = Pattern.compile("\\[" + BLANK + "(/?)" + BLANK + "code" + BLANK + "]",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private CodeTags() {
    }

    /** The text with every {@code [code]} and {@code [/code]} tag, however spelled, made inert; null stays null. */
    public static String neutralise(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        // Once is enough (the replacement has no brackets, so it cannot complete a new tag); the loop is a guard.
        for (Matcher m = TAG.matcher(out); m.find(); m = TAG.matcher(out)) {
            out = m.replaceAll(r -> r.group(1).isEmpty() ? "(code)" : "(/code)");
        }
        return out;
    }

    /** Every string field of a write, neutralised: the one place POST and PATCH bodies pass through. */
    static IncidentFields neutralise(IncidentFields fields) {
        return fields.map(CodeTags::neutralise);
    }
}

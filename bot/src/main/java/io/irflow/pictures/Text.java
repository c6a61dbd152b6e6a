package io.irflow.pictures;

import java.awt.FontMetrics;

/** Text that fits where it is drawn. */
final class Text {
    private Text() {
    }

    /** {@code text}, cut with "…" so it is at most {@code width} pixels wide in this font. */
    static String fit(String text, FontMetrics fm, int width) {
        String flat = text.replaceAll("\\s+", " ").strip();
        if (fm.stringWidth(flat) <= width) {
            return flat;
        }
        int end = flat.length();
        while (end > 0 && fm.stringWidth(flat.substring(0, end) + "…") > width) {
            end--;
        }
        return flat.substring(0, end) + "…";
    }
}

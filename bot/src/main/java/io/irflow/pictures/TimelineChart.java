package io.irflow.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * An incident's milestones as a chart: one step per milestone, evenly spaced left to right (so minutes and days both
 * read), each with its name above and its time below, and the time taken written between two reached steps. A
 * milestone not reached yet is drawn hollow and grey with "not yet".
 */
public final class TimelineChart {
    static final int WIDTH = 1000;
    static final int HEIGHT = 230;
    static final int MARGIN = 70;
    static final int AXIS_Y = 130;
    private static final Color REACHED = new Color(30, 110, 230);
    private static final Color PENDING = new Color(170, 175, 185);
    private static final Color INK = new Color(32, 36, 44);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ENGLISH);

    /**
     * One milestone.
     *
     * @param label e.g. "Detected"
     * @param at    when it was reached, or null when not yet
     */
    public record Milestone(String label, Instant at) {
    }

    private TimelineChart() {
    }

    /** The chart as a PNG, titled (e.g. "IR-2026-0001 · Executed malware on WKS-FIN-042"), times in {@code zone}. */
    public static byte[] render(String title, List<Milestone> milestones, ZoneId zone) {
        Png.headless();
        return Png.encode(draw(title, milestones, zone));
    }

    /** The x position of milestone {@code i} of {@code n}: evenly spaced between the margins. */
    static int x(int i, int n) {
        return n <= 1 ? WIDTH / 2 : MARGIN + i * (WIDTH - 2 * MARGIN) / (n - 1);
    }

    static BufferedImage draw(String title, List<Milestone> milestones, ZoneId zone) {
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.smooth(out);
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(INK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(Text.fit(title + " · timeline (" + zoneName(zone) + ")", g.getFontMetrics(), WIDTH - 40),
                    20, 34);
            int n = milestones.size();
            for (int i = 0; i + 1 < n; i++) {
                segment(g, milestones.get(i), milestones.get(i + 1), x(i, n), x(i + 1, n));
            }
            int room = n <= 1 ? WIDTH - 40 : (WIDTH - 2 * MARGIN) / (n - 1) - 8;
            for (int i = 0; i < n; i++) {
                node(g, milestones.get(i), x(i, n), zone, room);
            }
            footer(g, milestones);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void segment(Graphics2D g, Milestone from, Milestone to, int x1, int x2) {
        boolean reached = from.at() != null && to.at() != null;
        g.setColor(reached ? REACHED : PENDING);
        g.setStroke(reached ? new BasicStroke(4f) : new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[]{8f, 6f}, 0f));
        g.drawLine(x1, AXIS_Y, x2, AXIS_Y);
        if (reached && !to.at().isBefore(from.at())) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(INK);
            centred(g, "+" + human(Duration.between(from.at(), to.at())), (x1 + x2) / 2, AXIS_Y - 10);
        }
    }

    /** "Detected → Contained: 10 min · Detected → Resolved: not yet", for the last two milestones. */
    private static void footer(Graphics2D g, List<Milestone> milestones) {
        if (milestones.size() < 3) {
            return;
        }
        Milestone first = milestones.get(0);
        StringBuilder text = new StringBuilder();
        for (Milestone m : milestones.subList(milestones.size() - 2, milestones.size())) {
            text.append(text.length() == 0 ? "" : "   ·   ").append(first.label()).append(" → ").append(m.label())
                    .append(": ").append(first.at() == null || m.at() == null ? "not yet"
                            : human(Duration.between(first.at(), m.at())));
        }
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(Text.fit(text.toString(), g.getFontMetrics(), WIDTH - 40), 20, HEIGHT - 22);
    }

    private static void node(Graphics2D g, Milestone m, int x, ZoneId zone, int room) {
        int r = 10;
        Ellipse2D dot = new Ellipse2D.Double(x - r, AXIS_Y - r, 2 * r, 2 * r);
        g.setColor(Color.WHITE);
        g.fill(dot);
        g.setColor(m.at() == null ? PENDING : REACHED);
        if (m.at() != null) {
            g.fill(dot);
        }
        g.setStroke(new BasicStroke(3f));
        g.draw(dot);
        g.setColor(m.at() == null ? PENDING : INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        centred(g, m.label(), x, AXIS_Y - 40, room);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        centred(g, m.at() == null ? "not yet" : TIME.format(m.at().atZone(zone)), x, AXIS_Y + 34, room);
    }

    private static void centred(Graphics2D g, String text, int x, int baseline) {
        centred(g, text, x, baseline, 2 * MARGIN - 6);
    }

    private static void centred(Graphics2D g, String text, int x, int baseline, int room) {
        FontMetrics fm = g.getFontMetrics();
        String fitted = Text.fit(text, fm, Math.max(20, room));
        int w = fm.stringWidth(fitted);
        g.drawString(fitted, Math.max(4, Math.min(WIDTH - 4 - w, x - w / 2)), baseline);
    }

    private static String zoneName(ZoneId zone) {
        return zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /** "45 s", "3 min", "1 h 05 min", "2 d 3 h". */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return "%d h %02d min".formatted(s / 3600, s % 3600 / 60);
        }
        return "%d d %d h".formatted(s / 86_400, s % 86_400 / 3600);
    }
}

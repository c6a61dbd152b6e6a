package io.irflow.pictures;

import io.irflow.capabilities.FloorMaps.FloorPlan;
import io.irflow.capabilities.Location;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * A located device on its floor plan: the plan scaled to fit {@link #MAX_SIDE}, a translucent circle for how far off
 * the position may be, a red dot at the position, and a caption band naming the device and floor.
 *
 * <p>Placement (docs/reference/cmx.md, maps): x runs left to right over the floor's width, y top to bottom over its
 * length, origin top-left, so pixel = x / width × image width, y / length × image height. CMX's own notes leave the
 * origin and its offsets unconfirmed; the caption says the position is approximate.
 */
public final class FloorMapPicture {
    /** The longest side of the posted picture: enough to read a floor, small enough for Webex to preview (≤ 1 MB). */
    public static final int MAX_SIDE = 1280;
    private static final int DOT_RADIUS = 8;
    /** Webex shows a posted picture about this wide: the caption is sized to be read there. */
    static final int SHOWN_WIDTH = 600;
    /** The caption's height as shown, in pixels (about the size of the card text next to it). */
    static final int SHOWN_CAPTION = 15;
    private static final Color ACCURACY_FILL = new Color(30, 110, 230, 60);
    private static final Color ACCURACY_EDGE = new Color(30, 110, 230, 200);
    private static final Color DOT = new Color(220, 30, 40);

    private FloorMapPicture() {
    }

    /**
     * The picture as a PNG, or empty when the plan's image cannot be read or the location has no position.
     *
     * @param caption one line under the plan, e.g. "WKS-FIN-042 · Acme HQ > Building 1 > Floor 3 · ±10 ft"
     */
    public static Optional<byte[]> render(FloorPlan plan, Location location, String caption) {
        if (location.x() == null || location.y() == null || plan.width() <= 0 || plan.length() <= 0) {
            return Optional.empty();
        }
        Png.headless();
        return Png.decode(plan.image()).map(image -> Png.encode(draw(Png.fit(image, MAX_SIDE), plan.width(),
                plan.length(), location.x(), location.y(), location.accuracy(), caption)));
    }

    /** Where a floor position falls on an image of the floor (may be outside it when CMX places it off the plan). */
    public static Point2D.Double pixel(double x, double y, double floorWidth, double floorLength, int imageWidth,
                                       int imageHeight) {
        return new Point2D.Double(x / floorWidth * imageWidth, y / floorLength * imageHeight);
    }

    /** The accuracy circle's x and y radii in pixels (a circle on the floor; an ellipse if scaled unevenly). */
    public static Point2D.Double radii(double accuracy, double floorWidth, double floorLength, int imageWidth,
                                       int imageHeight) {
        return new Point2D.Double(accuracy / floorWidth * imageWidth, accuracy / floorLength * imageHeight);
    }

    /** Draws onto a copy of {@code floor}, with the caption band below it. */
    static BufferedImage draw(BufferedImage floor, double floorWidth, double floorLength, double x, double y,
                              Double accuracy, String caption) {
        int w = floor.getWidth();
        int h = floor.getHeight();
        BufferedImage out = new BufferedImage(w, h + band(w), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.smooth(out);
        try {
            g.drawImage(floor, 0, 0, null);
            Point2D.Double p = pixel(x, y, floorWidth, floorLength, w, h);
            double px = Math.max(0, Math.min(w - 1, p.x));
            double py = Math.max(0, Math.min(h - 1, p.y));
            g.setClip(0, 0, w, h);
            if (accuracy != null && accuracy > 0) {
                Point2D.Double r = radii(accuracy, floorWidth, floorLength, w, h);
                Ellipse2D area = new Ellipse2D.Double(px - r.x, py - r.y, 2 * r.x, 2 * r.y);
                g.setColor(ACCURACY_FILL);
                g.fill(area);
                g.setColor(ACCURACY_EDGE);
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
                        new float[]{8f, 6f}, 0f));
                g.draw(area);
            }
            // Scaled like the caption: 8 px as shown, whatever the plan's size.
            double radius = (double) DOT_RADIUS * captionSize(w) / SHOWN_CAPTION;
            Ellipse2D dot = new Ellipse2D.Double(px - radius, py - radius, 2 * radius, 2 * radius);
            g.setColor(DOT);
            g.fill(dot);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke((float) (3 * radius / DOT_RADIUS)));
            g.draw(dot);
            g.setClip(null);
            band(g, caption, w, h);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The caption's font size for a picture {@code width} pixels wide: scaled with the width so that it is
     * {@link #SHOWN_CAPTION} px when Webex shows the picture {@link #SHOWN_WIDTH} px wide (32 px on a 1,280 px
     * plan), never smaller than that on a small plan shown as it is.
     */
    static int captionSize(int width) {
        return Math.max(SHOWN_CAPTION, Math.round((float) width * SHOWN_CAPTION / SHOWN_WIDTH));
    }

    /** The caption band's height: the caption with room above and below. */
    static int band(int width) {
        return Math.round(captionSize(width) * 2.2f);
    }

    private static void band(Graphics2D g, String caption, int w, int h) {
        int band = band(w);
        g.setColor(new Color(32, 36, 44));
        g.fillRect(0, h, w, band);
        if (caption == null || caption.isBlank()) {
            return;
        }
        int size = captionSize(w);
        int margin = Math.round(size * 0.66f);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(Text.fit(caption, fm, w - 2 * margin), margin, h + (band + fm.getAscent() - fm.getDescent()) / 2);
    }
}

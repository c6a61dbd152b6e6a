package io.irflow.sandbox.sim;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's floor plans, drawn in code so CMX's image calls serve a real picture: an office floor of
 * {@link #WIDTH_FT} × {@link #LENGTH_FT} feet at {@link #PX_PER_FT} pixels per foot, with rooms along the walls, a
 * corridor, and the floor's name. One PNG per floor, drawn once.
 */
final class FloorPlans {
    /** The floor's width (x) in feet, as the maps info and the clients' {@code floorDimension} say. */
    static final double WIDTH_FT = 240;
    /** The floor's length (y) in feet. */
    static final double LENGTH_FT = 120;
    static final int PX_PER_FT = 5;
    static final int WIDTH_PX = (int) (WIDTH_FT * PX_PER_FT);
    static final int HEIGHT_PX = (int) (LENGTH_FT * PX_PER_FT);
    private static final String[] NORTH = {"Finance", "Finance", "Meeting 1", "Kitchen", "Open space", "Open space"};
    private static final String[] SOUTH = {"HR", "Meeting 2", "Print", "Engineering", "Engineering", "Lab"};

    private final Map<String, byte[]> drawn = new ConcurrentHashMap<>();

    /** The PNG of a floor, e.g. ("Building 1", "Floor 3"). */
    byte[] png(String building, String floor) {
        return drawn.computeIfAbsent(building + ">" + floor, k -> draw(building + " · " + floor));
    }

    private static byte[] draw(String title) {
        BufferedImage img = new BufferedImage(WIDTH_PX, HEIGHT_PX, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(250, 250, 247));
            g.fillRect(0, 0, WIDTH_PX, HEIGHT_PX);
            int wall = 6;
            int roomDepth = 45 * PX_PER_FT;
            int corridorTop = roomDepth;
            int corridorBottom = HEIGHT_PX - roomDepth;
            g.setColor(new Color(236, 238, 242));
            g.fillRect(0, corridorTop, WIDTH_PX, corridorBottom - corridorTop);
            rooms(g, NORTH, 0, roomDepth);
            rooms(g, SOUTH, corridorBottom, roomDepth);
            g.setColor(new Color(60, 64, 72));
            g.setStroke(new BasicStroke(wall));
            g.drawRect(wall / 2, wall / 2, WIDTH_PX - wall, HEIGHT_PX - wall);
            g.setColor(new Color(120, 125, 135));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString(title + " · corridor", 24, (corridorTop + corridorBottom) / 2 + 8);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            g.drawString("Entrance", WIDTH_PX - 110, (corridorTop + corridorBottom) / 2 + 8);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void rooms(Graphics2D g, String[] names, int top, int depth) {
        int w = WIDTH_PX / names.length;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
        for (int i = 0; i < names.length; i++) {
            int x = i * w;
            g.setColor(i % 2 == 0 ? new Color(255, 255, 255) : new Color(246, 247, 250));
            g.fillRect(x, top, w, depth);
            g.setColor(new Color(150, 155, 165));
            g.setStroke(new BasicStroke(3));
            g.drawRect(x, top, w, depth);
            g.setColor(new Color(250, 250, 247));
            g.fillRect(x + w / 2 - 18, top == 0 ? depth - 2 : top - 1, 36, 4);
            g.setColor(new Color(110, 115, 125));
            g.drawString(names[i], x + 14, top + 30);
        }
    }
}

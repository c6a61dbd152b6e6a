package io.irflow.pictures;

import io.irflow.capabilities.FloorMaps.FloorPlan;
import io.irflow.capabilities.Location;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the dot and the accuracy circle land on a floor plan, checked on the pixels of the PNG. */
class FloorMapPictureTest {
    private static final Color DOT = new Color(220, 30, 40);

    /** A plain white floor plan of this size, as a PNG. */
    private static byte[] plan(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return Png.encode(img);
    }

    private static Location at(double x, double y, Double accuracy) {
        return new Location("HQ > B1 > F3", x, y, "FEET", Instant.EPOCH, new Location.Floor("HQ", "B1", "F3", 200.0,
                100.0, "f3.png"), accuracy);
    }

    private static BufferedImage render(FloorPlan plan, Location l) {
        return Png.decode(FloorMapPicture.render(plan, l, "WKS-FIN-042 · HQ > B1 > F3").orElseThrow()).orElseThrow();
    }

    private static boolean red(BufferedImage img, int x, int y) {
        Color c = new Color(img.getRGB(x, y));
        return c.getRed() > 180 && c.getGreen() < 90 && c.getBlue() < 90;
    }

    @Test
    void the_position_maps_from_floor_units_to_pixels_top_left_origin() {
        Point2D.Double p = FloorMapPicture.pixel(50, 25, 200, 100, 800, 400);
        assertThat(p.x).isEqualTo(200.0);
        assertThat(p.y).isEqualTo(100.0);
        Point2D.Double r = FloorMapPicture.radii(10, 200, 100, 800, 400);
        assertThat(r.x).isEqualTo(40.0);
        assertThat(r.y).isEqualTo(40.0);
    }

    @Test
    void the_dot_is_drawn_at_the_position_and_nowhere_else() {
        BufferedImage img = render(new FloorPlan(plan(800, 400), 200, 100), at(50, 25, null));

        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).as("the plan plus the caption band").isGreaterThan(400);
        assertThat(red(img, 200, 100)).as("dot centre").isTrue();
        assertThat(red(img, 600, 300)).isFalse();
        assertThat(red(img, 200, 140)).as("40 px below: outside the dot").isFalse();
    }

    @Test
    void the_accuracy_circle_has_the_radius_of_the_accuracy_in_pixels() {
        BufferedImage img = render(new FloorPlan(plan(800, 400), 200, 100), at(100, 50, 25.0));
        // 25 ft on a 200 ft wide floor drawn 800 px wide: 100 px. Inside it is tinted blue, outside stays white.
        assertThat(tinted(img, 400 + 80, 200)).as("inside the circle").isTrue();
        assertThat(tinted(img, 400 + 120, 200)).as("outside the circle").isFalse();
        assertThat(tinted(img, 400, 200 + 80)).as("inside, vertically").isTrue();
        assertThat(tinted(img, 400, 200 - 120)).as("outside, vertically").isFalse();
    }

    private static boolean tinted(BufferedImage img, int x, int y) {
        Color c = new Color(img.getRGB(x, y));
        return c.getBlue() > c.getRed() + 20;
    }

    @Test
    void a_huge_floor_is_scaled_down_and_the_dot_stays_at_the_same_place_on_the_floor() {
        BufferedImage img = render(new FloorPlan(plan(5000, 2500), 200, 100), at(50, 25, null));

        assertThat(img.getWidth()).isEqualTo(FloorMapPicture.MAX_SIDE);
        assertThat(red(img, FloorMapPicture.MAX_SIDE / 4, FloorMapPicture.MAX_SIDE / 8)).isTrue();
    }

    @Test
    void a_position_off_the_plan_is_drawn_at_its_edge() {
        BufferedImage img = render(new FloorPlan(plan(800, 400), 200, 100), at(250, 50, null));

        assertThat(red(img, 796, 200)).isTrue();
    }

    @Test
    void no_picture_without_a_position_or_a_readable_image() {
        FloorPlan plan = new FloorPlan(plan(100, 100), 10, 10);
        Location noPosition = new Location("x", null, null, "FEET", Instant.EPOCH);
        assertThat(FloorMapPicture.render(plan, noPosition, "x")).isEmpty();
        assertThat(FloorMapPicture.render(new FloorPlan("<html>not an image</html>".getBytes(), 10, 10),
                at(1, 1, null), "x")).isEmpty();
    }

    @Test
    void the_caption_is_readable_when_webex_shows_the_picture_600_px_wide() {
        BufferedImage img = render(new FloorPlan(plan(5000, 2500), 200, 100), at(50, 25, null));
        int planHeight = FloorMapPicture.MAX_SIDE / 2;
        double shown = 600.0 / img.getWidth();

        int[] rows = textRows(img, planHeight);
        // Cap height of the lettering, as seen at 600 px wide: at least 9 px (a 15 px font's capitals are ~11 px).
        assertThat((rows[1] - rows[0] + 1) * shown).as("caption lettering height when shown 600 px wide")
                .isGreaterThanOrEqualTo(9);
        assertThat(FloorMapPicture.captionSize(FloorMapPicture.MAX_SIDE)).isEqualTo(32);
        // The dot scales with it: about 8 px in radius as shown, so 12 px from its centre is still red at 1,280 px.
        assertThat(red(img, FloorMapPicture.MAX_SIDE / 4 + 12, FloorMapPicture.MAX_SIDE / 8)).isTrue();
        assertThat(FloorMapPicture.captionSize(300)).as("never below the shown size").isEqualTo(15);
        BufferedImage small = render(new FloorPlan(plan(600, 300), 200, 100), at(50, 25, null));
        int[] smallRows = textRows(small, 300);
        assertThat(smallRows[1] - smallRows[0] + 1).as("a plan shown as it is keeps a 15 px caption")
                .isGreaterThanOrEqualTo(9);
    }

    /** The first and last rows of the caption band holding white (lettering) pixels. */
    private static int[] textRows(BufferedImage img, int planHeight) {
        int first = -1;
        int last = -1;
        for (int y = planHeight; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                if (c.getRed() > 200 && c.getGreen() > 200 && c.getBlue() > 200) {
                    first = first < 0 ? y : first;
                    last = y;
                    break;
                }
            }
        }
        assertThat(first).as("caption drawn in the band").isPositive();
        return new int[]{first, last};
    }

    @Test
    void the_png_stays_under_webex_preview_size_for_a_large_plan() {
        byte[] png = FloorMapPicture.render(new FloorPlan(plan(4000, 3000), 200, 100), at(50, 25, 10.0), "x")
                .orElseThrow();
        assertThat(png.length).isLessThan(1024 * 1024);
    }
}

package io.irflow.pictures;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The incident timeline chart: one evenly spaced step per milestone, reached ones filled, pending ones hollow. */
class TimelineChartTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static List<TimelineChart.Milestone> milestones() {
        return List.of(new TimelineChart.Milestone("Detected", T0),
                new TimelineChart.Milestone("Acknowledged", T0.plusSeconds(120)),
                new TimelineChart.Milestone("Opened", T0.plusSeconds(300)),
                new TimelineChart.Milestone("First containment", T0.plusSeconds(600)),
                new TimelineChart.Milestone("Contained", T0.plusSeconds(600)),
                new TimelineChart.Milestone("Resolved", null));
    }

    @Test
    void it_is_a_readable_png_of_the_chart_size() {
        byte[] png = TimelineChart.render("IR-2026-0001 · Executed malware on WKS-FIN-042", milestones(),
                ZoneOffset.UTC);

        BufferedImage img = Png.decode(png).orElseThrow();
        assertThat(img.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(img.getHeight()).isEqualTo(TimelineChart.HEIGHT);
    }

    @Test
    void reached_milestones_are_filled_and_a_pending_one_is_hollow() {
        BufferedImage img = TimelineChart.draw("IR-1", milestones(), ZoneOffset.UTC);
        int n = 6;
        for (int i = 0; i < 5; i++) {
            Color c = new Color(img.getRGB(TimelineChart.x(i, n), TimelineChart.AXIS_Y));
            assertThat(c.getBlue()).as("milestone %d filled", i).isGreaterThan(200);
            assertThat(c.getRed()).isLessThan(80);
        }
        Color pending = new Color(img.getRGB(TimelineChart.x(5, n), TimelineChart.AXIS_Y));
        assertThat(pending).as("resolved: not yet, hollow").isEqualTo(Color.WHITE);
    }

    @Test
    void steps_are_evenly_spaced_between_the_margins() {
        assertThat(TimelineChart.x(0, 5)).isEqualTo(TimelineChart.MARGIN);
        assertThat(TimelineChart.x(4, 5)).isEqualTo(TimelineChart.WIDTH - TimelineChart.MARGIN);
        assertThat(TimelineChart.x(0, 1)).isEqualTo(TimelineChart.WIDTH / 2);
    }

    @Test
    void durations_read_in_words() {
        assertThat(TimelineChart.human(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(TimelineChart.human(Duration.ofMinutes(3))).isEqualTo("3 min");
        assertThat(TimelineChart.human(Duration.ofMinutes(65))).isEqualTo("1 h 05 min");
        assertThat(TimelineChart.human(Duration.ofHours(51))).isEqualTo("2 d 3 h");
    }
}

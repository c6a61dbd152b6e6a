package io.irflow.pictures;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.FloorMaps;
import io.irflow.capabilities.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The floor-map picture of a located device: asks the floor-plan product for the floor's image (within the time the
 * caller has left) and draws the position on it. Anything that goes wrong (no image, 404, refused credentials, a
 * timeout, an unreadable image) means no picture, logged, never an error: the card says where the device is anyway.
 */
public final class FloorMapPictures {
    private static final Logger LOG = LoggerFactory.getLogger(FloorMapPictures.class);

    private final FloorMaps maps;

    /** @param maps the product serving floor plans */
    public FloorMapPictures(FloorMaps maps) {
        this.maps = maps;
    }

    /**
     * A picture file of where {@code location} is, named after {@code subject} (the host asked about).
     *
     * @param within how long the product may take; nothing is asked when no time is left
     */
    public Optional<Picture> picture(String subject, Location location, Duration within) {
        if (location == null || !location.onFloor() || within.isNegative() || within.isZero()) {
            return Optional.empty();
        }
        Location.Floor floor = location.floor();
        try {
            Optional<FloorMaps.FloorPlan> plan = maps.plan(floor, within);
            if (plan.isEmpty()) {
                LOG.info("{} has no floor plan image for {}; no floor map posted", maps.source(), where(floor));
                return Optional.empty();
            }
            String caption = subject + " · " + where(floor) + accuracy(location);
            Optional<byte[]> png = FloorMapPicture.render(plan.get(), location, caption);
            if (png.isEmpty()) {
                LOG.warn("{} sent a floor image for {} that cannot be read; no floor map posted", maps.source(),
                        where(floor));
            }
            return png.map(bytes -> new Picture(fileName(subject), Png.CONTENT_TYPE, bytes,
                    subject + " on " + where(floor) + accuracy(location)));
        } catch (AdapterException e) {
            LOG.info("no floor map for {}: {} ({})", where(floor), e.getMessage(), e.kind());
        } catch (RuntimeException e) {
            LOG.warn("no floor map for {}: {}", where(floor), e.toString());
        }
        return Optional.empty();
    }

    private static String where(Location.Floor f) {
        return f.campus().strip() + " > " + f.building().strip() + " > " + f.name().strip();
    }

    private static String accuracy(Location l) {
        if (l.accuracy() == null || l.accuracy() <= 0) {
            return "";
        }
        String unit = l.unit() == null ? "" : switch (l.unit().toUpperCase(Locale.ROOT)) {
            case "FEET" -> " ft";
            case "METER", "METERS" -> " m";
            default -> " " + l.unit().toLowerCase(Locale.ROOT);
        };
        return " · ±" + Math.round(l.accuracy()) + unit + " (approximate)";
    }

    /** "floor-wks-fin-042.png": the subject's letters and digits only, so the name is safe anywhere. */
    static String fileName(String subject) {
        String safe = subject == null ? "" : subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        return "floor-" + (safe.isEmpty() ? "map" : safe.length() > 60 ? safe.substring(0, 60) : safe) + ".png";
    }
}

package io.irflow.capabilities;

import java.time.Duration;
import java.util.Optional;

/** A location product that serves floor-plan images (CMX), so a located device can be shown on its floor. */
public interface FloorMaps {

    /** The product name, e.g. "CMX". */
    String source();

    /**
     * The floor's plan image and size, asked within {@code within}. Empty when the product has no image or no size
     * for that floor.
     *
     * @throws AdapterException when the product refuses, fails, is unreachable or does not answer in time
     */
    Optional<FloorPlan> plan(Location.Floor floor, Duration within) throws AdapterException;

    /**
     * A floor's plan.
     *
     * @param image  the image file's bytes (PNG or JPEG), at most the product adapter's limit
     * @param width  the floor's width (x extent) in the location's unit
     * @param length the floor's length (y extent) in the location's unit
     */
    record FloorPlan(byte[] image, double width, double length) {
    }
}

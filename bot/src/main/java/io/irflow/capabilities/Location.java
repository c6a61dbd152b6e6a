package io.irflow.capabilities;

import java.time.Instant;

/**
 * Where a client device was last located.
 *
 * @param mapHierarchy campus > building > floor, as one readable string
 * @param x            x coordinate on the floor map (units as the product reports), may be null
 * @param y            y coordinate, may be null
 * @param unit         coordinate unit, e.g. "FEET"
 * @param lastLocated  when it was located
 */
public record Location(String mapHierarchy, Double x, Double y, String unit, Instant lastLocated) {
}

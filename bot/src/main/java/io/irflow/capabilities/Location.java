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
 * @param floor        the floor the position is on (names, size, floor-plan image), or null when not known
 * @param accuracy     how far off the position may be, in {@code unit} (CMX's confidence factor), or null
 */
public record Location(String mapHierarchy, Double x, Double y, String unit, Instant lastLocated, Floor floor,
                       Double accuracy) {

    /** A location without floor details or accuracy. */
    public Location(String mapHierarchy, Double x, Double y, String unit, Instant lastLocated) {
        this(mapHierarchy, x, y, unit, lastLocated, null, null);
    }

    /** Whether the position is known on a named floor, so it can be drawn on the floor's plan. */
    public boolean onFloor() {
        return x != null && y != null && floor != null && floor.named();
    }

    /**
     * One floor as the location product names it, with what it says about the floor's plan.
     *
     * @param campus    campus name, as the product spells it
     * @param building  building name
     * @param name      floor name
     * @param width     the floor's width (x extent) in the location's unit, or null when not given
     * @param length    the floor's length (y extent), or null
     * @param imageName the product's name for the floor-plan image, or null when it has none
     */
    public record Floor(String campus, String building, String name, Double width, Double length, String imageName) {

        /** Whether campus, building and floor are all named. */
        public boolean named() {
            return present(campus) && present(building) && present(name);
        }

        /** Whether the floor's size is known (both extents positive). */
        public boolean sized() {
            return width != null && length != null && width > 0 && length > 0;
        }

        private static boolean present(String s) {
            return s != null && !s.isBlank();
        }
    }
}

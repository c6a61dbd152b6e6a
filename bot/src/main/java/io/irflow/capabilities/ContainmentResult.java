package io.irflow.capabilities;

/**
 * What a containment call achieved.
 *
 * @param change        whether the product changed state, or it was already in the asked-for state
 * @param detail        the product's own words worth showing (e.g. AMP's isolation status), may be ""
 * @param productStatus the HTTP status the product answered with
 * @param trackingId    the product's request/tracking id, or null
 * @param unlockCode    AMP's isolation unlock code, or null; only ever shown to the person who asked, privately
 */
public record ContainmentResult(Change change, String detail, int productStatus, String trackingId, String unlockCode) {

    /** Whether anything changed. */
    public enum Change { DONE, ALREADY }

    @Override
    public String toString() {
        return "ContainmentResult[change=" + change + ", detail=" + detail + ", productStatus=" + productStatus
                + ", trackingId=" + trackingId + ", unlockCode=" + (unlockCode == null ? "none" : "***") + "]";
    }
}

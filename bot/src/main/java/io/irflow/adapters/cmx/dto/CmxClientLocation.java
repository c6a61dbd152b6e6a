package io.irflow.adapters.cmx.dto;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** One element of the v2 {@code /api/location/v2/clients} array; every field may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CmxClientLocation(String macAddress, MapInfo mapInfo, MapCoordinate mapCoordinate,
                                Double confidenceFactor, Boolean currentlyTracked, Statistics statistics,
                                Long changedOn, List<String> ipAddress, String userName, String ssId,
                                String apMacAddress, String dot11Status, String manufacturer) {
    public CmxClientLocation {
        ipAddress = ipAddress == null ? List.of() : List.copyOf(ipAddress);
    }

    /**
     * Where on the map hierarchy; {@code floorRefId} is a 64-bit number kept as a string. The floor's size and image
     * may be missing (no floor plan imported).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MapInfo(String mapHierarchyString, String floorRefId,
                          @JsonAlias({"dimension", "Dimension"}) FloorDimension floorDimension,
                          @JsonAlias("Image") FloorImage image) {
    }

    /** Position on the floor in {@code unit} (usually FEET). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MapCoordinate(Double x, Double y, Double z, String unit) {
    }

    /** Location timestamps, ISO-8601 with a colon-less offset such as {@code +0000}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Statistics(String lastLocatedTime, String firstLocatedTime) {
    }
}

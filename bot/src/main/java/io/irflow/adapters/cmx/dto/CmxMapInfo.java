package io.irflow.adapters.cmx.dto;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of {@code GET /api/config/v1/maps/info/{campus}/{building}/{floor}}: the floor's size and image. CMX
 * releases spell the size {@code dimension}, {@code Dimension} or {@code floorDimension} and the image {@code image}
 * or {@code Image}; either may be missing.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CmxMapInfo(String name, @JsonAlias({"Dimension", "floorDimension"}) FloorDimension dimension,
                         @JsonAlias("Image") FloorImage image) {
}

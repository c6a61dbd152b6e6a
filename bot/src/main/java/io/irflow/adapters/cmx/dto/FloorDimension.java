package io.irflow.adapters.cmx.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A floor's size ({@code floorDimension}, {@code dimension} or {@code Dimension}): width is x, length is y. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FloorDimension(Double length, Double width, Double height, Double offsetX, Double offsetY, String unit) {
}

package io.irflow.adapters.cmx.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A floor's plan image as CMX describes it ({@code image} or {@code Image}); served by name from imagesource. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FloorImage(String imageName, Integer width, Integer height) {
}

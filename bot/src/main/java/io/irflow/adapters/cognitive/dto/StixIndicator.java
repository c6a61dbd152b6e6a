package io.irflow.adapters.cognitive.dto;

import java.util.List;

/**
 * A STIX 1.x Indicator: CTA's web-flow custom properties or a generic feed's observable values.
 *
 * @param id               {@code Indicator/@id}
 * @param title            the indicated TTP's title (CTA activity name), or the indicator's Type (generic)
 * @param description      the indicator's Description, or null
 * @param packageTimestamp the enclosing STIX_Package's timestamp
 * @param properties       CTA {@code Custom_Properties/Property} name/value pairs
 * @param values           generic observable values ({@code ##comma##} lists already split)
 */
public record StixIndicator(String id, String title, String description, String packageTimestamp,
                            List<Property> properties, List<String> values) {
    public StixIndicator {
        properties = properties == null ? List.of() : List.copyOf(properties);
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** The first property with this name (case-sensitive, as CTA writes them), or null. */
    public String property(String name) {
        return properties.stream().filter(p -> name.equals(p.name())).map(Property::value)
                .filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst().orElse(null);
    }

    /** One custom property. */
    public record Property(String name, String value) {
    }
}

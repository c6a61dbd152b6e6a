package io.irflow.config;

import java.util.Map;

/**
 * One product's config section as the loader sees it: its name, its keys and how to read them. The product modules
 * implement it, so the loader, the schema and {@code check-config} learn every product from the list of modules.
 */
public interface ProductSection {
    /** The section name in the YAML, e.g. {@code amp4e}. */
    String section();

    /** Every key of the section, in documentation order, with its type. */
    Map<String, ConfigSchema.Type> keys();

    /** Reads a section that is present; problems go to {@link ConfigSection#problem}. */
    ProductSettings read(ConfigSection section);
}

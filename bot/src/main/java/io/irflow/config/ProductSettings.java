package io.irflow.config;

/** What every product section's settings have: where requests go and whether the credentials are complete. */
public interface ProductSettings {
    /** The base URL requests go to (the API path is appended). */
    String url();

    /** True when the section has complete credentials. */
    boolean enabled();
}

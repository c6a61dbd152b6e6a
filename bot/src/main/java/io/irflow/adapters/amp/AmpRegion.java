package io.irflow.adapters.amp;

/**
 * The public AMP clouds, each with its API host and console host (docs/reference/amp.md#regions); credentials only work
 * in their own cloud.
 */
public enum AmpRegion {
    NORTH_AMERICA("https://api.amp.cisco.com", "https://console.amp.cisco.com"),
    EUROPE("https://api.eu.amp.cisco.com", "https://console.eu.amp.cisco.com"),
    ASIA_PACIFIC("https://api.apjc.amp.cisco.com", "https://console.apjc.amp.cisco.com");

    private final String apiBase;
    private final String consoleBase;

    AmpRegion(String apiBase, String consoleBase) {
        this.apiBase = apiBase;
        this.consoleBase = consoleBase;
    }

    /** The API base URL, without the /v1 path. */
    public String apiBase() {
        return apiBase;
    }

    /** The console base URL used for links in cards. */
    public String consoleBase() {
        return consoleBase;
    }
}

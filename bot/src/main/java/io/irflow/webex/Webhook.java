package io.irflow.webex;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A webhook registration ({@code GET/POST/PUT /webhooks}). Webex never sends the secret back on deliveries. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Webhook(String id, String name, String targetUrl, String resource, String event, String filter,
                      String secret, String status, String created) {

    /** True when Webex has not disabled it. */
    public boolean isActive() {
        return status == null || "active".equalsIgnoreCase(status);
    }

    @Override
    public String toString() {
        return "Webhook[id=" + id + ", name=" + name + ", targetUrl=" + targetUrl + ", resource=" + resource
                + ", event=" + event + ", status=" + status + "]";
    }
}

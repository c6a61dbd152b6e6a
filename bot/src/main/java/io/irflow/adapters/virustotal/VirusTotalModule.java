package io.irflow.adapters.virustotal;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

/** VirusTotal v3: reputation for hashes, domains, IPs and URLs, within the client-side request quota. */
public final class VirusTotalModule extends ProductModule<VirusTotalModule.Settings> {

    /** The {@code virustotal} section: API key and the client-side request quota. */
    public record Settings(String url, Secret apiKey, int requestsPerMinute) implements ProductSettings {
        public boolean enabled() {
            return apiKey != null;
        }
    }

    public VirusTotalModule() {
        super(Settings.class, "virustotal", 90, "VirusTotal", ConfigSchema.keys(
                "url", Type.URL, "api_key", Type.SECRET, "requests_per_minute", Type.INT));
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", "https://www.virustotal.com/api/v3"), s.secret("api_key"),
                (int) s.integer("requests_per_minute", 4, 1, 100_000));
    }

    @Override
    protected void provideFrom(Settings vt, ProductContext context, ProductCapabilities out) {
        out.enrichment(new VirusTotalEnrichment(new VirusTotalConfig(context.http(vt.url()), vt.apiKey().reveal(),
                vt.requestsPerMinute())));
    }
}

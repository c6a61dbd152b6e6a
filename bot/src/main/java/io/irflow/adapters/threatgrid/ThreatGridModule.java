package io.irflow.adapters.threatgrid;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

/** Threat Grid: sandbox verdicts for hashes, domains, IPs and URLs. */
public final class ThreatGridModule extends ProductModule<ThreatGridModule.Settings> {

    /** The {@code threatgrid} section: an API key. */
    public record Settings(String url, Secret apiKey) implements ProductSettings {
        public boolean enabled() {
            return apiKey != null;
        }
    }

    public ThreatGridModule() {
        super(Settings.class, "threatgrid", 50, "Threat Grid", ConfigSchema.keys(
                "url", Type.URL, "api_key", Type.SECRET));
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", "https://panacea.threatgrid.com"), s.secret("api_key"));
    }

    @Override
    protected void provideFrom(Settings tg, ProductContext context, ProductCapabilities out) {
        out.enrichment(new ThreatGridEnrichment(new ThreatGridConfig(context.http(tg.url()), tg.apiKey().reveal())));
    }
}

package io.irflow.adapters.investigate;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

/** Umbrella Investigate: domain, IP and URL enrichment. */
public final class InvestigateModule extends ProductModule<InvestigateModule.Settings> {

    /** The {@code investigate} section: a static bearer token. */
    public record Settings(String url, Secret token) implements ProductSettings {
        public boolean enabled() {
            return token != null;
        }
    }

    public InvestigateModule() {
        super(Settings.class, "investigate", 20, "Umbrella Investigate", ConfigSchema.keys(
                "url", Type.URL, "token", Type.SECRET));
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", "https://investigate.api.umbrella.com"), s.secret("token"));
    }

    @Override
    protected void provideFrom(Settings inv, ProductContext context, ProductCapabilities out) {
        out.enrichment(new InvestigateEnrichment(new InvestigateConfig(context.http(inv.url()), inv.token().reveal())));
    }
}

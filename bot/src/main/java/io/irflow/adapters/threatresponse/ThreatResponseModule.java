package io.irflow.adapters.threatresponse;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

/** Threat Response / XDR: enrichment across its modules, and observable extraction from free text. */
public final class ThreatResponseModule extends ProductModule<ThreatResponseModule.Settings> {

    /** The {@code threatresponse} section: OAuth2 client credentials. */
    public record Settings(String url, String clientId, Secret clientSecret) implements ProductSettings {
        public boolean enabled() {
            return present(clientId) && clientSecret != null;
        }
    }

    public ThreatResponseModule() {
        super(Settings.class, "threatresponse", 60, "Threat Response", ConfigSchema.keys(
                "url", Type.URL, "client_id", Type.STRING, "client_secret", Type.SECRET));
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", "https://visibility.amp.cisco.com"), s.string("client_id", null),
                s.secret("client_secret"));
    }

    @Override
    protected void provideFrom(Settings tr, ProductContext context, ProductCapabilities out) {
        ThreatResponseEnrichment enrichment = new ThreatResponseEnrichment(ThreatResponseConfig.of(context.http(tr.url()),
                tr.clientId(), tr.clientSecret().reveal()));
        out.enrichment(enrichment);
        out.extraction(enrichment);
    }
}

package io.irflow.adapters.cognitive;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

/** Cognitive Intelligence: alerts from its TAXII feed. */
public final class CognitiveModule extends ProductModule<CognitiveModule.Settings> {

    /** The {@code cognitive} section: the TAXII feed and its basic-auth credentials. */
    public record Settings(String url, String feed, String username, Secret password) implements ProductSettings {
        public boolean enabled() {
            return present(feed) && present(username) && password != null;
        }
    }

    public CognitiveModule() {
        super(Settings.class, "cognitive", 30, null, ConfigSchema.keys(
                "url", Type.URL, "feed", Type.STRING, "username", Type.STRING, "password", Type.SECRET));
    }

    @Override
    public String productName() {
        return CognitiveClient.PRODUCT;
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", "https://taxii.cloudsec.sco.cisco.com/skym-taxii-ws"), s.string("feed", null),
                s.string("username", null), s.secret("password"));
    }

    @Override
    protected void provideFrom(Settings cog, ProductContext context, ProductCapabilities out) {
        out.alertSource(new CognitiveAlertSource(new CognitiveConfig(context.http(cog.url()), null, cog.feed(),
                cog.username(), cog.password().reveal()), context.clock(), context.config().alerts().lookback(), 20),
                context.config().alerts().cognitivePollInterval());
    }
}

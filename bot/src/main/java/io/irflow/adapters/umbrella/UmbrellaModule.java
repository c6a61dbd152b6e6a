package io.irflow.adapters.umbrella;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

import static io.irflow.adapters.ProductContext.reveal;

/** Umbrella: domain blocking, through the Enforcement API or a v2 destination list. */
public final class UmbrellaModule extends ProductModule<UmbrellaModule.Settings> {

    /** The {@code umbrella} section: customer key (Enforcement API) or client id/secret (v2 destination lists). */
    public record Settings(String url, Secret customerKey, String clientId, Secret clientSecret, String v2Url,
                           String destinationListId) implements ProductSettings {
        public boolean enabled() {
            return customerKey != null || (present(clientId) && clientSecret != null && present(destinationListId));
        }
    }

    public UmbrellaModule() {
        super(Settings.class, "umbrella", 40, null, ConfigSchema.keys(
                "url", Type.URL, "customer_key", Type.SECRET, "client_id", Type.STRING, "client_secret", Type.SECRET,
                "v2_url", Type.URL, "destination_list_id", Type.STRING));
    }

    @Override
    public String productName() {
        return UmbrellaErrors.PRODUCT;
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", "https://s-platform.api.opendns.com/1.0"), s.secret("customer_key"),
                s.string("client_id", null), s.secret("client_secret"), s.url("v2_url", "https://api.umbrella.com"),
                s.string("destination_list_id", null));
    }

    @Override
    protected void provideFrom(Settings um, ProductContext context, ProductCapabilities out) {
        out.containment(new UmbrellaBlocking(new UmbrellaConfig(context.http(um.url()), reveal(um.customerKey()),
                        context.http(um.v2Url()), um.clientId(), reveal(um.clientSecret()), um.destinationListId())),
                um.clientId() != null && um.clientSecret() != null ? "destination list " + um.destinationListId()
                        : "Enforcement API block list");
    }
}

package io.irflow.adapters.servicenow;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.AppConfig;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

import static io.irflow.adapters.ProductContext.reveal;

/** ServiceNow: a ticket per incident. */
public final class ServiceNowModule extends ProductModule<ServiceNowModule.Settings> {

    /** The {@code servicenow} section: basic auth or OAuth client credentials. */
    public record Settings(String url, String username, Secret password, String clientId, Secret clientSecret)
            implements ProductSettings {
        public boolean enabled() {
            return present(url) && ((present(username) && password != null) || (present(clientId) && clientSecret != null));
        }
    }

    public ServiceNowModule() {
        super(Settings.class, "servicenow", 100, null, ConfigSchema.keys(
                "url", Type.URL, "username", Type.STRING, "password", Type.SECRET, "client_id", Type.STRING,
                "client_secret", Type.SECRET));
    }

    @Override
    public String productName() {
        return ServiceNowClient.PRODUCT;
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", null), s.string("username", null), s.secret("password"),
                s.string("client_id", null), s.secret("client_secret"));
    }

    @Override
    protected void provideFrom(Settings sn, ProductContext context, ProductCapabilities out) {
        AppConfig.Incidents incidents = context.config().incidents();
        ServiceNowConfig.TicketDefaults defaults = new ServiceNowConfig.TicketDefaults(
                incidents == null ? null : incidents.assignmentGroup(), null, null, null, null);
        out.ticketing(new ServiceNowTicketing(new ServiceNowConfig(context.http(sn.url()), sn.username(),
                reveal(sn.password()), sn.clientId(), reveal(sn.clientSecret()), defaults, null)));
    }
}

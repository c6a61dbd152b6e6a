package io.irflow.adapters.amp;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.AppConfig;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

import java.time.Clock;
import java.time.Duration;

/** AMP for Endpoints: host and hash enrichment, alerts from its events, host isolation and file blocking. */
public final class AmpModule extends ProductModule<AmpModule.Settings> {

    /** The {@code amp4e} section: basic auth with client id and API key. */
    public record Settings(String url, String clientId, Secret apiKey, String fileListGuid) implements ProductSettings {
        public boolean enabled() {
            return present(clientId) && apiKey != null;
        }
    }

    public AmpModule() {
        super(Settings.class, "amp4e", 10, "AMP for Endpoints", ConfigSchema.keys(
                "url", Type.URL, "client_id", Type.STRING, "api_key", Type.SECRET, "file_list_guid", Type.STRING));
    }

    @Override
    public Settings read(ConfigSection s) {
        return new Settings(s.url("url", "https://api.amp.cisco.com"), s.string("client_id", null), s.secret("api_key"),
                s.string("file_list_guid", null));
    }

    @Override
    protected void provideFrom(Settings amp, ProductContext context, ProductCapabilities out) {
        AppConfig.Alerts alerts = context.config().alerts();
        AmpConfig config = new AmpConfig(context.http(amp.url()), console(amp.url()), amp.clientId(),
                amp.apiKey().reveal());
        HostnameSearches searches = new HostnameSearches();
        out.enrichment(new AmpEnrichment(config, Clock.systemUTC(), searches));
        out.hostDirectory(new AmpHostDirectory(config, searches));
        out.alertSource(new AmpAlertSource(config, context.clock(), AmpEventTypes.parse(alerts.ampEventTypes()),
                alerts.lookback(), Duration.ofMinutes(2), 100), alerts.ampPollInterval());
        out.containment(new AmpIsolation(config), "AMP isolation (the connector keeps talking to AMP only)");
        if (amp.fileListGuid() != null) {
            out.containment(new AmpFileBlocking(config, new AmpFileBlockingConfig(amp.fileListGuid(), null)),
                    "simple custom detection list " + amp.fileListGuid());
        }
    }

    /** The AMP console matching a public API base, for card links; none for other bases. */
    static String console(String apiUrl) {
        String base = apiUrl.replaceAll("/+$", "");
        for (AmpRegion r : AmpRegion.values()) {
            if (r.apiBase().equalsIgnoreCase(base)) {
                return r.consoleBase();
            }
        }
        return null;
    }
}

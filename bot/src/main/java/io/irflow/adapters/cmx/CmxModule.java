package io.irflow.adapters.cmx;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

import java.nio.file.Path;

/** CMX: where a MAC or IP was last located. */
public final class CmxModule extends ProductModule<CmxModule.Settings> {

    /** The {@code cmx} section: basic auth; on-premises, so a private CA may be needed. */
    public record Settings(String url, String username, Secret password, Path caFile, boolean verifyTls)
            implements ProductSettings {
        public boolean enabled() {
            return present(url) && present(username) && password != null;
        }
    }

    public CmxModule() {
        super(Settings.class, "cmx", 80, "CMX", ConfigSchema.keys(
                "url", Type.URL, "username", Type.STRING, "password", Type.SECRET, "ca_file", Type.PATH,
                "verify_tls", Type.BOOL));
    }

    @Override
    public Settings read(ConfigSection s) {
        Settings cmx = new Settings(s.url("url", null), s.string("username", null), s.secret("password"),
                s.path("ca_file"), s.bool("verify_tls", true));
        if (cmx.url() == null && cmx.username() != null) {
            s.problem("url", "required when CMX credentials are given (e.g. https://cmx.example.com)");
        }
        return cmx;
    }

    @Override
    protected void provideFrom(Settings cmx, ProductContext context, ProductCapabilities out) {
        CmxConfig config = new CmxConfig(context.http(cmx.url(), cmx.caFile(), cmx.verifyTls()), cmx.username(),
                cmx.password().reveal());
        out.enrichment(new CmxEnrichment(config));
        out.floorMaps(new CmxFloorMaps(config));
    }
}

package io.irflow.adapters.ise;

import io.irflow.adapters.ProductCapabilities;
import io.irflow.adapters.ProductContext;
import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSchema.Type;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSettings;
import io.irflow.config.Secret;

import java.nio.file.Path;

import static io.irflow.adapters.ProductContext.reveal;

/** ISE: session and ANC enrichment for MACs and IPs, and quarantine through an ANC policy. */
public final class IseModule extends ProductModule<IseModule.Settings> {

    /** The {@code ise} section: ERS ({@code url}) and monitoring ({@code mnt_url}) with basic auth; private CA support. */
    public record Settings(String url, String mntUrl, String username, Secret password, String mntUsername,
                           Secret mntPassword, String ancPolicy, Path caFile, boolean verifyTls) implements ProductSettings {
        public boolean enabled() {
            return present(url) && present(username) && password != null;
        }
    }

    public IseModule() {
        super(Settings.class, "ise", 70, "ISE", ConfigSchema.keys(
                "url", Type.URL, "mnt_url", Type.URL, "username", Type.STRING, "password", Type.SECRET,
                "mnt_username", Type.STRING, "mnt_password", Type.SECRET, "anc_policy", Type.STRING,
                "ca_file", Type.PATH, "verify_tls", Type.BOOL));
    }

    @Override
    public Settings read(ConfigSection s) {
        String url = s.url("url", null);
        Settings ise = new Settings(url, s.url("mnt_url", url), s.string("username", null), s.secret("password"),
                s.string("mnt_username", null), s.secret("mnt_password"), s.string("anc_policy", "Quarantine"),
                s.path("ca_file"), s.bool("verify_tls", true));
        if (url == null && (ise.username() != null || ise.password() != null)) {
            s.problem("url", "required when ISE credentials are given (the ERS base, e.g. https://ise.example.com:9060)");
        }
        return ise;
    }

    @Override
    protected void provideFrom(Settings ise, ProductContext context, ProductCapabilities out) {
        IseConfig config = new IseConfig(context.http(ise.url(), ise.caFile(), ise.verifyTls()),
                context.http(ise.mntUrl(), ise.caFile(), ise.verifyTls()), ise.username(), ise.password().reveal(),
                ise.mntUsername(), reveal(ise.mntPassword()), ise.ancPolicy());
        out.enrichment(new IseEnrichment(config));
        out.containment(new IseQuarantine(config), "ANC policy '" + ise.ancPolicy() + "'");
    }
}

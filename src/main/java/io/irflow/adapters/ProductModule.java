package io.irflow.adapters;

import io.irflow.config.ConfigSchema;
import io.irflow.config.ConfigSection;
import io.irflow.config.ProductSection;
import io.irflow.config.ProductSettings;

import java.util.Map;

/**
 * One product as the wiring sees it: its config section (name, keys, a settings record read from it) and the
 * capabilities an enabled section provides. Each product folder has one; {@code app/Products} lists them.
 *
 * @param <S> the product's settings record
 */
public abstract class ProductModule<S extends ProductSettings> implements ProductSection {
    private final Class<S> settingsType;

    protected ProductModule(Class<S> settingsType) {
        this.settingsType = settingsType;
    }

    @Override
    public abstract String section();

    @Override
    public abstract Map<String, ConfigSchema.Type> keys();

    @Override
    public abstract S read(ConfigSection section);

    /**
     * Where the product's capabilities come on the investigation card and in {@code /status}: lower first. Config
     * order (the order of {@code app/Products}) is the order of {@code config.sample.yml} and {@code check-config}.
     */
    public abstract int cardOrder();

    /**
     * The source name listed as "not configured" when the product is off, or null for a product that puts no source
     * on the card (alerts, containment or ticketing only).
     */
    public String sourceName() {
        return null;
    }

    /** The settings record type this module reads. */
    public final Class<S> settingsType() {
        return settingsType;
    }

    /** Adds what an enabled section provides to {@code out}. */
    public final void provide(ProductSettings settings, ProductContext context, ProductCapabilities out) {
        provideFrom(settingsType.cast(settings), context, out);
    }

    /** Adds what the enabled settings provide to {@code out}. */
    protected abstract void provideFrom(S settings, ProductContext context, ProductCapabilities out);

    /** Whether a string setting is given. */
    protected static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}

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
    private final String section;
    private final int cardOrder;
    private final String sourceName;
    private final Map<String, ConfigSchema.Type> keys;

    /**
     * @param settingsType the settings record {@link #read} returns
     * @param section      the config section, e.g. {@code amp4e}
     * @param cardOrder    where the product's capabilities come on the investigation card and in {@code /status}:
     *                     lower first (config order, the order of {@code app/Products}, is the order of
     *                     {@code config.sample.yml} and {@code check-config})
     * @param sourceName   the source listed as "not configured" when the product is off, or null for a product that
     *                     puts no source on the card (alerts, containment or ticketing only)
     * @param keys         every key of the section, in documentation order, with its type
     */
    protected ProductModule(Class<S> settingsType, String section, int cardOrder, String sourceName,
                            Map<String, ConfigSchema.Type> keys) {
        this.settingsType = settingsType;
        this.section = section;
        this.cardOrder = cardOrder;
        this.sourceName = sourceName;
        this.keys = keys;
    }

    @Override
    public final String section() {
        return section;
    }

    @Override
    public final Map<String, ConfigSchema.Type> keys() {
        return keys;
    }

    @Override
    public abstract S read(ConfigSection section);

    /** Where the product's capabilities come on the investigation card and in {@code /status}: lower first. */
    public final int cardOrder() {
        return cardOrder;
    }

    /** The source listed as "not configured" when the product is off, or null. */
    public final String sourceName() {
        return sourceName;
    }

    /**
     * The product as it calls itself, for people ("AMP for Endpoints", "Umbrella"): the source name, or the section
     * for a product that puts no source on the card unless it says otherwise.
     */
    public String productName() {
        return sourceName != null ? sourceName : section;
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

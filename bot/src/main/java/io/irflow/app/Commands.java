package io.irflow.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.cache.CachingFloorMaps;
import io.irflow.capabilities.ImpactPreview;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.chat.Access;
import io.irflow.chat.Role;
import io.irflow.chat.Router;
import io.irflow.chat.commands.AccessCommand;
import io.irflow.chat.commands.AlertCommands;
import io.irflow.chat.commands.ContainmentCommands;
import io.irflow.chat.commands.ExpiryCommands;
import io.irflow.chat.commands.HelpCommand;
import io.irflow.chat.commands.IncidentCommands;
import io.irflow.chat.commands.InvestigateCommands;
import io.irflow.chat.commands.OpenIncidentHooks;
import io.irflow.chat.commands.StatusCommand;
import io.irflow.config.AppConfig;
import io.irflow.contain.Previews;
import io.irflow.investigate.FreshQuota;
import io.irflow.investigate.HostNames;
import io.irflow.pictures.FloorMapPictures;

import java.time.Duration;
import java.util.List;

/**
 * The last stage: the chat commands, registered on the core's router once the features and the transport exist (so
 * {@code /status} can show the Webex connection). The server does not listen yet, so no event meets a half-filled
 * router.
 *
 * @param investigate the investigation commands, or null when no enrichment product is configured
 */
record Commands(Router router, InvestigateCommands investigate) {
    /** How long a confirmation card waits for its impact preview. */
    private static final Duration PREVIEW_DEADLINE = Duration.ofSeconds(3);

    static Commands register(Core core, Features features, Transport transport) {
        AppConfig config = core.config();
        ProductAdapters products = core.products();
        Router router = core.router();
        HelpCommand help = new HelpCommand(router, Products.names(config.enabledProducts()));
        router.command(help.command()).whenEmpty(help::handle);
        router.command(new AccessCommand(core.access()).command());
        HostNames hostNames = new HostNames(products.hostDirectories(), core.lookups(), new CachingEnrichment.CacheSettings(
                config.lookups().cacheTtl(), config.lookups().cacheNegativeTtl(), config.lookups().cacheSize()),
                Ticker.systemTicker());
        new ContainmentCommands(features.containment(), core.investigation(), core.parser(),
                products.containmentDetails(), config.security().requireApproval(), core.clock(), hostNames,
                core::words, features.verifier() == null ? (ref, card) -> { } : features.verifier()::cardOf,
                previews(core)).register(router);
        if (!products.containments().isEmpty()) {
            new ExpiryCommands(features.expiries(), core::words).register(router);
        }
        IncidentCommands incidents = new IncidentCommands(features.incidents(), core.parser(), core.clock(),
                features.seeds(), Access.from(config.security()));
        incidents.register(router);
        router.command(incidents.status(new StatusCommand(products.probes(), products.notConfigured(), core.cached(),
                core.lookups(), core.clock(), AppWiring.version(), transport.connection(), config.security().dryRun())
                .command()));
        InvestigateCommands investigate = core.cached().isEmpty() ? null : new InvestigateCommands(core.parser(),
                core.investigation(), products.extraction(),
                core.threads().fixed("irflow-investigation", core.tuning().workers()),
                products.containments().isEmpty() ? null : features.containment(), new OpenIncidentHooks(features.hooks()),
                new FreshQuota(config.lookups().freshPerHour(), core.clock()), core.clock(), hostNames,
                features.ledger(), core::words, products.floorMaps() == null ? null
                        : new FloorMapPictures(new CachingFloorMaps(products.floorMaps(), Ticker.systemTicker())));
        if (investigate != null) {
            router.command(investigate.command());
            router.action(ActionIds.INVESTIGATE_NAME, Role.ANALYST, investigate::pick);
            router.pasted(investigate::worthInvestigating, investigate::handle);
        }
        Alerting alerting = features.alerting();
        if (alerting != null) {
            new AlertCommands(alerting.states(), alerting.outbox(), alerting.seen(), alerting.sources(), investigate,
                    alerting.seen().storms(), features.incidents(), core.clock(), core::words).register(router);
        }
        return new Commands(router, investigate);
    }

    /**
     * The confirmation cards' impact preview: the products that preview actions, and the host investigations (each
     * remembered for the lookup cache's time, so a confirmation right after one costs no product call).
     */
    private static Previews previews(Core core) {
        List<ImpactPreview> products = core.products().enrichments().stream()
                .filter(ImpactPreview.class::isInstance).map(ImpactPreview.class::cast).toList();
        Previews previews = new Previews(products, core.investigation(), core.threads().fixed("irflow-preview", 4),
                PREVIEW_DEADLINE, core.config().lookups().cacheTtl(), Ticker.systemTicker());
        core.investigation().listen(previews::remember);
        return previews;
    }
}

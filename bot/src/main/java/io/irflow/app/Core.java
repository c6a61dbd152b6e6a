package io.irflow.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.chat.Access;
import io.irflow.chat.AccessMiddleware;
import io.irflow.chat.AccessStore;
import io.irflow.chat.Router;
import io.irflow.config.AppConfig;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.Responders;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.ObservableParser;
import io.irflow.metrics.Metrics;
import io.irflow.net.Outbound;
import io.irflow.store.Claimant;
import io.irflow.store.Database;
import io.irflow.store.Leadership;
import io.irflow.webex.Person;
import io.irflow.webex.WebexClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The first stage: what every feature shares. The config and knobs, outbound HTTP, the Webex client and who the bot
 * is, the database with the stores more than one feature uses (audit log, contained targets, access grants), the
 * meter registry, the product adapters behind their caches, the investigation fan-out, and the command router (its
 * commands come last).
 *
 * @param lookups    the pool product calls run on, across all investigations
 * @param claimant   this instance as it claims outbox work in the shared database
 * @param leadership whether this instance leads (runs the alert pollers and the event socket); checked from
 *                   {@link AppWiring} once the server listens
 * @param metrics    the one meter registry ({@code GET /metrics}), handed to whatever reports to it
 */
record Core(AppConfig config, Tuning tuning, Clock clock, Outbound outbound, WebexClient webex, Person me,
            Database database, ProductAdapters products, List<CachingEnrichment> cached, ExecutorService lookups,
            Investigation investigation, ObservableParser parser, AuditStore audit, ContainedTargetStore contained,
            Responders responders, AccessStore access, Router router, Threads threads, Claimant claimant,
            Leadership leadership, Metrics metrics) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Core.class);
    /** Product calls in flight at once, across all investigations. */
    static final int LOOKUP_THREADS = 64;
    /** How often the database-backed gauges (outbox backlogs) are re-read: about one Prometheus scrape interval. */
    static final long METRICS_SAMPLE_SECONDS = 15;

    /**
     * Checks the token ({@code GET /people/me}) while the database opens and migrates, then builds the rest.
     *
     * @throws IllegalStateException when the token is refused or the database cannot be opened
     */
    static Core open(AppConfig config, Tuning tuning) {
        AppConfig.Webex wx = config.webex();
        Outbound outbound = Outbound.from(config.http());
        LOG.info("outbound HTTP: {}", outbound.describe());
        // Opening and migrating the database takes a while; it runs while Webex is asked who the bot is.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(config.storage().url()));
        WebexClient webex = new WebexClient(wx.url(), wx.token().reveal(), tuning.webexRetry(), outbound);
        Person me;
        try {
            me = webex.me();
        } catch (RuntimeException e) {
            webex.close();
            opening.thenAccept(Database::close);
            throw new IllegalStateException("cannot identify the bot with GET /people/me: " + e.getMessage(), e);
        }
        LOG.info("bot identity: {} <{}>", me.displayName(), me.email());
        Database database;
        try {
            database = opening.join();
        } catch (CompletionException e) {
            webex.close();
            throw new IllegalStateException("cannot open the database at storage.url ("
                    + config.storage().toString() + "): " + e.getCause().getMessage(), e.getCause());
        }

        Metrics metrics = new Metrics();
        ProductAdapters products;
        try {
            products = ProductAdapters.from(config, outbound, metrics::productCall);
        } catch (RuntimeException e) {
            webex.close();
            database.close();
            throw e;
        }
        LOG.info("products: {} configured, not configured: {}", products.enrichments().size(), products.notConfigured());
        Clock clock = tuning.clock();
        Threads threads = new Threads();
        ExecutorService lookups = threads.fixed("irflow-lookup", LOOKUP_THREADS);
        threads.scheduled("irflow-metrics", 1).scheduleWithFixedDelay(metrics::sample, METRICS_SAMPLE_SECONDS,
                METRICS_SAMPLE_SECONDS, TimeUnit.SECONDS);
        AppConfig.Lookups lk = config.lookups();
        CachingEnrichment.CacheSettings cache = new CachingEnrichment.CacheSettings(lk.cacheTtl(), lk.cacheNegativeTtl(),
                lk.cacheSize());
        List<CachingEnrichment> cached = products.enrichments().stream()
                .map(e -> new CachingEnrichment(e, cache, Ticker.systemTicker(), clock)).toList();
        Investigation investigation = new Investigation(cached, products.notConfigured(), lookups, lk.timeout(),
                lk.deadline());
        AccessStore access = new AccessStore(database.dataSource());
        Router router = new Router().use(new AccessMiddleware(Access.from(config.security()), access, clock));
        return new Core(config, tuning, clock, outbound, webex, me, database, products, cached, lookups, investigation,
                new ObservableParser(new HashSet<>(lk.internalDomains())), new AuditStore(database.dataSource()),
                new ContainedTargetStore(database.dataSource()), new Responders(config.security().responders()), access,
                router, threads, Claimant.thisProcess(), database.leadership(), metrics);
    }

    /**
     * The presentation vocabulary as of now, in the team's time zone: what card builders take to show times
     * ("06:26 UTC (3 min ago)"). Pass {@code core::words} (a {@code Supplier<Words>}) to what renders cards.
     */
    io.irflow.cards.Words words() {
        return new io.irflow.cards.Words(config.team().timeZone(), clock.instant());
    }

    /** Stops the pools, lets the leader lock go, then closes the product clients, Webex and the database. */
    @Override
    public void close() {
        threads.close();
        leadership.close();
        products.close();
        webex.close();
        database.close();
    }
}

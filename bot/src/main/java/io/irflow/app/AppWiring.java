package io.irflow.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.chat.Access;
import io.irflow.chat.AccessMiddleware;
import io.irflow.chat.AccessStore;
import io.irflow.chat.ChatService;
import io.irflow.chat.MentionStripper;
import io.irflow.chat.PersonDirectory;
import io.irflow.chat.RoomRule;
import io.irflow.chat.Router;
import io.irflow.chat.commands.AccessCommand;
import io.irflow.chat.commands.ContainmentCommands;
import io.irflow.chat.commands.HelpCommand;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.PendingActionStore;
import io.irflow.contain.Responders;
import io.irflow.store.Database;
import io.irflow.chat.commands.InvestigateCommands;
import io.irflow.chat.commands.StatusCommand;
import io.irflow.capabilities.Ticketing;
import io.irflow.config.AppConfig;
import io.irflow.incidents.IncidentSeedStore;
import io.irflow.incidents.IncidentService;
import io.irflow.investigate.FreshQuota;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.ObservableParser;
import io.irflow.net.Outbound;
import io.irflow.webex.Person;
import io.irflow.webex.WebexClient;
import io.irflow.webex.socket.HandledEventStore;
import io.irflow.webex.socket.WebexSocket;
import io.irflow.webex.webhook.EventIntake;
import io.irflow.webex.webhook.RecentEvents;
import io.irflow.webex.webhook.SignatureVerifier;
import io.irflow.webex.webhook.WebhookController;
import io.irflow.webex.webhook.WebhookRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The composition root: the only place that builds irflow's object graph, by constructors, from the config. */
public final class AppWiring {
    private static final Logger LOG = LoggerFactory.getLogger(AppWiring.class);
    static final String WEBHOOK_PATH = "/webhooks/webex";
    /** Product calls in flight at once, across all investigations. */
    static final int LOOKUP_THREADS = 64;
    /** How long a containment button stays usable. */
    static final java.time.Duration OFFER_TTL = java.time.Duration.ofHours(24);
    /**
     * A containment EXECUTING for longer than this is one whose result was never recorded (no product call lasts
     * this long: a few requests, each bounded by its timeout), so it is reconciled; younger ones may be live on
     * another instance sharing the database.
     */
    static final java.time.Duration RECONCILE_AFTER = java.time.Duration.ofMinutes(5);

    private AppWiring() {
    }

    /** A started bot; closing it stops the server, the workers and the product clients. */
    public record Bot(HttpServer server, EventIntake intake, WebexClient webex, Person me, ProductAdapters products,
                      List<ExecutorService> pools, Database database, WebexSocket socket, Router router)
            implements AutoCloseable {
        /** The port the webhook endpoint listens on. */
        public int port() {
            return server.port();
        }

        @Override
        public void close() {
            if (socket != null) {
                socket.close();
            }
            server.close();
            intake.close();
            pools.forEach(ExecutorService::shutdownNow);
            products.close();
            webex.close();
            database.close();
        }
    }

    /**
     * Builds and starts the bot: checks the token ({@code GET /people/me}), starts the HTTP server, then registers
     * the webhooks when {@code server.public_url} is set.
     *
     * @throws IllegalStateException when the config cannot run (missing token or secret) or the token is refused
     */
    public static Bot start(AppConfig config, Tuning tuning) {
        HttpServer server = new HttpServer("0.0.0.0", config.server().port(), List.of());
        try {
            return startOn(server, config, tuning);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Wires the bot onto a server and starts it if it is not listening yet. In production the server starts only once
     * the bot is wired, so {@code /healthz} means "ready for deliveries"; the demo starts its simulators on the same
     * server first, so {@code GET /people/me} can reach them. Closing the bot closes the server.
     */
    public static Bot startOn(HttpServer server, AppConfig config, Tuning tuning) {
        return startOn(server, config, tuning, null);
    }

    /**
     * Builds and starts the bot with a ticketing system for incidents (null: the configured one), on a new server.
     */
    public static Bot start(AppConfig config, Tuning tuning, Ticketing ticketing) {
        HttpServer server = new HttpServer("0.0.0.0", config.server().port(), List.of());
        try {
            return startOn(server, config, tuning, ticketing);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** As {@link #startOn(HttpServer, AppConfig, Tuning)}, with a ticketing system for incidents (null: the configured one). */
    public static Bot startOn(HttpServer server, AppConfig config, Tuning tuning, Ticketing ticketing) {
        AppConfig.Webex wx = config.webex();
        if (wx.token() == null) {
            throw new IllegalStateException("webex.token is required to run the bot");
        }
        if (!wx.websocket() && wx.webhookSecret() == null && !wx.allowUnsigned()) {
            throw new IllegalStateException("webex.webhook_secret is required (or set webex.allow_unsigned: true, "
                    + "which lets anyone who finds the URL drive the bot)");
        }
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

        ProductAdapters products = ProductAdapters.from(config, outbound);
        LOG.info("products: {} configured, not configured: {}", products.enrichments().size(), products.notConfigured());
        ExecutorService lookups = Executors.newFixedThreadPool(LOOKUP_THREADS, named("irflow-lookup"));
        ExecutorService investigations = Executors.newFixedThreadPool(tuning.workers(), named("irflow-investigation"));
        Clock clock = tuning.clock();
        AppConfig.Lookups lk = config.lookups();
        CachingEnrichment.CacheSettings cache = new CachingEnrichment.CacheSettings(lk.cacheTtl(), lk.cacheNegativeTtl(),
                lk.cacheSize());
        List<CachingEnrichment> cached = products.enrichments().stream()
                .map(e -> new CachingEnrichment(e, cache, Ticker.systemTicker(), clock)).toList();
        Investigation investigation = new Investigation(cached, products.notConfigured(), lookups, lk.timeout(), lk.deadline());

        Database database = database(opening, config);
        AuditStore audit = new AuditStore(database.dataSource());
        ContainmentService containment = new ContainmentService(products.containments(),
                new PendingActionStore(database.dataSource()), new ContainedTargetStore(database.dataSource()),
                audit, new Responders(config.security().responders()),
                config.security().requireApproval(), OFFER_TTL, clock);
        ObservableParser parser = new ObservableParser(new HashSet<>(lk.internalDomains()));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, named("irflow-alerts"));

        AtomicReference<WebexSocket> socketRef = new AtomicReference<>();
        AtomicReference<EventIntake> intakeRef = new AtomicReference<>();
        AccessStore accessStore = new AccessStore(database.dataSource());
        Router router = new Router().use(new AccessMiddleware(Access.from(config.security()), accessStore, clock));
        HelpCommand help = new HelpCommand(router, config.enabledProducts());
        router.command(help.command()).whenEmpty(help::handle);
        router.command(new AccessCommand(accessStore).command());
        new ContainmentCommands(containment, investigation, parser, products.containmentDetails(),
                config.security().requireApproval(), clock).register(router);
        IncidentSeedStore seeds = new IncidentSeedStore(database.dataSource());
        ScheduledExecutorService tickets = Executors.newSingleThreadScheduledExecutor(named("irflow-tickets"));
        IncidentService incidents = IncidentWiring.start(config, database, webex,
                ticketing != null ? ticketing : products.ticketing(), parser, seeds, router,
                new StatusCommand(products.probes(), products.notConfigured(), cached, lookups, clock, version(),
                        () -> SocketWiring.connection(wx, socketRef.get(), intakeRef.get(), outbound)).command(),
                tickets, clock);
        IncidentHooks hooks = new IncidentHooks(incidents, seeds, clock);
        audit.listen(hooks::audited);
        // At start-up and every minute after: settle actions a crash left EXECUTING (see contain/Reconciler).
        scheduler.scheduleWithFixedDelay(() -> containment.reconcile(RECONCILE_AFTER), 0, 1,
                java.util.concurrent.TimeUnit.MINUTES);
        InvestigateCommands investigate = cached.isEmpty() ? null : new InvestigateCommands(parser, investigation,
                products.extraction(), investigations, products.containments().isEmpty() ? null : containment, hooks,
                new FreshQuota(lk.freshPerHour(), clock), clock);
        if (investigate != null) {
            router.command(investigate.command());
        }

        Alerting.start(config, products, database, containment, investigation, investigate, webex, server, router, scheduler,
                clock, hooks::alerted);

        RoomRule rooms = new RoomRule(wx.irtRoom(), wx.allowedRooms(), room -> incidents.inRoom(room).isPresent());
        ChatService chat = new ChatService(webex, router, new MentionStripper(me.id(), me.displayName()), me.id(),
                new PersonDirectory(webex), rooms, accessStore, clock);
        HandledEventStore handled = wx.websocket() ? new HandledEventStore(database.dataSource(), clock) : null;
        EventIntake intake = new EventIntake(new EventIntake.BotIdentity(me.id(), me.email()), chat,
                tuning.workers(), tuning.queueCapacity(), handled != null ? handled : new RecentEvents(tuning.dedupeWindow()));
        intakeRef.set(intake);
        WebexSocket socket = null;
        Readiness readiness;
        WebhookController controller = null;
        if (wx.websocket()) {
            socket = SocketWiring.socket(wx, webex, me, handled, intake, rooms::listed, outbound, tuning, clock);
            socketRef.set(socket);
            WebexSocket events = socket;
            readiness = new Readiness(webex, database, clock, () -> SocketWiring.readiness(events));
            LOG.info("webex.mode is websocket: events arrive over Webex's event socket; POST {} is off{}", WEBHOOK_PATH,
                    config.server().publicUrl() == null ? "" : " and server.public_url is not used (no webhooks are registered)");
        } else {
            SignatureVerifier verifier = wx.webhookSecret() == null ? null : new SignatureVerifier(wx.webhookSecret().reveal());
            if (verifier == null) {
                LOG.warn("webex.allow_unsigned is true: webhook signatures are NOT verified");
            }
            controller = new WebhookController(verifier, intake);
            readiness = new Readiness(webex, database, clock);
        }
        ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(named("irflow-readiness"));
        readiness.start(health);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(named("irflow-retention"));
        new Retention(database.dataSource(), config.storage().retention(),
                config.alerts().lookback().plus(config.alerts().window()), clock).start(housekeeping);
        server.attach(controller, readiness);
        server.attachConnection(() -> SocketWiring.connection(wx, socketRef.get(), intakeRef.get(), outbound));
        if (!server.started()) {
            server.start();
        }
        Bot bot = new Bot(server, intake, webex, me, products,
                List.of(scheduler, tickets, lookups, investigations, health, housekeeping), database, socket, router);
        if (socket != null) {
            removeWebhooks(config, webex);
            socket.start();
        } else {
            registerWebhooks(config, webex, bot);
        }
        return bot;
    }

    private static Database database(CompletableFuture<Database> opening, AppConfig config) {
        try {
            return opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("cannot open the database at storage.url ("
                    + config.storage().toString() + "): " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Websocket mode: irflow's own webhook registrations from a webhook-mode past are deleted (best effort). */
    private static void removeWebhooks(AppConfig config, WebexClient webex) {
        String publicUrl = config.server().publicUrl();
        try {
            int deleted = new WebhookRegistrar(webex).removeOwn(publicUrl == null ? null
                    : publicUrl.replaceAll("/+$", "") + WEBHOOK_PATH);
            if (deleted > 0) {
                LOG.info("websocket mode: deleted {} irflow webhook registration(s)", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("websocket mode: could not check for irflow webhook registrations to delete: {}", e.getMessage());
        }
    }

    private static void registerWebhooks(AppConfig config, WebexClient webex, Bot bot) {
        String publicUrl = config.server().publicUrl();
        if (publicUrl == null) {
            LOG.info("server.public_url not set: register webhooks to {} yourself (see README)", WEBHOOK_PATH);
            return;
        }
        String target = publicUrl.replaceAll("/+$", "") + WEBHOOK_PATH;
        AppConfig.Webex wx = config.webex();
        try {
            WebhookRegistrar.Result r = new WebhookRegistrar(webex).ensure(target,
                    wx.webhookSecret() == null ? null : wx.webhookSecret().reveal());
            LOG.info("webhooks at {}: {} created, {} updated, {} deleted, {} kept", target, r.created(), r.updated(),
                    r.deleted(), r.kept());
        } catch (RuntimeException e) {
            bot.close();
            throw new IllegalStateException("could not register webhooks at " + target + ": " + e.getMessage(), e);
        }
    }

    /** The jar's version, "dev" when run from classes. */
    static String version() {
        String v = AppWiring.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.irflow.app;

import io.irflow.capabilities.Ticketing;
import io.irflow.chat.Router;
import io.irflow.config.AppConfig;
import io.irflow.store.Database;
import io.irflow.webex.WebexClient;
import io.irflow.webex.webhook.WebhookRegistrar;
import io.irflow.webex.webhook.WebhookWatchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: the only place that builds irflow's object graph, by constructors, from the config. It runs
 * in stages, each building its objects once and returning them as a record: {@link Core} (what every feature
 * shares), {@link Features} (containment, incidents, alerts), {@link Transport} (events in, HTTP server) and
 * {@link Commands} (the chat commands, last, so {@code /status} can read the transport). Only then does the server
 * listen, so {@code /healthz} means "ready for deliveries".
 */
public final class AppWiring {
    private static final Logger LOG = LoggerFactory.getLogger(AppWiring.class);
    /** The longest a follower waits between tries for the lead (see store/Leadership). */
    static final Duration LEADER_CHECK = Duration.ofSeconds(10);

    private AppWiring() {
    }

    /** A started bot; closing it stops the server, the workers and the product clients. */
    public static final class Bot implements AutoCloseable {
        private final Core core;
        private final Transport transport;

        private Bot(Core core, Transport transport) {
            this.core = core;
            this.transport = transport;
        }

        /** The port the HTTP server listens on. */
        public int port() {
            return transport.server().port();
        }

        /** The address the HTTP server binds ({@link Tuning#bindHost()}). */
        public String host() {
            return transport.server().host();
        }

        /** The bot's database. */
        public Database database() {
            return core.database();
        }

        /**
         * True while this instance leads among those sharing its database: it polls the alert sources and, in
         * websocket mode, holds the event socket (see store/Leadership). A gauge for metrics.
         */
        public boolean leading() {
            return core.leadership().leading();
        }

        /** The command router, every command registered. */
        public Router router() {
            return core.router();
        }

        @Override
        public void close() {
            transport.close();
            core.close();
        }
    }

    /**
     * Builds and starts the bot: checks the token ({@code GET /people/me}), starts the HTTP server, then registers
     * the webhooks when {@code server.public_url} is set.
     *
     * @throws IllegalStateException when the config cannot run (missing token or secret) or the token is refused
     */
    public static Bot start(AppConfig config, Tuning tuning) {
        return start(config, tuning, null);
    }

    /** As {@link #start(AppConfig, Tuning)}, with a ticketing system for incidents (null: the configured one). */
    public static Bot start(AppConfig config, Tuning tuning, Ticketing ticketing) {
        AppConfig.Webex wx = config.webex();
        if (wx.token() == null) {
            throw new IllegalStateException("webex.token is required to run the bot");
        }
        if (!wx.websocket() && wx.webhookSecret() == null && !wx.allowUnsigned()) {
            throw new IllegalStateException("webex.webhook_secret is required (or set webex.allow_unsigned: true, "
                    + "which lets anyone who finds the URL drive the bot)");
        }
        Core core = Core.open(config, tuning);
        Transport transport = null;
        try {
            Features features = Features.start(core, ticketing != null ? ticketing : core.products().ticketing());
            transport = Transport.build(core, features);
            Commands.register(core, features, transport);
            transport.server().start();
        } catch (RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            core.close();
            throw e;
        }
        Bot bot = new Bot(core, transport);
        if (transport.socket() != null) {
            removeWebhooks(config, core.webex());
            core.leadership().onChange(transport.socket()::lead);
        } else {
            registerWebhooks(config, core.webex(), bot);
        }
        lead(core);
        return bot;
    }

    /**
     * Decides now whether this instance leads, then again every poll interval (at most {@link #LEADER_CHECK}): a
     * follower takes over within one interval of the leader's death, and a new leader polls at once (see
     * {@link Alerting}). The cap keeps websocket mode's failover short when alerts are polled rarely or not at all.
     */
    private static void lead(Core core) {
        Duration every = core.products().alertSources().stream().map(ProductAdapters.ScheduledSource::every)
                .reduce(core.config().alerts().pollInterval(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        every = every.compareTo(LEADER_CHECK) <= 0 ? every : LEADER_CHECK;
        core.leadership().check();
        core.threads().scheduled("irflow-leader", 1).scheduleWithFixedDelay(core.leadership()::check,
                every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Websocket mode: irflow's own webhook registrations from a webhook-mode past are deleted (best effort). */
    private static void removeWebhooks(AppConfig config, WebexClient webex) {
        String publicUrl = config.server().publicUrl();
        try {
            int deleted = new WebhookRegistrar(webex).removeOwn(publicUrl == null ? null
                    : publicUrl.replaceAll("/+$", "") + HttpServer.WEBHOOK_PATH);
            if (deleted > 0) {
                LOG.info("websocket mode: deleted {} irflow webhook registration(s)", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("websocket mode: could not check for irflow webhook registrations to delete: {}", e.getMessage());
        }
    }

    /** Registers the webhooks (a failure stops the bot), then starts the watchdog that keeps them active. */
    private static void registerWebhooks(AppConfig config, WebexClient webex, Bot bot) {
        String publicUrl = config.server().publicUrl();
        if (publicUrl == null) {
            LOG.info("server.public_url not set: register webhooks to {} yourself (see README)", HttpServer.WEBHOOK_PATH);
            return;
        }
        String target = publicUrl.replaceAll("/+$", "") + HttpServer.WEBHOOK_PATH;
        AppConfig.Webex wx = config.webex();
        String secret = wx.webhookSecret() == null ? null : wx.webhookSecret().reveal();
        try {
            WebhookRegistrar.Result r = new WebhookRegistrar(webex).ensure(target, secret);
            LOG.info("webhooks at {}: {} created, {} updated, {} deleted, {} kept", target, r.created(), r.updated(),
                    r.deleted(), r.kept());
        } catch (RuntimeException e) {
            bot.close();
            throw new IllegalStateException("could not register webhooks at " + target + ": " + e.getMessage(), e);
        }
        Duration every = bot.core.tuning().webhookCheck();
        WebhookWatchdog watchdog = new WebhookWatchdog(webex, target, secret, wx.irtRoom());
        // On the leader only, so several instances neither repair one registration at once nor warn the room twice.
        bot.core.threads().scheduled("irflow-webhook-watchdog", 1).scheduleWithFixedDelay(() -> {
            if (bot.core.leadership().leading()) {
                watchdog.run();
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("webhook watchdog: re-checks the registrations every {} (on the leader)", every);
    }

    /** The jar's version, "dev" when run from classes. */
    static String version() {
        String v = AppWiring.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

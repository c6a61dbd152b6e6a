package io.irflow.app;

import io.irflow.chat.ChatService;
import io.irflow.chat.MentionStripper;
import io.irflow.chat.Router;
import io.irflow.chat.commands.HelpCommand;
import io.irflow.config.AppConfig;
import io.irflow.webex.Person;
import io.irflow.webex.WebexClient;
import io.irflow.webex.webhook.EventIntake;
import io.irflow.webex.webhook.SignatureVerifier;
import io.irflow.webex.webhook.WebhookController;
import io.irflow.webex.webhook.WebhookRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;

/** The composition root: the only place that builds irflow's object graph, by constructors, from the config. */
public final class AppWiring {
    private static final Logger LOG = LoggerFactory.getLogger(AppWiring.class);
    static final String WEBHOOK_PATH = "/webhooks/webex";

    private AppWiring() {
    }

    /** A started bot; closing it stops the server and the workers. */
    public record Bot(HttpServer server, EventIntake intake, WebexClient webex, Person me) implements AutoCloseable {
        /** The port the webhook endpoint listens on. */
        public int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.close();
            intake.close();
            webex.close();
        }
    }

    /**
     * Builds and starts the bot: checks the token ({@code GET /people/me}), starts the HTTP server, then registers
     * the webhooks when {@code server.public_url} is set.
     *
     * @throws IllegalStateException when the config cannot run (missing token or secret) or the token is refused
     */
    public static Bot start(AppConfig config, Tuning tuning) {
        AppConfig.Webex wx = config.webex();
        if (wx.token() == null) {
            throw new IllegalStateException("webex.token is required to run the bot");
        }
        if (wx.webhookSecret() == null && !wx.allowUnsigned()) {
            throw new IllegalStateException("webex.webhook_secret is required (or set webex.allow_unsigned: true, "
                    + "which lets anyone who finds the URL drive the bot)");
        }
        WebexClient webex = new WebexClient(wx.url(), wx.token().reveal(), tuning.webexRetry());
        Person me;
        try {
            me = webex.me();
        } catch (RuntimeException e) {
            webex.close();
            throw new IllegalStateException("cannot identify the bot with GET /people/me: " + e.getMessage(), e);
        }
        LOG.info("bot identity: {} <{}>", me.displayName(), me.email());

        Router router = new Router();
        HelpCommand help = new HelpCommand(router, config.enabledProducts());
        router.command(help.command()).whenEmpty(help::handle);

        ChatService chat = new ChatService(webex, router, new MentionStripper(me.id(), me.displayName()), me.id());
        EventIntake intake = new EventIntake(new EventIntake.BotIdentity(me.id(), me.email()),
                new HashSet<>(wx.allowedRooms()), chat, tuning.workers(), tuning.queueCapacity(), tuning.dedupeWindow());
        SignatureVerifier verifier = wx.webhookSecret() == null ? null : new SignatureVerifier(wx.webhookSecret().reveal());
        if (verifier == null) {
            LOG.warn("webex.allow_unsigned is true: webhook signatures are NOT verified");
        }
        HttpServer server = new HttpServer("0.0.0.0", config.server().port(), new WebhookController(verifier, intake),
                new Readiness(webex, Clock.systemUTC()));
        server.start();
        Bot bot = new Bot(server, intake, webex, me);
        String publicUrl = config.server().publicUrl();
        if (publicUrl != null) {
            String target = publicUrl.replaceAll("/+$", "") + WEBHOOK_PATH;
            try {
                WebhookRegistrar.Result r = new WebhookRegistrar(webex).ensure(target,
                        wx.webhookSecret() == null ? null : wx.webhookSecret().reveal());
                LOG.info("webhooks at {}: {} created, {} updated, {} deleted, {} kept", target, r.created(), r.updated(),
                        r.deleted(), r.kept());
            } catch (RuntimeException e) {
                bot.close();
                throw new IllegalStateException("could not register webhooks at " + target + ": " + e.getMessage(), e);
            }
        } else {
            LOG.info("server.public_url not set: register webhooks to {} yourself (see README)", WEBHOOK_PATH);
        }
        return bot;
    }

    /** Names of enabled products, for logs and help. */
    static List<String> enabled(AppConfig config) {
        return config.enabledProducts();
    }
}

package io.irflow.app;

import io.irflow.cards.StatusCard;
import io.irflow.chat.ChatService;
import io.irflow.chat.MentionStripper;
import io.irflow.chat.PersonDirectory;
import io.irflow.chat.RoomRule;
import io.irflow.config.AppConfig;
import io.irflow.metrics.Metrics;
import io.irflow.webex.Person;
import io.irflow.webex.socket.HandledEventStore;
import io.irflow.webex.webhook.EventIntake;
import io.irflow.webex.webhook.IntakeStore;
import io.irflow.webex.webhook.SignatureVerifier;
import io.irflow.webex.webhook.WebhookController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The third stage: how Webex events reach the router and who answers HTTP. The chat service, the event intake, the
 * event socket (websocket mode) or the webhook controller (webhook mode), readiness, and the HTTP server with all its
 * routes. Nothing listens yet: {@link AppWiring} starts the server once the commands are registered.
 *
 * @param socket     the event socket while this instance leads, or null in webhook mode
 * @param connection the Webex connection as {@code /status} and {@code GET /connection} show it
 */
record Transport(HttpServer server, EventIntake intake, LeadingSocket socket,
                 Supplier<StatusCard.Connection> connection)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    static Transport build(Core core, Features features) {
        AppConfig config = core.config();
        AppConfig.Webex wx = config.webex();
        Person me = core.me();
        RoomRule rooms = new RoomRule(wx.irtRoom(), wx.allowedRooms(),
                room -> features.incidents().inRoom(room).isPresent());
        ChatService chat = new ChatService(core.webex(), core.router(), new MentionStripper(me.id(), me.displayName()),
                me.id(), new PersonDirectory(core.webex()), rooms, core.access(), core.clock());
        Tuning tuning = core.tuning();
        EventIntake intake = new EventIntake(new EventIntake.BotIdentity(me.id(), me.email()), chat,
                new IntakeStore(core.database().dataSource(), core.clock()), tuning.workers(), tuning.queueCapacity(),
                tuning.intake(), core.clock(), core.metrics());
        core.metrics().intakeBacklog(() -> {
            IntakeStore.Backlog b = intake.backlog();
            return new Metrics.Backlog(b.waiting(), b.oldestTakenAt());
        }, core.clock());
        core.metrics().processingLimit(intake::processingLimit);
        LeadingSocket socket = null;
        WebhookController webhooks = null;
        Readiness readiness;
        if (wx.websocket()) {
            HandledEventStore handled = new HandledEventStore(core.database().dataSource());
            socket = new LeadingSocket(() -> SocketWiring.socket(wx, core.webex(), me, handled, intake, rooms::listed,
                    core.outbound(), tuning, core.clock()));
            LeadingSocket events = socket;
            readiness = new Readiness(core.webex(), core.database(), core.clock(), () -> SocketWiring.readiness(events));
            LOG.info("webex.mode is websocket: events arrive over Webex's event socket; POST {} is off{}",
                    HttpServer.WEBHOOK_PATH, config.server().publicUrl() == null ? ""
                            : " and server.public_url is not used (no webhooks are registered)");
        } else {
            SignatureVerifier verifier = wx.webhookSecret() == null ? null
                    : new SignatureVerifier(wx.webhookSecret().reveal());
            if (verifier == null) {
                LOG.warn("webex.allow_unsigned is true: webhook signatures are NOT verified");
            }
            webhooks = new WebhookController(verifier, intake);
            readiness = new Readiness(core.webex(), core.database(), core.clock());
        }
        readiness.start(core.threads().scheduled("irflow-readiness", 1));
        Alerting alerting = features.alerting();
        LeadingSocket events = socket;
        Supplier<StatusCard.Connection> connection = () -> SocketWiring.connection(wx, events, intake, core.outbound());
        HttpServer server = new HttpServer(tuning.bindHost(), config.server().port(), new HttpServer.Routes(webhooks,
                alerting == null || alerting.inbound() == null ? null : alerting.inbound()::handle, readiness,
                connection, core.metrics()::scrape));
        return new Transport(server, intake, socket, connection);
    }

    /** Stops the socket, the server and the intake's workers. */
    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
        server.close();
        intake.close();
    }
}

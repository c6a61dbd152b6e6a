package io.irflow.app;

import io.irflow.cards.StatusCard;
import io.irflow.config.AppConfig;
import io.irflow.net.Outbound;
import io.irflow.webex.Person;
import io.irflow.webex.WebexClient;
import io.irflow.webex.socket.ActivityMapper;
import io.irflow.webex.socket.CatchUp;
import io.irflow.webex.socket.Devices;
import io.irflow.webex.socket.HandledEventStore;
import io.irflow.webex.socket.SocketEvents;
import io.irflow.webex.socket.WebexSocket;
import io.irflow.webex.webhook.EventIntake;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Predicate;

/** Builds websocket mode's parts (device, mapper, catch-up, socket) and describes the Webex connection for status. */
final class SocketWiring {
    private SocketWiring() {
    }

    /** The event socket, not yet started; {@code serves} says which group rooms the catch-up reads (1:1 rooms always). */
    static WebexSocket socket(AppConfig.Webex wx, WebexClient webex, Person me, HandledEventStore handled, EventIntake intake,
                              Predicate<String> serves, Outbound outbound, Tuning tuning, Clock clock) {
        Devices devices = new Devices(webex, wx.u2cUrl(), wx.deviceName(), AppWiring.version());
        SocketEvents events = new SocketEvents(new ActivityMapper(webex, devices::links, me.id(), me.email()),
                new CatchUp(webex, me.id(), serves, handled::hasMessage), handled, intake, tuning.socket(), clock);
        return new WebexSocket(devices, events, outbound.httpClient(Duration.ofSeconds(10)).build(), wx.token().reveal(),
                outbound.describe(), tuning.socket(), clock);
    }

    /** For {@code /readyz}: "ok" while connected or standing by (another instance leads), the state otherwise. */
    static String readiness(LeadingSocket leading) {
        WebexSocket socket = leading.current();
        if (socket == null) {
            return "ok";
        }
        WebexSocket.State state = socket.status().state();
        return state == WebexSocket.State.CONNECTED ? "ok" : state.name().toLowerCase(Locale.ROOT);
    }

    /** The Webex connection as {@code /status} and {@code GET /connection} show it. */
    static StatusCard.Connection connection(AppConfig.Webex wx, LeadingSocket leading, EventIntake intake,
                                            Outbound outbound) {
        if (leading == null) {
            return new StatusCard.Connection("webhook", "receiving POST " + HttpServer.WEBHOOK_PATH,
                    intake.lastAccepted() == null ? null : intake.lastAccepted().truncatedTo(ChronoUnit.SECONDS).toString(),
                    0, outbound.describe());
        }
        WebexSocket socket = leading.current();
        if (socket == null) {
            return new StatusCard.Connection("websocket", "standby: another instance leads and holds the event socket",
                    null, 0, outbound.describe());
        }
        WebexSocket.Status s = socket.status();
        String state = switch (s.state()) {
            case CONNECTED -> "connected since " + s.connectedSince().truncatedTo(ChronoUnit.SECONDS);
            case WAITING -> "disconnected, reconnecting";
            case STARTING, CONNECTING -> "connecting";
            case STOPPED -> "stopped";
        };
        return new StatusCard.Connection("websocket", state + " (device '" + wx.deviceName() + "')",
                s.lastEventAt() == null ? null : s.lastEventAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                s.reconnects(), s.proxy());
    }
}

package io.irflow.sandbox.webex;

import io.irflow.app.AppWiring;
import io.irflow.app.Tuning;
import io.irflow.config.AppConfig;
import io.irflow.config.ConfigException;
import io.irflow.app.Products;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.irflow.sandbox.SandboxServer;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Webex stand-in and the chat page on one loopback server, and the real bot (no products) on a second port, the
 * stand-in delivering webhooks to it: the demo minus simulators.
 */
final class StandInBot implements AutoCloseable {
    final DemoCredentials creds = DemoCredentials.forRun(UUID.randomUUID().toString());
    final WebexStandIn webex = new WebexStandIn(Company.acme(), creds, Clock.systemUTC());
    final ChatPage page = new ChatPage(webex);
    final SandboxServer server;
    final AppWiring.Bot bot;

    /** Starts the stand-in and the page on the port (0 for any free port), the bot on a free port of loopback. */
    StandInBot(int port, Tuning tuning) {
        server = new SandboxServer(port, List.of(webex, page));
        try {
            bot = AppWiring.start(config(server.port(), SandboxServer.freePort()), tuning.withBindHost(SandboxServer.HOST));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    private AppConfig config(int port, int botPort) {
        String yaml = """
                server:
                  port: %d
                  public_url: "http://127.0.0.1:%d"
                webex:
                  url: "http://127.0.0.1:%d%s"
                  token: "%s"
                  webhook_secret: "%s"
                  irt_room: "%s"
                security:
                  responders: ["alice@acme.example", "bob@acme.example"]
                  analysts: ["@acme.example"]
                storage:
                  url: "jdbc:h2:mem:irflow-standin-%s;DB_CLOSE_DELAY=-1"
                """.formatted(botPort, botPort, port, WebexStandIn.PREFIX, creds.webexToken(), creds.webhookSecret(),
                webex.irtRoomId(), UUID.randomUUID());
        try {
            return Products.configLoader(Map.of()).parse(yaml);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        bot.close();
        server.close();
        page.close();
        webex.close();
    }
}

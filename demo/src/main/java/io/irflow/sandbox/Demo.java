package io.irflow.sandbox;

import io.irflow.app.AppWiring;
import io.irflow.app.Tuning;
import io.irflow.config.AppConfig;
import io.irflow.config.ConfigException;
import io.irflow.app.Products;
import io.irflow.sandbox.sim.ProductSimulators;
import io.irflow.sandbox.webex.ChatPage;
import io.irflow.sandbox.webex.WebexStandIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Demo mode: the real bot against simulators of every product and a local stand-in for Webex, with the chat page at
 * {@code /}. The simulators, the stand-in and the page share one port ({@link SandboxServer}); the bot, started as
 * {@code run} starts it, listens on a second one, and the stand-in delivers signed webhooks to it there. No
 * credentials, no network: everything listens on loopback and talks over HTTP exactly as production does.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    private final SandboxServer sandbox;
    private final AppWiring.Bot bot;
    private final WebexStandIn webex;
    private final ChatPage page;

    private Demo(SandboxServer sandbox, AppWiring.Bot bot, WebexStandIn webex, ChatPage page) {
        this.sandbox = sandbox;
        this.bot = bot;
        this.webex = webex;
        this.page = page;
    }

    /** Starts the demo with the chat page on a port (0 picks a free one), events reaching irflow by signed webhooks. */
    public static Demo start(int port) {
        return start(port, false);
    }

    /**
     * Starts the demo with the chat page, simulators and Webex stand-in on a port (0 picks a free one), and the bot
     * on a free port of loopback.
     *
     * @param websocket irflow runs with {@code webex.mode: websocket}: it registers a device in the stand-in and
     *                  receives events on its event socket instead of webhooks (no public URL, no webhook secret)
     */
    public static Demo start(int port, boolean websocket) {
        Clock clock = Clock.systemUTC();
        Company company = Company.acme();
        byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        DemoCredentials creds = DemoCredentials.forRun(HexFormat.of().formatHex(secret));
        ProductSimulators sims = new ProductSimulators(company, creds, clock);
        WebexStandIn webex = new WebexStandIn(company, creds, clock);
        ChatPage page = new ChatPage(webex);
        SandboxServer sandbox = null;
        try {
            sandbox = new SandboxServer(port, List.of(sims, webex, page));
            String root = sandbox.root();
            AppConfig config = config(root, SandboxServer.freePort(), websocket, company, creds, webex.irtRoomId(),
                    ProductSimulators.baseUrls(root));
            AppWiring.Bot bot = AppWiring.start(config, Tuning.defaults().withBindHost(SandboxServer.HOST));
            return new Demo(sandbox, bot, webex, page);
        } catch (RuntimeException e) {
            if (sandbox != null) {
                sandbox.close();
            }
            webex.close();
            page.close();
            throw e;
        }
    }

    /** The chat page's address. */
    public String url() {
        return "http://localhost:" + sandbox.port() + "/";
    }

    /** The port of the chat page, the simulators and the Webex stand-in. */
    public int port() {
        return sandbox.port();
    }

    /** The bot the demo runs (it listens on loopback, on its own port). */
    public AppWiring.Bot bot() {
        return bot;
    }

    /**
     * The bot's config.
     *
     * @param root    the sandbox's base URL (simulators, Webex stand-in)
     * @param botPort the port the bot listens on; its public URL, where the stand-in delivers webhooks, is there
     */
    static AppConfig config(String root, int botPort, boolean websocket, Company company, DemoCredentials c,
                            String irtRoom, Map<String, String> urls) {
        StringBuilder y = new StringBuilder();
        y.append("server:\n  port: ").append(botPort).append("\n");
        if (!websocket) {
            y.append("  public_url: \"http://").append(SandboxServer.HOST).append(":").append(botPort).append("\"\n");
        }
        y.append("webex:\n  url: \"").append(root).append(WebexStandIn.PREFIX).append("\"\n  token: \"").append(c.webexToken())
                .append("\"\n  irt_room: \"").append(irtRoom).append("\"\n");
        if (websocket) {
            y.append("  mode: websocket\n  u2c_url: \"").append(root).append(WebexStandIn.U2C_PREFIX).append("\"\n");
        } else {
            y.append("  webhook_secret: \"").append(c.webhookSecret()).append("\"\n");
        }
        y.append("security:\n  responders: [").append(String.join(", ", company.responderEmails())).append("]\n");
        y.append("  analysts: [").append(String.join(", ", company.analystEmails())).append("]\n");
        y.append("alerts:\n  poll_interval: 5s\n  lookback: 1h\n  never_quarantine: [\"SRV-*\", \"web01\"]\n");
        y.append("storage:\n  url: \"jdbc:h2:mem:irflow-demo-").append(UUID.randomUUID()).append(";DB_CLOSE_DELAY=-1\"\n");
        section(y, "amp4e", urls, "client_id", c.ampClientId(), "api_key", c.ampApiKey(), "file_list_guid",
                ProductSimulators.ampBlockListGuid());
        section(y, "investigate", urls, "token", c.investigateToken());
        section(y, "umbrella", urls, "customer_key", c.umbrellaCustomerKey());
        section(y, "threatgrid", urls, "api_key", c.threatGridKey());
        if (urls.containsKey("ise")) {
            y.append("ise:\n  url: \"").append(urls.get("ise")).append("\"\n  mnt_url: \"").append(urls.get("ise.mnt_url"))
                    .append("\"\n  username: \"").append(c.iseUser()).append("\"\n  password: \"").append(c.isePassword())
                    .append("\"\n  anc_policy: Quarantine\n");
        }
        section(y, "threatresponse", urls, "client_id", c.trClientId(), "client_secret", c.trClientSecret());
        section(y, "cognitive", urls, "feed", "acme-feed", "username", c.cognitiveUser(), "password", c.cognitivePassword());
        section(y, "cmx", urls, "username", c.cmxUser(), "password", c.cmxPassword());
        section(y, "virustotal", urls, "api_key", c.virusTotalKey(), "requests_per_minute", "1000");
        section(y, "servicenow", urls, "username", c.serviceNowUser(), "password", c.serviceNowPassword());
        try {
            return Products.configLoader(Map.of()).parse(y.toString());
        } catch (ConfigException e) {
            throw new IllegalStateException("demo config is invalid: " + e.problems(), e);
        }
    }

    private static void section(StringBuilder y, String name, Map<String, String> urls, String... keyValues) {
        if (!urls.containsKey(name)) {
            return;
        }
        y.append(name).append(":\n  url: \"").append(urls.get(name)).append("\"\n");
        for (int i = 0; i < keyValues.length; i += 2) {
            y.append("  ").append(keyValues[i]).append(": \"").append(keyValues[i + 1]).append("\"\n");
        }
    }

    @Override
    public void close() {
        bot.close();
        sandbox.close();
        webex.close();
        page.close();
    }
}
